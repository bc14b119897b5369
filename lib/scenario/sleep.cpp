// Scenario `sleep`: `tasks` tasks each sleeping `ms` (the seeds' 3 x sleep(1)).
#include <chrono>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "scenario/common_params.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace {

task_body sleep_task(std::chrono::milliseconds ms) {
  co_await wait::sleep_for{ms};
  co_return 0.0;
}

task_set sleep_tasks_of(const params& p) {
  const auto ms = std::chrono::milliseconds(p.integer("ms"));
  task_set set;
  set.tasks = static_cast<std::size_t>(p.integer("tasks"));
  set.workers = effective_workers(p, set.tasks);
  set.body = [ms](std::size_t) { return sleep_task(ms); };
  return set;
}

void sleep_finish(const run_context& ctx, const task_set& set, const std::vector<task_result>& results,
                  const model& m, outcome& out) {
  // Sleeping needs no CPU, so the limit is the units in flight, not the cores.
  const double ms = static_cast<double>(ctx.values.integer("ms"));
  const double p = static_cast<double>(std::max<std::size_t>(1, m.concurrency(set)));
  out.ideal_s = ms / 1000.0 * std::ceil(static_cast<double>(set.tasks) / p);
  double overshoot = 0;
  for (const auto& r : results) overshoot = std::max(overshoot, r.seconds * 1000.0 - ms);
  out.metrics[metric_keys::max_oversleep_ms] = overshoot;
}

scenario_def sleep_scenario() {
  scenario_def def;
  def.spec.summary = "tasks tasks each sleeping ms (blocking sleep; an awaited timer in async)";
  def.spec.params = {{.name = "tasks", .default_value = "3", .max = 1e7, .help = "tasks"},
                     {.name = "ms", .default_value = "1000", .max = 3.6e6, .help = "milliseconds each task sleeps"},
                     spec::seed(), spec::workers(), spec::spawn(), spec::loop_threads()};
  def.prepare = [](const run_context& ctx) { return with_finish(ctx, sleep_tasks_of(ctx.values), sleep_finish); };
  def.demand = [](std::string_view model, const values_map& v) {
    return run_demand{.units = worker_units(model, v, std::stoull(v.at("tasks"))), .lower = "workers"};
  };
  return def;
}

const register_scenario registered{scenario_names::sleep, sleep_scenario};

}  // namespace

}  // namespace lab
