#include "advise/advise.hpp"

#include <algorithm>
#include <cmath>
#include <memory>

#include "advise/calibrate.hpp"
#include "advise/demand.hpp"
#include "advise/prediction_records.hpp"
#include "advise/verify.hpp"
#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "core/error.hpp"
#include "measure/machine.hpp"
#include "measure/speed.hpp"
#include "report/report.hpp"
#include "sweep/plan.hpp"
#include "sweep/results_file.hpp"

namespace lab::advise {

std::optional<double> checked_point::error_ratio() const {
  if (!throughput || *throughput <= 0) return std::nullopt;
  return predicted.throughput / *throughput - 1;
}

namespace {

struct stopped {};  // SIGINT or SIGTERM between runs: what was measured is in r.out

// The kernel's speed (its calibration's own measurement, about 30 ms here).
double speed_probe() { return measure_ns_per_sample(); }

// Runs experiments as a sweep into the advice's results file, keeping the records. The kernel's
// speed is probed before the first run and after each, and each record holds the mean of the
// probes either side of it: this VM's speed moves by tens of percent within a minute, and the
// costs (advise/calibrate.hpp) and the verification's predictions are taken at the speed each run met.
std::vector<record> run_into(const std::vector<experiment>& experiments, const std::shared_ptr<results_file>& out,
                             const sweep_hooks& hooks) {
  sweep_work work;
  work.todo = make_plan(experiments);
  work.experiments = experiments.size();
  work.planned = work.in_shard = work.todo.size();
  work.out = out;
  sweep_settings s;
  s.check = false;
  std::vector<record> kept;
  sweep_hooks h = hooks;
  double before = speed_probe();
  h.before_write = [&](record& rec) {
    const double after = speed_probe();
    rec.extra[report::speed_beside_key] = (before + after) / 2;
    before = after;
  };
  h.on_record = [&](const record& rec) {
    kept.push_back(rec);
    if (hooks.on_record) hooks.on_record(rec);
  };
  if (run_sweep(work, s, h).interrupted) throw stopped{};
  return kept;
}

// The calibration records of --costs, read before --out is started anew (it may be the same file).
std::vector<record> given_costs(const advise_request& r) {
  if (r.costs_file.empty()) return {};
  auto loaded = lab::read_results({r.costs_file});
  std::erase_if(loaded.records, [](const record& x) { return !is_calibration_record(x); });
  costs_from_records(loaded.records);  // a file without a calibration: usage_error before anything is written
  return loaded.records;
}

// The request calibration at scale holds this many units: as asked, within the descriptors
// (one a unit, 128 kept) and the processes and threads (procs and threads start one a unit).
int scale_units(std::size_t asked) {
  const auto& m = this_machine();
  long long n = static_cast<long long>(asked);
  if (m.open_files > 0) n = std::min(n, m.open_files - 128);
  if (m.max_user_procs > 0) n = std::min(n, m.max_user_procs / 2);
  return static_cast<int>(std::max(0LL, n));
}

machine_costs measure_or_read(const std::vector<record>& given, const std::shared_ptr<results_file>& out,
                              const sweep_hooks& hooks, std::size_t calibrate_at) {
  if (given.empty())
    return costs_from_records(run_into(calibration_experiments(usable_cpus(), scale_units(calibrate_at)), out, hooks));
  write_records(*out, given);  // the costs travel with the advice
  return costs_from_records(given);
}

target target_of(const advise_request& r, const advice& a) {
  const auto& m = this_machine();
  target t;
  t.cpus = r.cpus.value_or(a.costs.cpus);
  t.concurrency = r.concurrency.value_or(a.profile.concurrency);
  t.rate = r.rate;
  t.memory_kib = r.memory_kib;
  // A profile that says how many tasks it runs is a run of that many: predicted as run.
  for (const auto& [key, value] : a.profile.fixed)
    if (key == "tasks" && !r.rate) t.tasks = std::stod(value);
  t.open_files = static_cast<double>(m.open_files);
  t.processes = static_cast<double>(m.max_user_procs);
  t.threads = static_cast<double>(m.threads_max);
  return t;
}

void predict_target(advice& a) {
  for (const auto& v : a.profile.variants) {
    variant_advice va;
    try {
      va.at_target = predict(a.demand, a.costs, v, a.tgt);
    } catch (const usage_error& e) {
      va.at_target.v = v;
      va.not_predicted = e.what();
    }
    a.variants.push_back(std::move(va));
  }
  if (std::all_of(a.variants.begin(), a.variants.end(), [](const auto& va) { return !va.not_predicted.empty(); }))
    throw usage_error("no model can run this target: " + a.variants.front().not_predicted);
}

// The largest concurrency this machine holds for every variant: the target's, within its
// limits, half its available memory and the request's cap.
double verifiable_units(advice& a, const advise_request& r) {
  target t = a.tgt;
  t.cpus = a.costs.cpus;
  t.memory_kib = static_cast<double>(this_machine().mem_total_kib) / 2;
  double units = std::min(a.tgt.concurrency.value_or(1), static_cast<double>(r.verify_max_units));
  a.verified_limit = units < a.tgt.concurrency.value_or(1) ? "the verification's cap (" + std::to_string(r.verify_max_units) + ")" : "";
  for (const auto& va : a.variants) {
    if (!va.not_predicted.empty()) continue;
    const auto& v = va.at_target.v;
    const auto cap = units_allowed(a.demand, a.costs, v, t);
    if (cap.capped && cap.units < units) units = cap.units, a.verified_limit = v.label() + "'s " + cap.why;
  }
  return std::max(1.0, units);
}

// A verification run's target: this machine, n units in flight, closed loop, no budget.
target here(const advice& a, double n, std::optional<double> tasks = std::nullopt) {
  target t = a.tgt;
  t.cpus = a.costs.cpus;
  t.concurrency = n;
  t.rate.reset();
  t.memory_kib.reset();
  t.tasks = tasks;
  return t;
}

// Each point predicted as it was run: its tasks on its units (spawn ramp and lockstep included),
// first at the calibration's speed (kept: predicted_at_calibration), then on the machine the run
// met: the costs at the speed probed beside it, its steps as it executed them (their samples,
// fixed at the lab's own speed as it started).
void predict_as_run(advice& a, const std::vector<double>& series, const std::vector<std::size_t>& tasks) {
  for (auto& p : a.checked) {
    const auto i = static_cast<std::size_t>(std::find(series.begin(), series.end(), p.units) - series.begin());
    const target t = here(a, p.units, static_cast<double>(tasks[i]));
    p.predicted = predict(a.demand, a.costs, p.v, t);
    p.predicted_at_calibration = p.predicted.throughput;
    p.steps_cpu_s = a.demand.cpu_s + a.demand.locked_s;
    if (p.speed_ns <= 0) continue;  // its run failed: no speed beside it
    const auto now = a.costs.at_speed(p.speed_ns);
    auto d = demand_of(as_run(a.demand.kinds, p.run_ns), now);
    d.connections = a.demand.connections;
    d.yield_every = a.demand.yield_every;
    p.predicted = predict(d, now, p.v, t);
    p.steps_cpu_s = d.cpu_s + d.locked_s;
  }
}

void verify(advice& a, const advise_request& r, const std::shared_ptr<results_file>& out, const sweep_hooks& hooks) {
  a.verified_units = verifiable_units(a, r);
  const auto series = concurrency_series(a.verified_units);
  for (const auto& va : a.variants)
    for (double n : series) {
      const auto& v = va.at_target.v;
      if (!va.not_predicted.empty() || (is_baseline_model(v.model) && n > 1)) continue;
      try {
        checked_point p;
        p.v = v;
        p.units = n;
        p.predicted = predict(a.demand, a.costs, v, here(a, n));
        a.checked.push_back(std::move(p));
      } catch (const usage_error&) {
      }
    }
  // The runs are sized from the steady state's throughput; each point is then predicted as run.
  std::vector<std::size_t> tasks;
  for (double n : series) tasks.push_back(tasks_for(a, n, r.verify_seconds));
  read_verification(a, run_into(verification_experiments(a, series, tasks), out, hooks));
  predict_as_run(a, series, tasks);
  for (auto& va : a.variants) {
    std::vector<double> ns, xs;
    for (const auto& p : a.checked)
      if (p.v.label() == va.at_target.v.label() && p.throughput && *p.throughput > 0) ns.push_back(p.units), xs.push_back(*p.throughput);
    va.usl = stats::fit_usl(ns, xs);
  }
}

}  // namespace

advice run_advise(const advise_request& r, const sweep_hooks& hooks) {
  advice a;
  a.profile = resolve_profile(r, r.cpus.value_or(usable_cpus()));
  check_profile_params(a.profile);
  // Before any run of its own, and not the load average, which remembers the last minute's
  // (an earlier lab advise's 2,000 threads would read as other programs). Only where something
  // will be measured: the 0.2 s it takes is most of an advice from --costs without --verify.
  if (r.costs_file.empty() || r.verify) a.others_at_start = others_running(std::chrono::milliseconds(200));
  const auto given = given_costs(r);
  // One writer for the whole advice: the file is locked until the predictions are in it.
  const auto out = std::make_shared<results_file>(r.out, true);
  try {
    a.costs = measure_or_read(given, out, hooks, r.calibrate_at);
    a.demand = demand_of(a.profile.steps, a.costs);
    a.demand.connections = a.profile.connections;
    a.demand.yield_every = a.profile.yield_every;
    a.tgt = target_of(r, a);
    predict_target(a);
    if (r.verify) verify(a, r, out, hooks);
  } catch (const stopped&) {
    a.interrupted = true;
    return a;
  }
  name_choice(a);
  write_records(*out, prediction_records(a));
  return a;
}

}  // namespace lab::advise
