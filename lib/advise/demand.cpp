#include "advise/demand.hpp"

#include <cmath>

namespace lab::advise {

double cpu_seconds(const step& s, const machine_costs& costs) {
  return s.seconds > 0 ? s.seconds : static_cast<double>(s.samples) * costs.ns_per_sample * 1e-9;
}

double yield_seconds(const task_demand& d, const machine_costs& costs) { return d.yield_every * costs.ns_per_sample * 1e-9; }

namespace {

void add_step(task_demand& d, const step& s, const machine_costs& costs) {
  const double n = static_cast<double>(s.repeat);
  const double cpu = cpu_seconds(s, costs);
  switch (s.kind) {
    case step_kind::cpu: d.cpu_s += n * cpu; break;
    case step_kind::locked_cpu: d.locked_s += n * cpu; break;
    case step_kind::request:
      d.requests += n;
      d.wait_s += n * static_cast<double>(s.delay_ms) * 1e-3;
      d.request_s += n * static_cast<double>(s.delay_ms) * 1e-3;
      break;
    case step_kind::compute:
      d.requests += n;
      d.server_samples += n * static_cast<double>(s.samples);
      break;
    case step_kind::sleep:
      d.sleeps += n;
      d.wait_s += n * s.seconds;
      break;
    case step_kind::memory: d.memory_kib += n * static_cast<double>(s.kib); break;  // each holds its block
  }
}

}  // namespace

task_demand demand_of(const task_kinds& kinds, const machine_costs& costs) {
  task_demand total;
  for (const auto& kind : kinds)
    for (const auto& s : kind) add_step(total, s, costs);
  total.kinds = kinds;
  const double k = kinds.empty() ? 1.0 : static_cast<double>(kinds.size());
  for (double* f : {&total.cpu_s, &total.locked_s, &total.requests, &total.sleeps, &total.wait_s, &total.request_s,
                    &total.server_samples, &total.memory_kib})
    *f /= k;
  return total;
}

task_kinds as_run(task_kinds kinds, double ns_per_sample) {
  if (ns_per_sample <= 0) return kinds;
  for (auto& kind : kinds)
    for (auto& s : kind)
      if (s.cpu_as_time()) {
        s.samples = static_cast<std::uint64_t>(std::llround(s.seconds * 1e9 / ns_per_sample));  // as profile_prepare does
        s.seconds = 0;
      }
  return kinds;
}

task_demand demand_of(std::string_view steps, const machine_costs& costs) {
  return demand_of(parse_task_kinds(steps), costs);
}

}  // namespace lab::advise
