// The catalog entry of scenario `switch` (lib/scenario/switch.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info switch_info() {
  return {
      .name = scenario_names::switch_,
      .label = "a hand-off between two units",
      .workload_class = workload_class_names::many_units,
      .ideal = "none: metrics.switch_ns is the time of one one-way hand-off",
      .primary = {.key = k::switch_ns,
                  .label = "time per one-way hand-off",
                  .per = " per hand-off",
                  .superlative = "cheapest",
                  .comparative = "cheaper",
                  .serial_is_floor = true,
                  .peak_memory_matters = false,
                  .lead_metrics = {k::mechanism, k::ctx_switches_per_handoff}},
      .metrics = {{k::switch_ns, "", "ns"}, {k::mechanism, "", "text"}, {k::ctx_switches_per_handoff, "", ""}},
      .how_metric = k::mechanism,
  };
}

const register_scenario_info registered{switch_info};

}  // namespace

}  // namespace lab
