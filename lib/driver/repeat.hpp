#pragma once
// `lab run`: one point, repeated. A fixed count, or auto: from 3 to 30 runs, until the 95%
// interval of the median of the scenario's measure lies within ±2% of it.
#include <functional>
#include <string>

#include "driver/run_point.hpp"

namespace lab {

// reps = 0 means auto. Each record goes to `out` as soon as it is measured. With a trace_dir,
// every run also writes its timeline there (trace_file_name). `stop_requested` is asked
// before each run; a run that fails once a stop was requested was most likely cut short by
// it and is not given to `out` (as in a sweep). Returns false when it stopped early.
bool run_repeated(const run_request& req, int reps, const std::string& bin_dir, const std::string& trace_dir,
                  const std::function<void(const record&)>& out, const std::function<bool()>& stop_requested = {});

}  // namespace lab
