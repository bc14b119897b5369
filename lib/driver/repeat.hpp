#pragma once
// `lab run`: one point, repeated. A fixed count, or auto: from 3 to 30 runs, until the 95%
// interval of the median of the scenario's measure lies within ±2% of it.
#include <functional>
#include <string>

#include "driver/run_point.hpp"

namespace lab {

// reps = 0 means auto. Each record goes to `out` as soon as it is measured. With a trace_dir,
// every run also writes its timeline there (trace_file_name).
void run_repeated(const run_request& req, int reps, const std::string& bin_dir, const std::string& trace_dir,
                  const std::function<void(const record&)>& out);

}  // namespace lab
