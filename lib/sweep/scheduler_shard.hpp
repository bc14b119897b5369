#pragma once
// `--shard auto` and `--shard auto/N`: the shard a scheduler gave this process, read from
// its environment, so one job script serves every task of an array.
//
//   Slurm job array (sbatch --array=A-B[:S]): K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN)
//   / SLURM_ARRAY_TASK_STEP, N = SLURM_ARRAY_TASK_COUNT. An array whose IDs are not evenly
//   spaced (--array=0,3,5) has no such mapping and is refused: its tasks would not cover the plan.
//   GNU parallel: K = PARALLEL_SEQ - 1 (parallel counts its jobs from 1), N as given in
//   `auto/N`: parallel does not say how many jobs it will run.
// With `auto/N` under Slurm, N must equal the array's task count.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "sweep/plan.hpp"

namespace lab {

// The variable's value, or nullopt where it is not set.
using environment_lookup = std::function<std::optional<std::string>(const char* name)>;
environment_lookup process_environment();

// "K/N", "auto", "auto/N" or "" (the whole plan). Throws usage_error with the reason: no
// scheduler's variables set, both Slurm's and parallel's, an uneven array, K past N.
shard resolve_shard(std::string_view text, const environment_lookup& env);

}  // namespace lab
