// The catalog entry of scenario `mixed` (lib/scenario/mixed.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info mixed_info() {
  return {
      .name = scenario_names::mixed,
      .label = "a request beside a local sum",
      .workload_class = workload_class_names::mixed_work,
      .ideal = "max(S, L) with S the request's measured time and L the local sum's CPU time; serial: S + L",
      .primary = wall_with({k::server_s, k::local_s}),
      .metrics = {{k::server_s, "", "s"}, {k::local_s, "", "s"}},
      .cpu_work = true,
  };
}

const register_scenario_info registered{mixed_info};

}  // namespace

}  // namespace lab
