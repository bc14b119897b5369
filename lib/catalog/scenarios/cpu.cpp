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
      .amdahl = true,
      .cpu_work = true,
  };
}

const register_scenario_info registered{cpu_info};

}  // namespace

}  // namespace lab
