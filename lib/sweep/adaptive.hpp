#pragma once
// Adaptive repetitions (reps = auto): which runs of an experiment's later rounds are still
// needed. The plan holds max_reps rounds; from round min_reps on, a point runs only while its
// comparison with the best variant at the same sweep value is open (stats/sequential.hpp:
// a difference at Pocock's per-look level, or equivalence within ±2%), and no round starts
// once the experiment has spent its budget. Decisions are taken at round boundaries, from
// every run recorded so far, so a round's shuffle still interleaves the points it runs.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "record/record.hpp"
#include "sweep/plan.hpp"

namespace lab {

// The figure adaptive rounds compare a run on: the scenario's primary measure; none for a
// failed run or one that did not measure it.
std::optional<double> adaptive_measure(const record& r);

class adaptive_rounds {
 public:
  // Whether to run this entry. Entries of fixed-reps experiments always run.
  bool wanted(const plan_entry& e);
  // A run of the entry ended with this record, after `seconds` (its warm-ups included).
  void recorded(const plan_entry& e, const record& r, double seconds);
  // An entry a results file already holds (--resume), in its place in the plan: the rounds
  // decide as they did when it ran, so a finished sweep resumed runs nothing.
  void replay(const plan_entry& e, bool ok, std::optional<double> measure, double seconds);
  // Entries `wanted` turned down.
  std::size_t skipped() const { return skipped_; }

 private:
  struct point_state {
    std::string model;
    boost::json::object params;
    std::vector<double> values;  // the primary measure of its successful runs
    std::vector<int> rounds;     // the round of each value, for pairing
    std::size_t failed = 0;
    bool done = false;
  };
  struct experiment_state {
    std::map<std::string, point_state> points;  // by plan point key
    int round = -1;
    double spent_s = 0;
  };
  void close_rounds(experiment_state& x, const plan_entry& e);
  void advance(experiment_state& x, const plan_entry& e);

  std::map<std::string, experiment_state> experiments_;
  std::size_t skipped_ = 0;
};

}  // namespace lab
