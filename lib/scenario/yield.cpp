// Scenario `yield`: one CPU task beside one I/O task (an awaited timer of io_ms standing in
// for a request), the seeds' lesson on cooperative scheduling. On one loop thread the CPU
// task yields every `yield_every` samples; yield_every=0 never yields, and the I/O task's
// completion waits for the whole CPU task. threads run the two on two threads, where the
// kernel preempts instead (pin=same puts both on one CPU, so preemption is all there is).
#include <atomic>
#include <chrono>
#include <thread>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.hpp"
#include "models/placement.hpp"
#include "scenario/common_params.hpp"
#include "scenario/scenarios.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

using clock_type = std::chrono::steady_clock;

// Task 0 is the I/O task and task 1 the CPU task: the async model starts its coroutines
// in task order, so the request is in flight before the CPU task takes the loop.
constexpr std::size_t io_task = 0, cpu_task = 1;

std::atomic<std::uint64_t> yields{0};

double seconds_of(auto&& fn) {
  const auto t0 = clock_type::now();
  fn();
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

task_plan yield_plan(const params& p) {
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto samples = static_cast<std::uint64_t>(p.integer("samples"));
  const auto io = std::chrono::milliseconds(p.integer("io_ms"));
  const std::uint64_t every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  task_plan plan;
  plan.tasks = 2;
  plan.workers = 2;
  plan.fn.blocking = [=](std::size_t task) {
    if (task == io_task) {
      std::this_thread::sleep_for(io);
      return 0.0;
    }
    return task_total(dist::uniform, seed, cpu_task, samples);
  };
  plan.fn.awaitable = [=](std::size_t task) -> asio::awaitable<double> {
    auto ex = co_await asio::this_coro::executor;
    if (task == io_task) {
      asio::steady_timer timer(ex, io);
      co_await timer.async_wait(asio::use_awaitable);
      co_return 0.0;
    }
    sum_state s(dist::uniform, seed, cpu_task, samples);
    while (!s.done()) {
      s.advance(every ? every : s.remaining());
      if (!s.done()) {
        yields.fetch_add(1, std::memory_order_relaxed);
        co_await asio::post(ex, asio::use_awaitable);
      }
    }
    co_return s.total();
  };
  return plan;
}

outcome yield_run(const std::string&, model& m, const run_context& ctx) {
  const params& p = ctx.values;
  settle_home(placement_of(p));
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto samples = static_cast<std::uint64_t>(p.integer("samples"));
  const double io_ms = static_cast<double>(p.integer("io_ms"));

  // The CPU task alone, in this process, once before and once after the run: their mean is
  // the no-yield baseline, a typical pass like the one it is compared with.
  double total = 0;
  const double before = seconds_of([&] { total = task_total(dist::uniform, seed, cpu_task, samples); });
  const task_plan plan = yield_plan(p);
  std::vector<task_result> results;
  const double run_s = seconds_of([&] { results = m.run_tasks(plan); });
  const double after = seconds_of([&] { total = task_total(dist::uniform, seed, cpu_task, samples); });
  const double baseline = (before + after) / 2;
  if (results[cpu_task].value != total)
    throw run_error("the CPU task's total differs from the same sum in one pass: the chunking lost samples");

  outcome out;
  out.run_s = run_s;
  out.checksum = checksum_of(results);
  out.task_hash = task_hash_of(results);
  out.ideal_s = std::max(baseline, io_ms / 1000);
  const double cpu_s = results[cpu_task].seconds;
  const double io_latency_ms = results[io_task].seconds * 1000;
  const std::uint64_t n_yields = yields.load();
  out.metrics["yield_every"] = p.has("yield_every") ? boost::json::value(p.integer("yield_every")) : nullptr;
  out.metrics["yields"] = n_yields;
  out.metrics["cpu_s"] = cpu_s;
  out.metrics["cpu_baseline_s"] = baseline;
  out.metrics["cpu_slowdown"] = baseline > 0 ? cpu_s / baseline : 0.0;
  out.metrics["ns_per_yield"] = n_yields ? boost::json::value((cpu_s - baseline) * 1e9 / static_cast<double>(n_yields)) : nullptr;
  out.metrics["io_latency_ms"] = io_latency_ms;
  out.metrics["io_ideal_ms"] = io_ms;
  out.metrics["io_delay_ms"] = io_latency_ms - io_ms;
  out.metrics["pin"] = p.text("pin");
  return out;
}

}  // namespace

scenario_def yield_scenario() {
  scenario_def def;
  def.spec = {"yield",
              "one CPU task of samples uniform samples beside one I/O task (an awaited timer of io_ms); "
              "async yields to the loop every yield_every samples (0 = greedy), threads preempt",
              "I/O latency = io_ms and CPU time = the CPU task alone (metrics.cpu_baseline_s, measured in the same "
              "process); ideal_s = the larger",
              {"threads", "async"},
              {{"samples", param_kind::integer, "50000000", 1, 1e12, {}, "uniform samples the CPU task sums", {}},
               {"io_ms", param_kind::integer, "10", 0, 3.6e6, {}, "how long the I/O task's request takes", {}},
               spec::yield_every("100000"),
               spec::loop_threads(),
               spec::pin({"none", "same"}),
               spec::seed()}};
  def.run = yield_run;
  return def;
}

}  // namespace lab
