// The catalog entry of scenario `reference` (lib/scenario/reference.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

scenario_info reference_info() {
  return {
      .name = scenario_names::reference,
      .label = "stress-ng's figures",
      .ideal = "none: metrics.<stressor>_ns_per_op = 1e9 / bogo-ops per second of wall time, beside the lab's own "
               "figures",
      .primary = wall_time(),
  };
}

const register_scenario_info registered{reference_info};

}  // namespace

}  // namespace lab
