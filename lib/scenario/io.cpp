// Scenario `io`: `requests` round trips to a lab-server that answers each after `delay_ms`,
// `concurrency` in flight: I/O-bound work over real loopback sockets. A task is one request
// on its own connection (connect, `delay MS`, `ok`); its value is 1, so the checksum counts
// the requests answered.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "net/async_client.hpp"
#include "net/blocking_client.hpp"
#include "net/protocol.hpp"
#include "scenario/common_params.hpp"
#include "stats/stats.hpp"
#include "scenario/net_tasks.hpp"
#include "scenario/scenarios.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

task_plan io_plan(const run_context& ctx) {
  const params& p = ctx.values;
  const auto server = server_of(p, "io");
  const auto timeout = std::chrono::milliseconds(p.integer("timeout_ms"));
  const auto concurrency = static_cast<std::size_t>(p.integer("concurrency"));
  const auto requests = static_cast<std::size_t>(p.integer("requests"));
  const std::string line = net::to_line(net::delay_request{static_cast<std::uint64_t>(p.integer("delay_ms"))});
  task_plan plan;
  plan.tasks = requests == 0 ? concurrency : requests;
  plan.workers = concurrency == 0 ? std::max<std::size_t>(plan.tasks, 1) : concurrency;
  plan.fn.blocking = [=](std::size_t task) {
    trace::span traced(trace::what::request, static_cast<std::int64_t>(task));
    expect_answer(server, line, net::request_once(server, line, timeout), "ok");
    return 1.0;
  };
  plan.fn.awaitable = [=](std::size_t task) -> asio::awaitable<double> {
    trace::span traced(trace::what::request, static_cast<std::int64_t>(task), trace::task_row);
    expect_answer(server, line, co_await net::async_request(server, line, timeout), "ok");
    co_return 1.0;
  };
  return plan;
}

void io_finish(const run_context& ctx, const task_plan& plan, const std::vector<task_result>& results,
               const model& m, outcome& out) {
  const double delay_s = static_cast<double>(ctx.values.integer("delay_ms")) / 1000.0;
  const auto units = std::max<std::size_t>(1, m.concurrency(plan));
  out.ideal_s = delay_s * std::ceil(static_cast<double>(plan.tasks) / static_cast<double>(units));
  out.metrics["units"] = units;
  if (results.empty()) return;
  std::vector<double> ms;
  ms.reserve(results.size());
  for (const auto& r : results) ms.push_back(r.seconds * 1000.0);
  std::sort(ms.begin(), ms.end());
  const double busy_ms = std::accumulate(ms.begin(), ms.end(), 0.0);
  out.metrics["p50_ms"] = stats::percentile(ms, 50);
  out.metrics["p90_ms"] = stats::percentile(ms, 90);
  out.metrics["p99_ms"] = stats::percentile(ms, 99);
  out.metrics["max_ms"] = ms.back();
  out.metrics["mean_ms"] = busy_ms / static_cast<double>(ms.size());
  // Little's law: requests in flight on average = total time in flight / elapsed time.
  out.metrics["achieved_concurrency"] = out.run_s > 0 ? busy_ms / 1000.0 / out.run_s : 0.0;
}

}  // namespace

scenario_def io_scenario() {
  scenario_def def;
  def.spec = {"io",
              "requests round trips to lab-server, each answered after delay_ms, concurrency in flight",
              "delay_ms x ceil(requests / concurrency)",
              {"serial", "threads", "procs", "async"},
              {{"requests", param_kind::integer, "100", 0, 1e7, {}, "requests; 0 = one per unit in flight (= concurrency)", {}},
               {"delay_ms", param_kind::integer, "100", 0, 3.6e6, {}, "the server answers each request after this many ms", {}},
               {"concurrency", param_kind::integer, "10", 0, 1e6, {},
                "requests in flight (threads, processes, coroutines); 0 = all at once; serial: 1", {}},
               spec::server(), spec::timeout_ms("30000"), spec::seed(), spec::spawn(), spec::loop_threads()}};
  def.spec.needs_server = [](const params&) { return true; };
  def.plan = io_plan;
  def.finish = io_finish;
  return def;
}

}  // namespace lab
