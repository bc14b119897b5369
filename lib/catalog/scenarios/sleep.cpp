// The catalog entry of scenario `sleep` (lib/scenario/sleep.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

scenario_info sleep_info() {
  return {
      .name = scenario_names::sleep,
      .label = "sleeps",
      .workload_class = workload_class_names::waits,
      .ideal = "ms x ceil(tasks / workers)",
      .primary = wall_time(),
      .check_items = {{.name = "sleep",
                       .what = "one task sleeping 20 ms",
                       .unit = "ms",
                       .work = {{"tasks", "1"}, {"workers", "1"}, {"ms", "20"}},
                       .figure = metric_keys::max_oversleep_ms,
                       .figure_plus = "ms"}},
  };
}

const register_scenario_info registered{sleep_info};

}  // namespace

}  // namespace lab
