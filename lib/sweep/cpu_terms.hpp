#pragma once
// A config's values may name the machine: `cpus` (or `N*cpus`) stands for the CPUs the
// `lab sweep` process may use (its affinity mask, so under Slurm the job's allocation), read
// when the config is read. So one config sweeps 1..N cores on any machine, and a big node
// runs the same file as a laptop. The plan then depends on the machine reading it: every
// shard of a sweep must read it on the same CPU count (docs/config.md says so).
//
//   sweep.workers = 1..4*cpus x2     1, 2, 4, ... up to 4 x the CPUs (oversubscribed at the top)
//   set.tasks = lcm(workers)         the least common multiple of the swept workers: the
//                                    smallest task count every worker count divides
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lab {

// "cpus" -> cpus, "N*cpus" -> N x cpus, as decimal text; nullopt for anything else (the term
// is left as written). Throws usage_error for a malformed multiple ("0*cpus", "x*cpus").
std::optional<std::string> cpu_term(std::string_view term, int cpus);

// Whether a value names the CPUs anywhere (a term, a range bound).
bool names_cpus(std::string_view value);

// KEY of a value "lcm(KEY)", else nullopt.
std::optional<std::string> lcm_reference(std::string_view value);

// The least common multiple of the positive integers among `values` (0, "one unit per task",
// is left out), as text. Throws usage_error when a value is not an integer, none is positive,
// or the result passes 2^31.
std::string lcm_text(const std::vector<std::string>& values);

}  // namespace lab
