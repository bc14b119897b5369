// The catalog entry of scenario `yield` (lib/scenario/yield.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info yield_info() {
  return {
      .name = scenario_names::yield,
      .label = "a CPU task beside an I/O task",
      .workload_class = workload_class_names::yielding,
      .ideal = "I/O latency (send to answer read) = io_ms and CPU time = the CPU task alone "
               "(metrics.cpu_baseline_s, measured in the same process); ideal_s = the larger",
      .primary = {.key = k::io_latency_ms,
                  .label = "I/O latency",
                  .per = " I/O latency",
                  .superlative = "most responsive",
                  .comparative = "lower",
                  .peak_memory_matters = false,
                  .lead_metrics = {k::io_ideal_ms, k::cpu_slowdown, k::yields, k::ns_per_yield}},
      .metrics = {{k::io_latency_ms, "I/O latency", "ms"},
                  {k::io_ideal_ms, "", "ms"},
                  {k::cpu_s, "CPU task time", "s"},
                  {k::cpu_slowdown, "", ""},
                  {k::ns_per_yield, "Cost of one yield", "ns"}},
      .axis_params = {"yield_every"},
  };
}

const register_scenario_info registered{yield_info};

}  // namespace

}  // namespace lab
