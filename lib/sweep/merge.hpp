#pragma once
// `lab merge`: the shards of one sharded sweep (lab sweep --shard) joined into one results file,
// after checking that they are shards of one sweep: every record carries a shard of the same N and
// the same whole-plan hash (sweep_plan), every experiment the same plan, every record the same
// lab_version, no run in two places, every shard 0..N-1 present. Anything else is refused with the
// reason (usage_error) before --out is touched: the shard files are only read.
//
// Why a step of its own and not `lab report`: a report reads results of any origin side by side
// (several sweeps, several machines); joining shards is the one place where records must be of a
// single plan, and the merged file is what gets archived.
#include <cstddef>
#include <string>
#include <vector>

namespace lab {

struct merge_settings {
  std::vector<std::string> shards;  // one results file per shard
  std::string out;                  // the merged file; written whole (a temporary renamed over it)
  bool fresh = false;               // replace --out if it exists
};

struct merge_summary {
  std::size_t files = 0;
  std::size_t records = 0;
  std::size_t shards = 0;           // N
  std::size_t unreadable = 0;       // lines no record (a line an interrupted task tore): not copied
  std::string first_unreadable;     // "FILE line N: why"
  std::string lab_version;
  std::vector<std::string> hosts;   // where the shards ran, sorted
};

merge_summary merge_shards(const merge_settings& s);

// "merged 2 shards (4 runs, host a, b) into OUT" and what was skipped.
std::string describe(const merge_summary& m, const merge_settings& s);

}  // namespace lab
