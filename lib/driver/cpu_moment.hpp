#pragma once
// One moment of the CPU comparison (check/cpu_moments.hpp): the check's CPU-bound work (the
// catalog's first CPU-bound check item, in the baseline model's executable: the kernel every
// model runs) started on every usable CPU at once, one pinned child process per CPU, all
// released together. Run together, the CPUs share the moment's host, so their ratio is the
// CPUs' and not the moment's.
#include <string>
#include <vector>

#include "driver/run_point.hpp"

namespace lab {

// The request each CPU runs (its cpu unset); throws when the catalog has no CPU-bound item.
run_request cpu_moment_request();

// One record per usable CPU (none with fewer than two), each with `cpu` and rep = moment.
std::vector<record> run_cpu_moment(int moment, const std::string& bin_dir);

}  // namespace lab
