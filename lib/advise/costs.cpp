#include "advise/costs.hpp"

#include <algorithm>
#include <cmath>

namespace lab::advise {

double machine_costs::tail_at(double units_per_cpu) const {
  double tail = 1;
  for (const auto& p : run_queue)
    if (p.units_per_cpu <= units_per_cpu + 1e-9) tail = std::max(1.0, p.tail);
  return tail;
}

double machine_costs::at_units(double few, double at_scale, double units) const {
  if (!(scale_units > few_units) || units <= few_units) return few;
  const double t = std::min(1.0, std::log(units / few_units) / std::log(scale_units / few_units));
  return few + t * (at_scale - few);
}

double machine_costs::request_cpu_s(const model_costs& m, bool pooled, double units) const {
  if (pooled) return m.pooled_request_cpu_s.value_or(0);
  const double few = m.request_cpu_s.value_or(0);
  return m.request_cpu_at_scale_s ? at_units(few, *m.request_cpu_at_scale_s, units) : few;
}

double machine_costs::server_request_cpu_s(bool pooled, double units) const {
  if (pooled) return server_cpu_per_pooled_request_s;
  return scale_units > 0 ? at_units(server_cpu_per_request_s, server_cpu_per_request_at_scale_s, units)
                         : server_cpu_per_request_s;
}

double machine_costs::accept_s(bool pooled, double units) const {
  if (pooled || server_cpu_per_pooled_request_s <= 0) return 0;
  return std::max(0.0, server_request_cpu_s(false, units) - server_cpu_per_pooled_request_s);
}

machine_costs machine_costs::at_speed(double ns) const {
  machine_costs c = *this;
  if (ns <= 0 || ns_per_sample <= 0) return c;
  const double f = ns / ns_per_sample;
  for (double* x : {&c.ns_per_sample, &c.server_ns_per_sample, &c.server_cpu_per_request_s,
                    &c.server_cpu_per_pooled_request_s, &c.server_cpu_per_request_at_scale_s, &c.memory_s_per_kib})
    *x *= f;
  for (auto& [model, m] : c.models) {
    for (double* x : {&m.spawn_s, &m.start_cpu_s, &m.task_cpu_s}) *x *= f;
    for (auto* x : {&m.switch_s, &m.request_cpu_s, &m.pooled_request_cpu_s, &m.request_cpu_at_scale_s})
      if (*x) **x *= f;
  }
  return c;
}

}  // namespace lab::advise
