// Scenario `io`: `requests` round trips to a lab-server that answers each after `delay_ms`,
// `concurrency` in flight: I/O-bound work over real loopback sockets. A request goes on its
// own connection (connections=0) or on one of `connections` persistent ones. Closed loop by
// default (a request leaves when a unit is free); with `rate` > 0 open loop: request i is due
// at its scheduled time (scenario/open_loop.hpp) and its latency counts from then.
//
// How the models split sending and waiting: every unit (serial's one thread, a thread, a
// process, a coroutine) takes the next request, sleeps until it is due, sends it and waits
// for its answer; so a model keeps up with a rate only while rate x latency < its units
// (Little's law), and past that its sends fall behind schedule: latency from the due time
// grows, latency from the send does not. Serial, with one unit, falls behind first.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <memory>
#include <mutex>
#include <numeric>
#include <optional>
#include <thread>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "net/connection_pool.hpp"
#include "net/protocol.hpp"
#include "scenario/common_params.hpp"
#include "scenario/net_tasks.hpp"
#include "scenario/open_loop.hpp"
#include "scenario/task_connections.hpp"
#include "scenario/scenario.hpp"
#include "trace/trace.hpp"

namespace lab {

using clock_type = std::chrono::steady_clock;

namespace {

struct io_state {
  net::server_address server;
  std::string line, stall_line;
  std::chrono::milliseconds timeout{0};
  std::size_t stall_task = SIZE_MAX;        // sends `stall` first
  std::optional<arrival_schedule> schedule;  // open loop
  std::unique_ptr<task_connections> connections;
};

// What a request task measures of itself beside its latencies (task_result::figures).
constexpr std::size_t connection_waits_figure = 0;  // its exchanges that waited for a free connection

double latencies(clock_type::time_point due, clock_type::time_point sent, clock_type::time_point answered) {
  return pack_latencies(std::chrono::duration<double>(answered - due).count(),
                        std::chrono::duration<double>(answered - sent).count());
}

// One request: wait until it is due, send it, read its answer (after the stall request,
// for the task that sends that first).
task_body request_task(std::shared_ptr<io_state> st, std::size_t task) {
  task_figures& figures = co_await my_figures{};
  auto* pool = st->connections->pool_for(task);
  const auto due = due_time(st->schedule, task);
  co_await wait::sleep_until{due};
  // Pooled: both exchanges by one deadline; on fresh connections each has the whole timeout.
  const auto shared_deadline = clock_type::now() + st->timeout;
  auto deadline = [&] { return pool ? shared_deadline : clock_type::now() + st->timeout; };
  trace::span traced(trace::what::request, static_cast<std::int64_t>(task), trace::task_row);
  if (task == st->stall_task) {
    wait::round_trip stall{&st->server, st->stall_line, deadline(), pool};
    const net::exchange_stamps s = co_await stall;
    expect_answer(st->server, st->stall_line, s.answer, "ok");
    figures[connection_waits_figure] += s.lease_wait_s > 0 ? 1 : 0;
  }
  wait::round_trip request{&st->server, st->line, deadline(), pool};
  const net::exchange_stamps s = co_await request;
  expect_answer(st->server, st->line, s.answer, "ok");
  figures[connection_waits_figure] += s.lease_wait_s > 0 ? 1 : 0;
  co_return latencies(due, s.sent, s.answered);
}

void io_finish(const io_state& st, const run_context& ctx, const task_set& set,
               const std::vector<task_result>& results, const model& m, outcome& out) {
  const double delay_s = static_cast<double>(ctx.values.integer("delay_ms")) / 1000.0;
  // The units all run (metrics.units, as the runner set it); requests in flight at once are
  // as many as the connections where they are fewer, and the rest wait (connection_waits).
  auto in_flight = std::max<std::size_t>(1, m.concurrency(set));
  if (st.connections->count() > 0) in_flight = std::min(in_flight, st.connections->used());
  out.ideal_s = delay_s * std::ceil(static_cast<double>(set.tasks) / static_cast<double>(in_flight));
  if (st.schedule) out.ideal_s = std::max(*out.ideal_s, st.schedule->length_s() + delay_s);
  out.metrics[metric_keys::connections] = st.connections->used();
  if (results.empty()) return;
  stats::histogram from_due, from_send;
  double lag_s = 0, busy_s = 0, connection_waits = 0;
  double first_start = results.front().start_s, last_end = 0;
  for (const auto& r : results) {
    first_start = std::min(first_start, r.start_s);
    last_end = std::max(last_end, r.start_s + r.seconds);
    double due_s, send_s;
    unpack_latencies(r.value, due_s, send_s);
    from_due.record(due_s);
    from_send.record(send_s);
    lag_s = std::max(lag_s, due_s - send_s);
    busy_s += r.seconds;
    connection_waits += r.figures[connection_waits_figure];
  }
  // More units than connections: the rest waited for one, and the record says how often.
  if (st.connections->count() > 0) out.metrics[metric_keys::connection_waits] = connection_waits;
  latency_metrics(from_due, from_send, out.metrics);
  // The values carried latencies; the checksum counts the requests answered, as it always has.
  const std::vector<task_result> answered(results.size(), task_result{1.0, 0});
  out.checksum = checksum_of(answered);
  out.task_hash = task_hash_of(answered);
  // Over the requests' own span, first start to last answer: not the units' creation before
  // it (a hundred forks for procs), which would make a short point look as if it fell behind.
  const double span_s = last_end - first_start;
  out.metrics[metric_keys::achieved_rps] = span_s > 0 ? static_cast<double>(results.size()) / span_s : 0.0;
  if (st.schedule) {
    out.metrics["offered_rps"] = ctx.values.number("rate");
    out.metrics["max_send_lag_ms"] = lag_s * 1000.0;  // how far behind schedule the sends fell
  }
  // Little's law: requests in flight on average = total time in flight / elapsed time.
  out.metrics["achieved_concurrency"] = out.run_s > 0 ? busy_s / out.run_s : 0.0;
}

prepared_tasks io_prepare(const run_context& ctx) {
  const params& p = ctx.values;
  auto st = std::make_shared<io_state>();
  st->server = server_of(p, "io");
  st->timeout = std::chrono::milliseconds(p.integer("timeout_ms"));
  st->line = net::to_line(net::delay_request{static_cast<std::uint64_t>(p.integer("delay_ms"))});
  const auto concurrency = static_cast<std::size_t>(p.integer("concurrency"));
  const auto requests = static_cast<std::size_t>(p.integer("requests"));
  task_set set;
  set.tasks = requests == 0 ? concurrency : requests;
  set.workers = workers_for(concurrency, set.tasks);
  if (const auto stall = p.integer("stall_ms"); stall > 0) {
    st->stall_line = net::to_line(net::stall_request{static_cast<std::uint64_t>(stall)});
    st->stall_task = set.tasks / 2;
  }
  st->schedule = schedule_of(p, set.tasks);
  st->connections = std::make_unique<task_connections>(st->server, static_cast<std::size_t>(p.integer("connections")),
                                                         st->timeout, p.has("spawn"), units_for(concurrency, set.tasks));
  set.body = [st](std::size_t task) { return request_task(st, task); };
  prepared_tasks run{std::move(set), {}};
  run.finish = [st, ctx, set = run.tasks](const std::vector<task_result>& results, const model& m, outcome& out) {
    io_finish(*st, ctx, set, results, m, out);
  };
  return run;
}

// What a run holds at once (scenario/preflight.hpp): its units, and a connection each (or the
// shared ones), which are open files of its process.
run_demand io_demand(std::string_view model, const values_map& v) {
  const auto concurrency = std::stoull(v.at("concurrency"));
  const auto requests = std::stoull(v.at("requests"));
  const auto connections = std::stoull(v.at("connections"));
  run_demand d;
  d.units = is_baseline_model(model) ? 1 : units_for(concurrency, requests == 0 ? concurrency : requests);
  d.descriptors = descriptors_needed(model, d.units, connections);
  d.descriptors_are = connections > 0 ? "connections in one process" : "requests in flight each on a connection of its own";
  // The lab-server the driver starts (no server given) holds every connection at once.
  const std::uint64_t at_server = connections > 0 ? connections : d.units;
  if (const auto s = v.find("server"); (s == v.end() || s->second.empty()) && at_server > d.descriptors) {
    d.descriptors = at_server;
    d.descriptors_are = "connections at the lab-server it starts";
  }
  d.lower = connections > 0 ? "connections" : "concurrency";
  return d;
}

scenario_def io_scenario() {
  scenario_def def;
  def.spec.summary = "requests round trips to lab-server, each answered after delay_ms, concurrency in flight";
  def.spec.params = {{.name = "requests",
                      .default_value = "100",
                      .max = 1e7,
                      .help = "requests; 0 = one per unit in flight (= concurrency)"},
                     {.name = "delay_ms",
                      .default_value = "100",
                      .max = 3.6e6,
                      .help = "the server answers each request after this many ms"},
                     {.name = "concurrency",
                      .default_value = "10",
                      .max = 1e6,
                      .help = "requests in flight (threads, processes, coroutines, fibers); 0 = all at once; serial: 1"},
                     {.name = "connections",
                      .default_value = "0",
                      .max = 1e5,
                      .help = "persistent connections opened before timing, one request in flight on each; 0 = a connection "
                              "per request; procs: split over the worker processes (at least one each), opened at their first request"},
                     spec::rate("open loop: requests per second, each sent when due whatever the others; latency from the "
                                "due time (p99_ms) and from the send (p99_sent_ms); 0 = closed loop"),
                     spec::arrival(),
                     {.name = "stall_ms",
                      .default_value = "0",
                      .max = 3.6e6,
                      .help = "the server holds every answer this long, once, from when the middle request is due (a server pause)"},
                     spec::server(), spec::timeout_ms("30000"), spec::seed(), spec::spawn(), spec::loop_threads()};
  def.spec.needs_server = [](const params&) { return true; };
  def.prepare = io_prepare;
  def.demand = io_demand;
  return def;
}

const register_scenario registered{scenario_names::io, io_scenario};

}  // namespace

}  // namespace lab
