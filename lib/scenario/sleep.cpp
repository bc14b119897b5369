// Scenario `sleep`: `tasks` tasks each sleeping `ms` (the seeds' 3 x sleep(1)).
#include <chrono>
#include <cmath>
#include <thread>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "catalog/scenarios.hpp"
#include "scenario/common_params.hpp"
#include "scenario/scenarios.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

task_plan sleep_plan(const run_context& ctx) {
  const auto ms = std::chrono::milliseconds(ctx.values.integer("ms"));
  task_plan plan;
  plan.tasks = static_cast<std::size_t>(ctx.values.integer("tasks"));
  plan.workers = effective_workers(ctx.values, plan.tasks);
  plan.fn.blocking = [ms](std::size_t task) {
    trace::span traced(trace::what::sleep, static_cast<std::int64_t>(task));
    std::this_thread::sleep_for(ms);
    return 0.0;
  };
  plan.fn.cooperative = [ms](std::size_t, unit_context& unit) {
    unit.sleep_for(ms);
    return 0.0;
  };
  plan.fn.awaitable = [ms](std::size_t task) -> asio::awaitable<double> {
    asio::steady_timer timer(co_await asio::this_coro::executor, ms);
    trace::span traced(trace::what::timer, static_cast<std::int64_t>(task), trace::task_row);
    co_await timer.async_wait(asio::use_awaitable);
    co_return 0.0;
  };
  return plan;
}

void sleep_finish(const run_context& ctx, const task_plan& plan, const std::vector<task_result>& results,
                  const model& m, outcome& out) {
  // Sleeping needs no CPU, so the limit is the units in flight, not the cores.
  const double ms = static_cast<double>(ctx.values.integer("ms"));
  const double p = static_cast<double>(std::max<std::size_t>(1, m.concurrency(plan)));
  out.ideal_s = ms / 1000.0 * std::ceil(static_cast<double>(plan.tasks) / p);
  double overshoot = 0;
  for (const auto& r : results) overshoot = std::max(overshoot, r.seconds * 1000.0 - ms);
  out.metrics["max_oversleep_ms"] = overshoot;
}

}  // namespace

scenario_def sleep_scenario() {
  scenario_def def;
  def.spec = {scenario_names::sleep,
              "tasks tasks each sleeping ms (blocking sleep; an awaited timer in async)",
              ideal_of(scenario_names::sleep),
              models_running(scenario_names::sleep),
              {{"tasks", param_kind::integer, "3", 0, 1e7, {}, "tasks", {}},
               {"ms", param_kind::integer, "1000", 0, 3.6e6, {}, "milliseconds each task sleeps", {}},
               spec::seed(), spec::workers(), spec::spawn(), spec::loop_threads()}};
  def.plan = sleep_plan;
  def.finish = sleep_finish;
  return def;
}

}  // namespace lab
