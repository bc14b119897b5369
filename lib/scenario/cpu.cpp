// Scenario `cpu`: `tasks` sums of `samples` draws, `workers` at a time.
#include <algorithm>

#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "scenario/chunked_sum.hpp"
#include "scenario/common_params.hpp"
#include "scenario/scenario.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace {

std::size_t cpu_tasks(const params& p) {
  auto t = p.integer("tasks");
  return t == 0 ? static_cast<std::size_t>(usable_cpus()) : static_cast<std::size_t>(t);
}

// The parameters are copies in the coroutine's frame: a coroutine must not read a lambda's
// captures, which can go before it ends (C++ Core Guidelines CP.51).
task_body cpu_task(dist d, std::uint64_t seed, std::size_t task, std::uint64_t samples, std::uint64_t every) {
  chunked_sum sum(d, seed, task, samples, every);
  while (sum.compute_chunk()) co_await wait::yield_now{};
  co_return sum.total();
}

task_set cpu_tasks_of(const params& p) {
  const dist d = parse_dist(p.text("dist"));
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto samples = static_cast<std::uint64_t>(p.integer("samples"));
  const std::uint64_t every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  task_set set;
  set.tasks = cpu_tasks(p);
  set.workers = effective_workers(p, set.tasks);
  set.measure_cpu = true;
  set.account_units = true;  // where the time went, when efficiency falls short
  set.body = [=](std::size_t task) { return cpu_task(d, seed, task, samples, every); };
  return set;
}

void cpu_finish(const run_context& ctx, const task_set& set, const std::vector<task_result>& results,
                const model& m, outcome& out) {
  const bool awaited = std::any_of(results.begin(), results.end(), [](const task_result& r) { return r.busy_s > 0; });
  // The work is what the tasks cost in CPU time, not their wall spans: a span doubles when
  // two tasks share a CPU, and an ideal built from spans lets efficiency pass 100%. Blocking
  // models read each task's thread CPU clock. A coroutine's chunks are timed by the wall
  // clock (a CPU clock per chunk would cost more than a small chunk); where loop threads
  // outnumber CPUs those chunks stretch too, and the loop threads' own CPU time bounds them.
  double work = 0, longest = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const double w = awaited ? results[i].busy_s : results[i].cpu_s;
    work += w;
    longest = std::max(longest, w);
  }
  if (awaited && m.units_cpu_s() > 0 && m.units_cpu_s() < work) {
    longest *= m.units_cpu_s() / work;
    work = m.units_cpu_s();
  }
  // The work this run measured, perfectly divided over the CPUs the model can use.
  const auto p = std::max<std::size_t>(1, std::min<std::size_t>(m.parallelism(set), usable_cpus()));
  out.ideal_s = std::max(work / static_cast<double>(p), longest);
  const auto samples = static_cast<double>(ctx.values.integer("samples"));
  out.metrics["task_s_mean"] = results.empty() ? 0.0 : work / static_cast<double>(results.size());
  out.metrics[metric_keys::ns_per_sample] = samples > 0 ? work * 1e9 / (samples * static_cast<double>(set.tasks)) : 0.0;
  if (ctx.values.has("yield_every")) out.metrics[metric_keys::yields] = total_yields(results);
}

scenario_def cpu_scenario() {
  scenario_def def;
  def.spec.summary = "tasks sums of samples random draws, workers at a time (CPU-bound)";
  def.spec.params = {{.name = "tasks", .default_value = "0", .max = 1e6, .help = "tasks; 0 = one per CPU"},
                     {.name = "samples", .default_value = "200000000", .max = 1e12, .help = "samples per task"},
                     {.name = "dist",
                      .kind = param_kind::choice,
                      .default_value = "uniform",
                      .choices = {"uniform", "gauss"},
                      .help = "distribution of the samples"},
                     spec::seed(), spec::workers(), spec::spawn(), spec::loop_threads(), spec::yield_every()};
  def.prepare = [](const run_context& ctx) { return with_finish(ctx, cpu_tasks_of(ctx.values), cpu_finish); };
  def.demand = [](std::string_view model, const values_map& v) {
    const std::uint64_t tasks = std::stoull(v.at("tasks"));
    return run_demand{.units = worker_units(model, v, tasks == 0 ? static_cast<std::uint64_t>(usable_cpus()) : tasks),
                      .lower = "workers"};
  };
  return def;
}

const register_scenario registered{scenario_names::cpu, cpu_scenario};

}  // namespace

}  // namespace lab
