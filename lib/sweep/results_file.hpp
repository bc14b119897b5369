#pragma once
// The sweep's JSON Lines file: appended to record by record, read back for --resume.
#include <cstddef>
#include <istream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_set>

namespace lab {

// Appends lines, each with one write() of the whole line and its newline, so whatever
// stops the sweep (an interrupt, a crash) leaves whole lines only. One writer at a time: the
// file is locked (flock, exclusive) while this is open, so two sweeps can never both resume
// one file and run every run twice. No fsync: a record survives the process, not a power cut.
class results_file {
 public:
  // Creates the file and its folder if needed and locks it; truncate: start it anew (once
  // locked). If an earlier writer left a partial last line, the first record appended starts
  // with a newline so it stays whole (nothing is written before a record is). Throws usage_error when it cannot be opened, is not a file (a FIFO
  // would block), or another process holds the lock (naming it).
  results_file(const std::string& path, bool truncate);
  ~results_file();
  results_file(const results_file&) = delete;
  results_file& operator=(const results_file&) = delete;

  // `line` without its newline. Throws std::runtime_error naming the file on a write error.
  void append(std::string_view line);
  // Bytes the file held once opened (and truncated): 0 for a new or fresh file.
  std::size_t size_at_open() const { return size_at_open_; }

 private:
  void write_all(std::string_view bytes);
  std::string path_;
  int fd_ = -1;
  std::size_t size_at_open_ = 0;
  bool torn_tail_ = false;
};

// What --resume needs of a recorded run: adaptive rounds (reps = auto) decide again from it.
struct recorded_run {
  bool ok = false;
  std::optional<double> measure;  // the scenario's primary measure (sweep/adaptive.hpp)
  double seconds = 0;             // what it cost the sweep (sweep_s; wall_s in older records)
};

struct recorded_runs {
  std::map<std::string, recorded_run> keys;  // by run_key, every sweep record, ok or failed
  std::size_t records = 0;      // lines that are records, of a sweep or not
  std::size_t unreadable = 0;   // lines that are no record (what `lab report` skips too)
  std::string first_unreadable; // "line N: why"
  std::map<std::string, std::string> plans;  // experiment -> the plan hash its records carry
  std::string plan_conflict;    // an experiment whose records carry two plan hashes, if any
  std::set<std::string> lab_versions;  // the labs that wrote its records (lab_version), where they say
};

// The runs a results file already holds; a file that does not exist holds none. Records
// without the sweep's keys (e.g. from `lab run --json`) are not runs of any experiment.
// Throws usage_error for a file that exists but cannot be read.
// `wanted`: the run keys to keep (those of the plan being resumed), so memory follows the
// plan, not the file; nullptr keeps every run.
recorded_runs read_recorded_runs(const std::string& path, const std::unordered_set<std::string>* wanted = nullptr);
recorded_runs read_recorded_runs(std::istream& in);

}  // namespace lab
