// Scenario `cpu`: `tasks` sums of `samples` draws, `workers` at a time.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>


#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "scenario/common_params.hpp"
#include "scenario/scenarios.hpp"
#include "scenario/yielding_sum.hpp"
#include "trace/trace.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

std::size_t cpu_tasks(const params& p) {
  auto t = p.integer("tasks");
  return t == 0 ? static_cast<std::size_t>(usable_cpus()) : static_cast<std::size_t>(t);
}

struct cpu_state {
  std::atomic<std::uint64_t> yields{0};
  // Time each coroutine spent computing, without the time it was suspended while others
  // ran: an interleaved task's start-to-end span is not its work.
  std::vector<double> busy_s;

};

task_plan cpu_plan(const run_context& ctx) {
  const params& p = ctx.values;
  const dist d = parse_dist(p.text("dist"));
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto samples = static_cast<std::uint64_t>(p.integer("samples"));
  const std::uint64_t every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  task_plan plan;
  plan.tasks = cpu_tasks(p);
  plan.workers = effective_workers(p, plan.tasks);
  auto state = std::make_shared<cpu_state>();
  state->busy_s.assign(plan.tasks, 0.0);
  plan.state = state;
  plan.measure_cpu = true;
  plan.fn.blocking = [=](std::size_t task) {
    trace::chunk traced(static_cast<std::int64_t>(task), samples, samples);  // a blocking sum is one chunk
    return task_total(d, seed, task, samples);
  };
  plan.fn.cooperative = [=](std::size_t task, unit_context& unit) {
    // yielding_sum's chunks, handing the carrier to the next fiber instead of the loop.
    sum_state s(d, seed, task, samples);
    while (!s.done()) {
      const auto t0 = std::chrono::steady_clock::now();
      s.advance(every ? every : s.remaining());
      state->busy_s[task] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (!s.done()) {
        state->yields.fetch_add(1, std::memory_order_relaxed);
        unit.yield();
      }
    }
    return s.total();
  };
  plan.fn.awaitable = [=](std::size_t task) -> asio::awaitable<double> {
    return yielding_sum(d, seed, task, samples, every, state->yields, &state->busy_s[task]);
  };
  return plan;
}

void cpu_finish(const run_context& ctx, const task_plan& plan, const std::vector<task_result>& results,
                const model& m, outcome& out) {
  const auto& state = *std::static_pointer_cast<cpu_state>(plan.state);
  const bool awaited = std::any_of(state.busy_s.begin(), state.busy_s.end(), [](double b) { return b > 0; });
  // The work is what the tasks cost in CPU time, not their wall spans: a span doubles when
  // two tasks share a CPU, and an ideal built from spans lets efficiency pass 100%. Blocking
  // models read each task's thread CPU clock. A coroutine's chunks are timed by the wall
  // clock (a CPU clock per chunk would cost more than a small chunk); where loop threads
  // outnumber CPUs those chunks stretch too, and the loop threads' own CPU time bounds them.
  double work = 0, longest = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const double w = awaited ? state.busy_s[i] : results[i].cpu_s;
    work += w;
    longest = std::max(longest, w);
  }
  if (awaited && m.units_cpu_s() > 0 && m.units_cpu_s() < work) {
    longest *= m.units_cpu_s() / work;
    work = m.units_cpu_s();
  }
  // The work this run measured, perfectly divided over the CPUs the model can use.
  const auto p = std::max<std::size_t>(1, std::min<std::size_t>(m.parallelism(plan), usable_cpus()));
  out.ideal_s = std::max(work / static_cast<double>(p), longest);
  const auto samples = static_cast<double>(ctx.values.integer("samples"));
  out.metrics["task_s_mean"] = results.empty() ? 0.0 : work / static_cast<double>(results.size());
  out.metrics[metric_keys::ns_per_sample] = samples > 0 ? work * 1e9 / (samples * static_cast<double>(plan.tasks)) : 0.0;
  if (ctx.values.has("yield_every")) out.metrics[metric_keys::yields] = state.yields.load();
}

}  // namespace

scenario_def cpu_scenario() {
  scenario_def def;
  def.spec = {scenario_names::cpu,
              "tasks sums of samples random draws, workers at a time (CPU-bound)",
              ideal_of(scenario_names::cpu),
              models_running(scenario_names::cpu),
              {{"tasks", param_kind::integer, "0", 0, 1e6, {}, "tasks; 0 = one per CPU", {}},
               {"samples", param_kind::integer, "200000000", 0, 1e12, {}, "samples per task", {}},
               {"dist", param_kind::choice, "uniform", 0, 0, {"uniform", "gauss"}, "distribution of the samples", {}},
               spec::seed(), spec::workers(), spec::spawn(), spec::loop_threads(), spec::yield_every()}};
  def.plan = cpu_plan;
  def.finish = cpu_finish;
  return def;
}

}  // namespace lab
