#pragma once
// Where a run's time went, in words: a variant short of the ideal (below 95% efficiency) is
// told with the kernel's accounting of its units (record::sched, measure/unit_sched.hpp): how
// long they waited for a CPU, whether the kernel put them on one, how long starting them took.
#include <optional>
#include <string>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

// Below this efficiency a variant's shortfall is told.
inline constexpr double told_below_efficiency = 0.95;

// The run's breakdown, or nullopt where it has no accounting, ideal or run time.
std::optional<time_breakdown> breakdown_of(const record& r);

// "threads reached 65% of the ideal (120 ms against 78 ms): its 2 threads waited 38 ms for a
// CPU though there were 2 CPUs (the kernel started both on CPU 1); 3 ms from the first start
// to the last". `cpus`: the machine's.
std::string shortfall_words(const std::string& who, const std::string& unit_name, const time_breakdown& b, int cpus);

// A paragraph and a list for the experiment's variants short of the ideal; empty when none.
std::vector<block> time_went_blocks(const analysed_experiment& e);

}  // namespace lab::report
