// The catalog entry of scenario `io` (lib/scenario/io.cpp runs it).
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info io_info() {
  return {
      .name = scenario_names::io,
      .label = "round trips to lab-server",
      .workload_class = workload_class_names::waits,
      .ideal = "delay_ms x ceil(requests / concurrency); open loop: at least the schedule's length + delay_ms",
      .primary = wall_with({k::p50_ms, k::p99_ms}),
      .metrics = {{k::p50_ms, "", "ms"},
                  {k::p99_ms, "", "ms"},
                  {k::p99_sent_ms, "", "ms"},
                  {k::achieved_rps, "", ""},
                  {k::cpu_floor_s, "", "s"},
                  {k::server_cpu_s, "", "s"}},
      .request_wait_param = "delay_ms",
      .check_items = {{.name = "request",
                       .what = "one request to lab-server answered after 20 ms",
                       .unit = "ms",
                       .work = {{"requests", "1"}, {"concurrency", "1"}, {"delay_ms", "20"}},
                       .figure = k::p50_ms}},
  };
}

const register_scenario_info registered{io_info};

}  // namespace

}  // namespace lab
