// The catalog entry of scenario `profile` (lib/scenario/profile.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info profile_info() {
  return {
      .name = scenario_names::profile,
      .label = "your workload, step by step",
      .workload_class = workload_class_names::your_workload,
      .ideal = "tasks / the lowest of: usable CPUs / measured CPU per task (the CPU ceiling), 1 / the CPU per task "
               "held under the lock, units in flight / (CPU per task + the steps' nominal waits), connections / the "
               "requests' nominal time per task; open loop: at least the schedule's length + one task",
      .primary = {.key = k::throughput_tps,
                  .lower_is_better = false,
                  .label = "throughput",
                  .per = " tasks/s",
                  .superlative = "highest throughput",
                  .comparative = "higher",
                  .lead_metrics = {k::p99_ms, k::cpu_ms, k::calls_ms, k::queue_ms, k::cpu_ceiling_tps,
                                   k::mem_per_unit_kib}},
      .metrics = {{k::throughput_tps, "Tasks per second", "tasks/s"},
                  {k::p50_ms, "", "ms"},
                  {k::p99_ms, "", "ms"},
                  {k::p999_ms, "", "ms"},
                  {k::cpu_ms, "CPU per task", "ms"},
                  {k::calls_ms, "Time in calls per task", "ms"},
                  {k::calls_over_ms, "Calls beyond their nominal time", "ms"},
                  {k::queue_ms, "Time queued per task", "ms"},
                  {k::wait_cpu_ms, "Queued for a CPU or the lock", "ms"},
                  {k::wait_unit_ms, "Queued for a unit", "ms"},
                  {k::cpu_ceiling_tps, "CPU ceiling (tasks/s)", ""},
                  {k::locked_cpu_ms, "CPU held under the lock per task", "ms"},
                  {k::lock_ceiling_tps, "Lock ceiling (tasks/s)", ""},
                  {k::achieved_concurrency, "", ""},
                  {k::connection_waits, "", ""},
                  {k::mem_peak_kib, "Peak memory", "KiB"}},
      .variant_params = {"cpu_pool"},
      .cpu_work = true,
      .unit_memory = k::mem_per_unit_kib,
  };
}

const register_scenario_info registered{profile_info};

}  // namespace

}  // namespace lab
