#pragma once
// What `lab check` runs, and what every `lab sweep` runs first: the fairness items
// (check/fairness.hpp) in every model, procs both ways, as experiments of their own
// ("check:ITEM"), so they interleave, shuffle and record like any other.
#include <vector>

#include "sweep/config.hpp"
#include "sweep/plan.hpp"

namespace lab {

// Rounds enough to resolve a 2% gap on this kind of machine: nine runs a variant give a
// Mann-Whitney p near 1e-4 at complete separation and a median steady to about 1%.
inline constexpr int default_check_reps = 9;

std::vector<experiment> check_experiments(int reps = default_check_reps);

// Where each check run goes: round r on the r-th usable CPU, in turn, every model of a round
// on the same one. CPUs of one machine can differ in speed (on the VM this was written on,
// CPU 0 ran the kernel 20% slower than CPU 1), and the scheduler places one unit differently
// in different models; pinned in turn, every model sees every CPU alike, and the check can
// tell a model's bias from a CPU's.
void place_check_runs(std::vector<plan_entry>& entries);

}  // namespace lab
