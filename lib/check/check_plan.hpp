#pragma once
// What `lab check` runs, and what every `lab sweep` runs first: the fairness items
// (check/fairness.hpp) in every model, procs both ways, as experiments of their own
// ("check:ITEM"), so they interleave, shuffle and record like any other.
#include <vector>

#include "sweep/config.hpp"

namespace lab {

// Rounds enough to resolve a 2% gap on this kind of machine: nine runs a variant give a
// Mann-Whitney p near 1e-4 at complete separation and a median steady to about 1%.
inline constexpr int default_check_reps = 9;

std::vector<experiment> check_experiments(int reps = default_check_reps);

}  // namespace lab
