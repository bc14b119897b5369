#include "advise/calibrate.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "report/advice.hpp"
#include "report/json_fields.hpp"
#include "stats/stats.hpp"

namespace lab::advise {

namespace k = metric_keys;

namespace {

experiment calibration(std::string what, std::string scenario, std::vector<std::string> models, assignments fixed) {
  experiment e;
  e.name = std::string(calibration_prefix) + what;
  e.file = "(lab advise)";
  e.scenario = std::move(scenario);
  e.models = std::move(models);
  e.reps = 1;
  e.timeout = std::chrono::seconds(60);
  e.fixed = std::move(fixed);
  return e;
}

}  // namespace

std::vector<experiment> calibration_experiments(int cpus, int scale_units) {
  using scenario_names::io, scenario_names::profile, scenario_names::spawn, scenario_names::switch_;
  std::vector<experiment> all;
  all.push_back(calibration("spawn", spawn, models_running(spawn), {{"repeat", "1"}}));
  all.push_back(calibration("switch", switch_, models_running(switch_), {{"round_trips", "5000"}}));
  // A profile's request connects anew unless it sets connections: both ways are measured.
  for (const char* connections : {"0", "16"}) {
    auto request = calibration(connections == std::string("0") ? "request" : "request-pooled", io, models_running(io),
                               {{"delay_ms", "0"}, {"concurrency", "16"}, {"connections", connections}});
    request.swept.push_back({"requests", {"1000", "5000"}, 0});
    all.push_back(std::move(request));
  }
  // The same at scale: scale_units in flight, each waiting 20 ms for its answer, so the kernel
  // wakes that many units; the slope between one and three rounds of them.
  // Serial holds one unit whatever the concurrency: it has no scale to measure (and would wait
  // out every request one after another).
  if (scale_units > 16) {
    const std::string n = std::to_string(scale_units);
    auto models = models_running(io);
    std::erase_if(models, [](const std::string& m) { return is_baseline_model(m); });
    auto at_scale = calibration("request-at-scale", io, std::move(models),
                                {{"delay_ms", "20"}, {"concurrency", n}, {"connections", "0"}});
    at_scale.swept.push_back({"requests", {n, std::to_string(3 * scale_units)}, 0});
    all.push_back(std::move(at_scale));
  }
  // A task of a wait and a CPU step, 64 in flight: what a task costs each model beyond its steps
  // and its request (the request's cost at 16 in flight is subtracted when read).
  {
    auto models = models_running(profile);
    std::erase_if(models, [](const std::string& m) { return is_baseline_model(m); });
    all.push_back(calibration("task", profile, std::move(models),
                              {{"steps", "request 20ms, cpu 0.2ms"}, {"tasks", "256"}, {"concurrency", "64"}}));
  }
  all.push_back(calibration("compute", profile, {"serial"},
                            {{"steps", "request compute 20000000"}, {"tasks", "4"}, {"concurrency", "1"}}));
  // A memory step maps, writes and unmaps its block: page faults, about 10 us a page on a VM.
  all.push_back(calibration("memory", profile, {"serial"}, {{"steps", "memory 4MiB"}, {"tasks", "20"}, {"concurrency", "1"}}));
  auto queue = calibration("run-queue", profile, {"threads"}, {{"steps", "cpu 1ms"}, {"tasks", std::to_string(300 * cpus)}});
  queue.swept.push_back({"concurrency", {std::to_string(cpus), std::to_string(2 * cpus), std::to_string(4 * cpus)}, 0});
  all.push_back(std::move(queue));
  return all;
}

bool is_calibration_record(const record& r) {
  return r.experiment && r.experiment->starts_with(calibration_prefix);
}

namespace {

double median_of(std::vector<double> xs) { return xs.empty() ? 0 : stats::median(xs); }

double param_number(const record& r, const char* key) { return report::number_of(r.params, key); }

// A record's CPU figures at the calibration's reference speed: scaled by the reference over the
// speed probed beside it (1 where it has none: a calibration written before the probes).
double at_reference(const record& r, double reference) {
  const double beside = report::speed_beside(r);
  return beside > 0 && reference > 0 ? reference / beside : 1;
}

// The records of one calibration, ok ones only.
std::vector<const record*> of(const std::vector<record>& records, std::string_view what) {
  std::vector<const record*> out;
  for (const auto& r : records)
    if (r.ok && !r.warmup.value_or(false) && r.experiment && *r.experiment == std::string(calibration_prefix) + std::string(what))
      out.push_back(&r);
  return out;
}

void read_unit_costs(const std::vector<record>& records, machine_costs& c) {
  for (const auto* r : of(records, "spawn")) {
    auto& m = c.models[r->model];
    const double f = at_reference(*r, c.ns_per_sample);
    if (auto ns = metric(*r, k::per_unit_ns)) m.spawn_s = *ns * 1e-9 * f;
    if (auto kib = metric(*r, k::mem_per_unit_kib)) m.mem_per_unit_kib = *kib;
    const double cpu_ns = metric(*r, k::sys_ns_per_unit).value_or(0) + metric(*r, k::user_ns_per_unit).value_or(0);
    m.start_cpu_s = std::max(0.0, cpu_ns * 1e-9 * f - m.spawn_s);
  }
  for (const auto* r : of(records, "switch"))
    if (auto ns = metric(*r, k::switch_ns)) c.models[r->model].switch_s = *ns * 1e-9 * at_reference(*r, c.ns_per_sample);
}

// Client and server CPU per request: the slope between the two request counts. `what`: the
// calibration; into the model's optional and the machine's figure `client` and `server` pick.
template <class Client>
void read_request_costs(const std::vector<record>& records, machine_costs& c, std::string_view what, Client client,
                        double& server_cost) {
  std::map<std::string, std::map<double, std::pair<double, double>>> by_model;  // requests -> (client, server)
  for (const auto* r : of(records, what)) {
    const double f = at_reference(*r, c.ns_per_sample);
    by_model[r->model][param_number(*r, "requests")] = {(r->user_s + r->sys_s) * f, metric(*r, k::server_cpu_s).value_or(0) * f};
  }
  std::vector<double> server;
  for (const auto& [model, points] : by_model) {
    if (points.size() < 2) continue;
    const auto& [n0, lo] = *points.begin();
    const auto& [n1, hi] = *points.rbegin();
    client(c.models[model]) = std::max(0.0, (hi.first - lo.first) / (n1 - n0));
    server.push_back(std::max(0.0, (hi.second - lo.second) / (n1 - n0)));
  }
  server_cost = median_of(server);
}

// After the unit and request costs: a task's client CPU (user + sys over tasks) less its steps'
// (cpu_ms), its one request's at that many in flight, and its share of starting the units.
void read_task_costs(const std::vector<record>& records, machine_costs& c) {
  for (const auto* r : of(records, "task")) {
    const double tasks = param_number(*r, "tasks"), units = param_number(*r, "concurrency");
    auto& m = c.models[r->model];
    if (tasks <= 0 || !m.request_cpu_s) continue;
    const double f = at_reference(*r, c.ns_per_sample);
    const double steps = metric(*r, k::cpu_ms).value_or(0) * 1e-3 * f;
    const double starts = units * (m.spawn_s + m.start_cpu_s) / tasks;
    m.task_cpu_s = std::max(0.0, (r->user_s + r->sys_s) * f / tasks - steps - c.request_cpu_s(m, false, units) - starts);
  }
}

void read_all_request_costs(const std::vector<record>& records, machine_costs& c) {
  read_request_costs(records, c, "request", [](model_costs& m) -> auto& { return m.request_cpu_s; },
                     c.server_cpu_per_request_s);
  read_request_costs(records, c, "request-pooled", [](model_costs& m) -> auto& { return m.pooled_request_cpu_s; },
                     c.server_cpu_per_pooled_request_s);
  read_request_costs(records, c, "request-at-scale", [](model_costs& m) -> auto& { return m.request_cpu_at_scale_s; },
                     c.server_cpu_per_request_at_scale_s);
  for (const auto* r : of(records, "request-at-scale")) c.scale_units = param_number(*r, "concurrency");
  read_task_costs(records, c);
}

// The reference speed every cost is taken at: the median of the speeds probed beside the
// calibration's runs, or (a calibration written before the probes) the lab's own measurement as
// it started, which its run-queue runs record.
void read_reference_speed(const std::vector<record>& records, machine_costs& c) {
  std::vector<double> beside, started;
  for (const auto& r : records)
    if (is_calibration_record(r) && r.ok && report::speed_beside(r) > 0) beside.push_back(report::speed_beside(r));
  for (const auto* r : of(records, "run-queue")) started.push_back(param_number(*r, "ns_per_sample"));
  c.ns_per_sample = median_of(beside.empty() ? started : beside);
  if (!beside.empty()) {
    c.speed_min = *std::min_element(beside.begin(), beside.end());
    c.speed_max = *std::max_element(beside.begin(), beside.end());
  }
}

void read_machine_costs(const std::vector<record>& records, machine_costs& c) {
  std::vector<double> server_ns;
  for (const auto* r : of(records, "compute"))
    if (auto calls = metric(*r, k::calls_ms)) server_ns.push_back(*calls * 1e6 / 20e6 * at_reference(*r, c.ns_per_sample));
  c.server_ns_per_sample = median_of(server_ns);
  std::vector<double> per_kib;
  for (const auto* r : of(records, "memory"))
    if (auto mean = metric(*r, k::mean_ms)) per_kib.push_back(*mean * 1e-3 / 4096 * at_reference(*r, c.ns_per_sample));
  c.memory_s_per_kib = median_of(per_kib);
  std::map<double, std::vector<std::pair<double, double>>> queue;  // units per CPU -> (wait per CPU s, tail)
  for (const auto* r : of(records, "run-queue")) {
    c.cpus = r->machine.cpus;
    c.host = r->machine.host;
    const double cpu = metric(*r, k::cpu_ms).value_or(0), p50 = metric(*r, k::p50_ms).value_or(0);
    if (cpu <= 0 || p50 <= 0) continue;
    queue[param_number(*r, "concurrency") / std::max(1, r->machine.cpus)].push_back(
        {metric(*r, k::wait_cpu_ms).value_or(0) / cpu, metric(*r, k::p99_ms).value_or(p50) / p50});
  }
  for (const auto& [per_cpu, xs] : queue) {
    std::vector<double> waits, tails;
    for (const auto& [w, t] : xs) waits.push_back(w), tails.push_back(t);
    c.run_queue.push_back({per_cpu, median_of(waits), median_of(tails)});
  }
}

}  // namespace

machine_costs costs_from_records(const std::vector<record>& records) {
  machine_costs c;
  for (const auto& r : records)
    if (is_calibration_record(r) && r.ok) c.calibration_s += r.wall_s;
  read_reference_speed(records, c);
  read_unit_costs(records, c);
  read_all_request_costs(records, c);
  read_machine_costs(records, c);
  if (c.ns_per_sample <= 0 || c.cpus <= 0)
    throw usage_error("no calibration of lab advise in these records (its run-queue runs are missing): run lab advise "
                      "without --costs, or give the results file an earlier lab advise wrote");
  std::set<std::string> spawned;
  for (const auto* r : of(records, "spawn")) spawned.insert(r->model);
  for (const auto& [model, m] : c.models)
    if (!spawned.count(model))
      throw usage_error("the calibration has no spawn figures for " + model + ": its spawn run failed or is missing");
  return c;
}

}  // namespace lab::advise
