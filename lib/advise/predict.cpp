#include "advise/predict.hpp"

#include <algorithm>
#include <cmath>

#include "advise/sim_task.hpp"
#include "catalog/models.hpp"
#include "core/error.hpp"
#include "report/advice.hpp"
#include "report/format.hpp"

namespace lab::advise {

std::string variant::label() const { return report::variant_label(model, cpu_pool, loop_threads); }

double client_threads(const variant& v, double units) {
  const auto* m = find_model_info(v.model);
  if (!m || m->parallel_param.empty()) return 1;
  if (m->parallel_param == "loop_threads") return v.loop_threads;
  return units;
}

namespace {

namespace fmt = report::fmt;

const model_costs& costs_of(const machine_costs& c, const std::string& model) {
  const auto it = c.models.find(model);
  if (it == c.models.end()) throw usage_error("the calibration has no costs for model " + model);
  return it->second;
}

// The client's CPU per task besides its steps: each request's round trip, each sleep's two
// hand-offs (away and back).
double overhead_s(const task_demand& d, const machine_costs& c, const model_costs& mc, const variant& v,
                  double units) {
  const auto& request = d.connections > 0 ? mc.pooled_request_cpu_s : mc.request_cpu_s;
  if (d.requests > 0 && !request)
    throw usage_error("the calibration has no request cost for model " + v.model + " (it did not run io)");
  return d.requests * c.request_cpu_s(mc, d.connections > 0, units) + d.sleeps * 2 * mc.switch_s.value_or(0) +
         mc.task_cpu_s;
}

double server_s(const task_demand& d, const machine_costs& c, double units) {
  return d.requests * c.server_request_cpu_s(d.connections > 0, units) +
         d.server_samples * c.server_ns_per_sample * 1e-9;
}

std::string threads_name(const variant& v, double threads) {
  const auto* m = find_model_info(v.model);
  if (!m || m->parallel_param.empty()) return "its one thread";
  const std::string n = threads == 1 ? "one" : fmt::count(threads);
  if (m->parallel_param == "loop_threads") {
    const std::string what = m->helper_threads_param.empty() ? " carrier thread" : " loop thread";
    return "the " + n + what + (threads == 1 ? "" : "s");
  }
  return "its " + n + (m->one_process ? " thread" : " process") + (threads == 1 ? "" : m->one_process ? "s" : "es");
}

std::vector<station> stations_for(const task_demand& d, const machine_costs& c, const variant& v, double units,
                                  int cpus) {
  const auto& mc = costs_of(c, v.model);
  const double steps = d.cpu_s + d.locked_s + d.memory_kib * c.memory_s_per_kib;
  const double over = overhead_s(d, c, mc, v, units);
  // Work a model's own station carries (its threads, its pool) is not counted at the CPUs
  // again: a task there holds a CPU and the thread at once, and two stations in series would
  // charge it twice. The CPUs keep the rest (the server's part, what runs on every CPU).
  const double threads = client_threads(v, units);
  double at_cpus = steps + over;
  if (v.cpu_pool > 0) at_cpus = (threads < cpus ? 0 : over) + (v.cpu_pool < cpus ? 0 : steps);
  else if (threads < cpus) at_cpus = 0;
  // A fresh connection's accept is served by lab-server's one accepting coroutine: a station of
  // one, its work taken off the CPUs' (it runs on one, which two stations in series would charge twice).
  const double accepts = d.requests * c.accept_s(d.connections > 0, units);
  std::vector<station> s{{"the CPUs", at_cpus + server_s(d, c, units) - accepts, static_cast<double>(cpus)}};
  if (accepts > 0) s.push_back({"the server's acceptor", accepts, 1});
  // A station of as many threads as CPUs is the CPUs themselves: counted once, as the CPUs.
  if (v.cpu_pool > 0) {
    if (threads < cpus) s.push_back({threads_name(v, threads), over, threads});
    if (v.cpu_pool < cpus) s.push_back({"the CPU pool", steps, static_cast<double>(v.cpu_pool)});
  } else if (threads < cpus) {
    s.push_back({threads_name(v, threads), steps + over, threads});
  }
  if (d.locked_s > 0) s.push_back({"the lock", d.locked_s, 1});
  // Requests on a pool hold a connection for their answer's time: a station of `connections`.
  if (d.connections > 0 && d.requests > 0) s.push_back({"the connections", d.request_s, d.connections});
  s.push_back({"waiting (requests, sleeps)", d.connections > 0 ? d.wait_s - d.request_s : d.wait_s, 0});
  return s;
}

double memory_of(const task_demand& d, const model_costs& mc, double units) {
  return units * (mc.mem_per_unit_kib + d.memory_kib);
}

// A run of up to a few million visits is simulated in well under a second; past that the
// steady state stands for it (such a run is long enough to be in it). Counted before the run is
// built: a CPU step on a loop yielding every few samples is thousands of visits.
bool simulable(const task_demand& d, const machine_costs& c, double tasks) {
  return !d.kinds.empty() && tasks * visits_per_task(d, c) <= 5e6;
}

void name_binding(prediction& p) {
  std::size_t top = 0;
  for (std::size_t i = 1; i < p.stations.size(); ++i)
    if (p.network.utilisation[i] > p.network.utilisation[top]) top = i;
  p.binds_at = p.network.utilisation[top];
  p.binds = p.binds_at >= 0.85 ? p.stations[top].name : "too few units in flight (the waits)";
}

}  // namespace

unit_cap units_allowed(const task_demand& d, const machine_costs& costs, const variant& v, const target& t) {
  const auto& mc = costs_of(costs, v.model);
  unit_cap cap;
  auto lower = [&](double units, std::string why) {
    if (!cap.capped || units < cap.units) cap = {std::max(0.0, std::floor(units)), std::move(why), true};
  };
  if (t.memory_kib) lower(*t.memory_kib / std::max(1.0, mc.mem_per_unit_kib + d.memory_kib),
                         "the memory budget (" + report::fmt::kib(*t.memory_kib) + " at " +
                             report::fmt::kib(mc.mem_per_unit_kib + d.memory_kib) + " a unit)");
  // A unit holds one connection while it makes requests; keep 64 descriptors for the rest.
  if (d.requests > 0 && t.open_files > 0) lower(t.open_files - 64, "descriptors (ulimit -n " + report::fmt::count(t.open_files) + ")");
  if (is_kernel_scheduled(v.model)) {
    if (t.processes > 0) lower(t.processes - 64, "processes and threads (ulimit -u " + report::fmt::count(t.processes) + ")");
    if (t.threads > 0) lower(t.threads - 64, "threads (kernel.threads-max " + report::fmt::count(t.threads) + ")");
  }
  return cap;
}

prediction predict(const task_demand& d, const machine_costs& costs, const variant& v, const target& t) {
  prediction p;
  p.v = v;
  const auto& mc = costs_of(costs, v.model);
  const bool one_at_a_time = is_baseline_model(v.model);
  p.units = one_at_a_time ? 1 : t.concurrency.value_or(1);
  if (const auto cap = units_allowed(d, costs, v, t); cap.capped && p.units > cap.units) {
    if (cap.units < 1) throw usage_error(v.label() + " cannot hold one unit within " + cap.why);
    p.reachable = false;
    p.limit = report::fmt::count(p.units) + " units do not fit " + cap.why + ": predicted at " + report::fmt::count(cap.units);
    p.units = cap.units;
  }
  p.stations = stations_for(d, costs, v, p.units, t.cpus);
  p.cpu_per_task_s = d.cpu_s + d.locked_s + d.memory_kib * costs.memory_s_per_kib + overhead_s(d, costs, mc, v, p.units) +
                     server_s(d, costs, p.units);
  if (t.rate && !one_at_a_time) {
    p.network = open_network(p.stations, *t.rate);
    const double in_flight = *t.rate * p.network.response_s;
    if (p.network.saturated || in_flight > p.units) p.network = closed_network(p.stations, p.units);
  } else {
    p.network = closed_network(p.stations, p.units);
  }
  p.throughput = p.network.throughput;
  p.p50_s = p.network.response_s;
  const double busy_units = p.throughput * p.network.residence_s.front();  // at the CPUs, on average
  const double tail = is_kernel_scheduled(v.model) ? costs.tail_at(busy_units / t.cpus) : 1.0;
  p.p99_s = p.p50_s * tail;
  if (t.tasks && !(t.rate && !one_at_a_time) && simulable(d, costs, *t.tasks)) {
    const sim_result s = simulate(simulation_of(d, costs, v, t.cpus, p.units, *t.tasks));
    p.throughput = s.throughput;
    p.p50_s = s.p50_s;
    p.p99_s = std::max(s.p99_s, s.p50_s * tail);  // the kernel's time slicing, beyond first come first served
    p.simulated = true;
    p.tasks = *t.tasks;
  }
  p.memory_kib = memory_of(d, mc, p.units);
  name_binding(p);
  if (!p.reachable) p.binds = p.limit;
  return p;
}

}  // namespace lab::advise
