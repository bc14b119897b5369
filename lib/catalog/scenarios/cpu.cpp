// The catalog entry of scenario `cpu` (lib/scenario/cpu.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

scenario_info cpu_info() {
  return {
      .name = scenario_names::cpu,
      .label = "CPU sums",
      .workload_class = workload_class_names::cpu_bound,
      .ideal = "measured task CPU time summed / min(parallelism, cpus); async on one loop thread: the sum",
      .primary = wall_time(),
      .metrics = {{metric_keys::ns_per_sample, "", "ns"}},
      .amdahl = amdahl_axes{.workers = "workers", .tasks = "tasks"},
      .cpu_work = true,
      // About 45 ms a run: long beside process start-up, short enough for a check of seconds.
      .check_items = {{.name = "cpu-uniform",
                       .what = "one task summing uniform samples",
                       .unit = "ns/sample",
                       .cpu_bound = true,
                       .work = {{"tasks", "1"}, {"workers", "1"}, {"dist", "uniform"}, {"samples", "50000000"}},
                       .figure = metric_keys::ns_per_sample},
                      {.name = "cpu-gauss",
                       .what = "one task summing Gaussian samples",
                       .unit = "ns/sample",
                       .cpu_bound = true,
                       .work = {{"tasks", "1"}, {"workers", "1"}, {"dist", "gauss"}, {"samples", "6000000"}},
                       .figure = metric_keys::ns_per_sample}},
  };
}

const register_scenario_info registered{cpu_info};

}  // namespace

}  // namespace lab
