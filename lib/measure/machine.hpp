#pragma once
#include <string>

#include "record/record.hpp"

namespace lab {
// What this machine is and what caps its concurrency, read once per process.
const machine_info& this_machine();

// Why `units` threads or processes at once are more than this machine allows, leaving room
// for the lab's own (kernel.pid_max, kernel.threads-max; ulimit -u unless root), as words
// after "N units ... are each a thread or process, ": "more than ...". "" when they fit.
std::string kernel_units_refusal(unsigned long long units);
}  // namespace lab
