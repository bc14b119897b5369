#include "advise/verify.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "report/advice.hpp"
#include "report/format.hpp"
#include "report/json_fields.hpp"
#include "stats/stats.hpp"

namespace lab::advise {

namespace k = metric_keys;
namespace fmt = report::fmt;

std::vector<double> concurrency_series(double top, int points) {
  std::set<double> ns{1, std::max(1.0, std::round(top))};
  for (int i = 1; i + 1 < points; ++i) ns.insert(std::round(std::pow(std::max(1.0, top), double(i) / (points - 1))));
  return {ns.begin(), ns.end()};
}

// Tasks enough for about `seconds` at the median predicted throughput, at least two per unit
// (so every unit works in the steady state), and no run past four times that. The
// predictions are the verification's own (advice::checked), made once.
std::size_t tasks_for(const advice& a, double units, double seconds) {
  std::vector<double> xs;
  for (const auto& p : a.checked)
    if (p.units == units) xs.push_back(p.predicted.throughput);
  if (xs.empty()) return static_cast<std::size_t>(2 * units);
  const double lowest = *std::min_element(xs.begin(), xs.end());
  double tasks = std::max(2 * units, stats::median(xs) * seconds);
  tasks = std::min(tasks, std::max(2 * units, lowest * 4 * seconds));
  return static_cast<std::size_t>(std::clamp(std::round(tasks), 2.0, 100000.0));
}

std::vector<experiment> verification_experiments(const advice& a, const std::vector<double>& series,
                                                 const std::vector<std::size_t>& tasks) {
  std::vector<experiment> all;
  for (std::size_t i = 0; i < series.size(); ++i) {
    const double n = series[i];
    experiment e;
    e.name = std::string(verify_experiment);
    e.file = "(lab advise)";
    e.scenario = scenario_names::profile;
    e.reps = i + 1 == series.size() ? reps_at_top : 1;
    e.timeout = std::chrono::seconds(120);
    for (const auto& [key, value] : a.profile.fixed)
      if (key != "concurrency" && key != "tasks" && key != "rate" && key != "cpu_pool") e.fixed.emplace_back(key, value);
    e.fixed.emplace_back("concurrency", std::to_string(static_cast<long long>(n)));
    e.fixed.emplace_back("tasks", std::to_string(tasks[i]));
    std::set<std::string> pools{"0"};
    for (const auto& va : a.variants) {
      if (!va.not_predicted.empty()) continue;  // what the model cannot predict is not run either
      const auto& v = va.at_target.v;
      if (is_baseline_model(v.model) && n > 1) continue;
      if (std::find(e.models.begin(), e.models.end(), v.model) == e.models.end()) e.models.push_back(v.model);
      if (v.loop_threads > 1) e.model_sets[v.model].emplace_back("loop_threads", std::to_string(v.loop_threads));
      if (v.cpu_pool > 0) pools.insert(std::to_string(v.cpu_pool));
    }
    if (pools.size() > 1) e.swept.push_back({"cpu_pool", {pools.begin(), pools.end()}, 0});
    all.push_back(std::move(e));
  }
  return all;
}

namespace {

double param(const record& r, const char* key) { return report::number_of(r.params, key); }

bool same_variant(const variant& v, const record& r) { return r.model == v.model && param(r, "cpu_pool") == v.cpu_pool; }

bool verifies(const checked_point& point, const record& r) {
  if (!r.experiment || *r.experiment != verify_experiment || !same_variant(point.v, r)) return false;
  return param(r, "concurrency") == point.units || is_baseline_model(r.model);
}

// One run's figures into the point: the median run's, so they are of one run.
void read_run(checked_point& point, const record& r) {
  point.speed_ns = report::speed_beside(r);
  point.run_ns = param(r, "ns_per_sample");
  point.throughput = metric(r, k::throughput_tps);
  if (auto p = metric(r, k::p50_ms)) point.p50_s = *p / 1e3;
  if (auto p = metric(r, k::p99_ms)) point.p99_s = *p / 1e3;
  if (auto m = metric(r, k::mem_peak_kib)) point.memory_kib = *m;
  if (auto m = metric(r, k::cpu_ms)) point.cpu_s = *m / 1e3;
  if (auto m = metric(r, k::calls_ms)) point.calls_s = *m / 1e3;
  if (auto m = metric(r, k::queue_ms)) point.queue_s = *m / 1e3;
  const double cpu = r.user_s + r.sys_s + metric(r, k::server_cpu_s).value_or(0);
  const double tasks = param(r, "tasks");
  if (tasks > 0) point.all_cpu_s = cpu / tasks;
  if (run_time_s(r) > 0) point.busy_cpus = cpu / run_time_s(r);
}

}  // namespace

void read_verification(advice& a, const std::vector<record>& records) {
  for (auto& point : a.checked) {
    std::vector<const record*> ok;
    for (const auto& r : records) {
      if (!verifies(point, r)) continue;
      if (r.ok) ok.push_back(&r);
      else point.error = r.error;
    }
    const record* median = report::median_run(ok);  // sorts ok by throughput
    if (!median) continue;
    for (const auto* r : ok) point.runs.push_back(metric(*r, k::throughput_tps).value_or(0));
    read_run(point, *median);
  }
}

}  // namespace lab::advise

namespace lab::advise {

namespace {

bool off(double predicted, double measured) {
  return std::abs(predicted - measured) > 0.15 * std::max({predicted, measured, 1e-4});
}

}  // namespace

std::string missed_term(const advice& a, const checked_point& p) {
  const double steps = p.steps_cpu_s;
  if (p.cpu_s && off(steps, *p.cpu_s))
    return "the CPU per task: its steps took " + fmt::seconds(*p.cpu_s) + " of CPU, predicted " + fmt::seconds(steps);
  const double all_cpu = p.predicted.cpu_per_task_s;
  if (p.all_cpu_s && off(all_cpu, *p.all_cpu_s))
    return "the overheads: a task cost " + fmt::seconds(*p.all_cpu_s) + " of CPU in all (its process and the server's), predicted " +
           fmt::seconds(all_cpu);
  const double busy = p.predicted.throughput * all_cpu;
  if (p.busy_cpus && *p.busy_cpus < 0.8 * busy)
    return "the CPUs the run had: it kept " + fmt::sig(*p.busy_cpus) + " CPUs busy where the model expected " + fmt::sig(busy) +
           " (other programs on the machine, or the kernel left a CPU idle)";
  const double queued = std::max(0.0, p.predicted.p50_s - all_cpu - a.demand.wait_s);
  if (p.queue_s && p.calls_s) {
    const double measured = *p.queue_s + std::max(0.0, *p.calls_s - a.demand.wait_s);
    if (off(queued, measured))
      return "the queueing: a task waited " + fmt::seconds(measured) + " beyond its CPU and its steps' waits, predicted " +
             fmt::seconds(queued);
  }
  return "none alone: the CPU, the overheads, the CPUs' use and the queueing each within 15%";
}

}  // namespace lab::advise
