#pragma once
// `lab run`: one point, repeated. A fixed count, or auto: from 3 to 30 runs, until the 95%
// interval of the median of the scenario's measure lies within ±2% of it.
#include <functional>
#include <string>
#include <vector>

#include "driver/run_point.hpp"

namespace lab {

// What the runs measured, for the summary line after them.
struct repeat_outcome {
  std::string measure;          // "run_s" (the time models are compared on) or the scenario's metric key
  std::vector<double> values;   // one per successful run that measured it
  int runs = 0, failed = 0;
  std::string stopped;          // why the runs stopped: "5 runs asked for", "the median's 95% interval ..."
  bool interrupted = false;     // stopped by SIGINT or SIGTERM before the runs asked for
};

// reps = 0 means auto. Each record goes to `out` as soon as it is measured. With a trace_dir,
// every run also writes its timeline there (trace_file_name). `stop_requested` is asked
// before each run; a run that fails once a stop was requested was most likely cut short by
// it and is not given to `out` (as in a sweep); the outcome says it was interrupted.
repeat_outcome run_repeated(const run_request& req, int reps, const std::string& bin_dir, const std::string& trace_dir,
                            const std::function<void(const record&)>& out,
                            const std::function<bool()>& stop_requested = {});

}  // namespace lab
