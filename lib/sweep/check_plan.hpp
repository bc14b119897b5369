#pragma once
// What `lab check` runs, and what every `lab sweep` runs first: the fairness items
// (check/fairness.hpp) in every model, procs both ways, as experiments of their own
// ("check:ITEM"), so they interleave, shuffle and record like any other.
#include <functional>
#include <string>
#include <vector>

#include "sweep/config.hpp"
#include "sweep/plan.hpp"

namespace lab {

// Rounds enough to resolve a 2% gap on this kind of machine: nine runs a variant give a
// Mann-Whitney p near 1e-4 at complete separation and a median steady to about 1%.
inline constexpr int default_check_reps = 9;

std::vector<experiment> check_experiments(int reps = default_check_reps);

// Where each check run goes: round r on the r-th usable CPU, in turn, every model of a round
// on the same one. CPUs of one machine can differ in speed, and the scheduler places one unit
// differently in different models; pinned in turn, every model sees every CPU alike. Whether
// the CPUs differ is not judged from these rounds (they run at different moments, and a shared
// machine's speed moves between them) but from the simultaneous runs below.
void place_check_runs(std::vector<plan_entry>& entries);

// The moments of the CPU comparison (check/cpu_moments.hpp): as many as the check's rounds,
// none on a machine with fewer than two usable CPUs; with `recorded` (--resume's run keys),
// those not recorded yet. Each moment runs one child per CPU (driver/cpu_moment.hpp).
std::vector<int> cpu_moments_to_run(int moments, const std::function<bool(const std::string&)>& recorded = {});
// The run keys (sweep/plan.hpp, run_key) of those moments, for --resume to look for.
std::vector<std::string> cpu_moment_keys(int moments);
std::size_t runs_per_cpu_moment();

// One moment's runs, as records of the check's experiment "check:cpus" (round = the moment).
std::vector<record> run_check_moment(int moment, const std::string& bin_dir);

}  // namespace lab
