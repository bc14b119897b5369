#include "advise/prediction_records.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "measure/machine.hpp"
#include "sweep/results_file.hpp"

#include <boost/json/serialize.hpp>

namespace lab::advise {

namespace k = metric_keys;

namespace {

// role: "target" (the advice), "curve" (along concurrency at the target's CPUs), "verifies"
// (this machine's CPUs at a concurrency the verification ran).
record as_record(const advice& a, const prediction& p, const char* role, int cpus) {
  record r;
  r.scenario = scenario_names::profile;
  r.model = p.v.model;
  r.params["steps"] = a.profile.steps;
  r.params["concurrency"] = static_cast<std::int64_t>(p.units);
  if (p.v.cpu_pool > 0) r.params["cpu_pool"] = p.v.cpu_pool;
  if (p.v.loop_threads > 1) r.params["loop_threads"] = p.v.loop_threads;
  if (p.simulated && p.tasks > 0) r.params["tasks"] = static_cast<std::int64_t>(p.tasks);
  r.experiment = std::string(prediction_experiment);
  r.config = a.profile.name;
  r.machine = this_machine();
  r.metrics[k::throughput_tps] = p.throughput;
  r.metrics[k::p50_ms] = p.p50_s * 1e3;
  r.metrics[k::p99_ms] = p.p99_s * 1e3;
  r.metrics[k::cpu_ms] = p.cpu_per_task_s * 1e3;
  r.metrics[k::mem_peak_kib] = p.memory_kib;
  boost::json::object pred;
  pred["cpus"] = cpus;
  pred["role"] = role;
  pred["target_concurrency"] = a.tgt.concurrency.value_or(1);
  pred["reachable"] = p.reachable;
  pred["binds"] = p.binds;
  pred["binds_at"] = p.binds_at;
  pred["simulated"] = p.simulated;  // a run of params' tasks, simulated; else the steady state
  if (a.tgt.memory_kib) pred["memory_budget_kib"] = *a.tgt.memory_kib;
  r.extra["prediction"] = std::move(pred);
  return r;
}

}  // namespace

std::vector<record> prediction_records(const advice& a) {
  std::vector<record> out;
  const double top = std::max(a.tgt.concurrency.value_or(1), a.verified_units) * 4;
  std::set<double> grid{a.tgt.concurrency.value_or(1)};
  for (int i = 0; i <= 12; ++i) grid.insert(std::round(std::pow(top, i / 12.0)));
  for (const auto& va : a.variants) {
    if (!va.not_predicted.empty()) continue;
    out.push_back(as_record(a, va.at_target, "target", a.tgt.cpus));
    if (is_baseline_model(va.at_target.v.model)) continue;  // one unit whatever the concurrency
    for (double n : grid) {
      if (n == a.tgt.concurrency.value_or(1)) continue;
      target t = a.tgt;
      t.concurrency = n;
      t.rate.reset();
      const auto p = predict(a.demand, a.costs, va.at_target.v, t);
      if (p.reachable) out.push_back(as_record(a, p, "curve", a.tgt.cpus));
    }
  }
  for (const auto& c : a.checked) {
    auto r = as_record(a, c.predicted, "verifies", a.costs.cpus);
    if (c.speed_ns > 0) {  // predicted on the machine the run met: say which, and what the calibration's said
      auto& pred = r.extra["prediction"].as_object();
      pred["speed_ns_per_sample"] = c.speed_ns;
      pred["throughput_at_calibration_speed"] = c.predicted_at_calibration;
    }
    out.push_back(std::move(r));
  }
  return out;
}

void write_records(results_file& out, const std::vector<record>& records) {
  for (const auto& r : records) out.append(boost::json::serialize(to_json(r)));
}

}  // namespace lab::advise
