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
  };
}

const register_scenario_info registered{sleep_info};

}  // namespace

}  // namespace lab
