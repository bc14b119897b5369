// Scenario `yield`: one CPU task beside one I/O task, the seeds' lesson on cooperative
// scheduling. The I/O task is a `delay io_ms` request to lab-server (io=timer: an awaited timer
// of io_ms instead, which keeps the network out of the measurement and needs no server). On one
// loop thread the CPU task yields every `yield_every` samples; yield_every=0 never yields, and
// the I/O task cannot read its answer until the whole CPU task is done. threads run the two on
// two threads, where the kernel preempts instead (pin=same puts both on one CPU, so preemption
// is all there is).
//
// Order (async): the request must be in flight before the CPU task takes the loop, as in the
// seeds, where the request is out and its answer waits for the loop. Connecting and sending
// are themselves awaited steps that a greedy task would hold up, so the CPU task first waits,
// yielding, until the I/O task has sent its request (or armed its timer, or failed); the CPU
// time (metrics.cpu_s) starts after that wait. The I/O latency runs from the send to the
// moment the I/O coroutine has read the answer: with yield_every=0 it covers the whole CPU
// task by construction. threads do not wait: the kernel preempts whichever thread runs, so
// the order matters for no more than a time slice, and the latency is measured from the send.
//
// Reading the curve: with chunks of yield_every samples, an answer that arrives during a chunk
// is read only after the chunk *after* the next yield. Asio's io_context polls the socket as one
// queued operation: at a yield it finds the answer, but the CPU task's resumption is already
// queued ahead of the read's completion. With 5*10^7 samples at ~0.83 ns (~8.3 ms a chunk of
// 10^7) and io_ms=10, the answer is seen at the 16.6 ms yield and read at ~25 ms.
#include <atomic>
#include <chrono>
#include <memory>

#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "models/placement.hpp"
#include "net/protocol.hpp"
#include "scenario/chunked_sum.hpp"
#include "scenario/common_params.hpp"
#include "scenario/net_tasks.hpp"
#include "scenario/scenario.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace {

using clock_type = std::chrono::steady_clock;

// Task 0 is the I/O task and task 1 the CPU task: the async model starts its coroutines in
// task order, so the I/O task starts connecting before the CPU task exists.
constexpr std::size_t io_task = 0, cpu_task = 1;

double seconds_since(clock_type::time_point t0) {
  return std::chrono::duration<double>(clock_type::now() - t0).count();
}

double seconds_of(auto&& fn) {
  const auto t0 = clock_type::now();
  fn();
  return seconds_since(t0);
}

// What the two tasks of one run share. The tasks write the figures; yield_run reads them
// after run_tasks has joined its threads or run its loop to the end.
struct yield_state {
  std::atomic<bool> io_started{false};  // request sent (timer armed), or the I/O task ended
  double io_latency_s = 0;  // send to answer read
  double cpu_s = 0;         // the CPU task's own time, after any wait for the send
};

// Sets io_started however the I/O coroutine ends, so a failed connect never leaves the CPU
// task waiting for a send that will not come.
struct release_on_exit {
  std::atomic<bool>& flag;
  ~release_on_exit() { flag.store(true, std::memory_order_release); }
};

struct io_task_params {
  bool timer = false;
  std::chrono::milliseconds io{0};
  net::server_address server;
  std::string line;
  std::chrono::milliseconds timeout{0};
};

task_body io_task_body(std::shared_ptr<yield_state> st, io_task_params io) {
  release_on_exit release{st->io_started};
  if (io.timer) {
    const auto t0 = clock_type::now();
    st->io_started.store(true, std::memory_order_release);
    co_await wait::sleep_for{io.io};
    st->io_latency_s = seconds_since(t0);
  } else {
    wait::round_trip request{&io.server, io.line, clock_type::now() + io.timeout, nullptr,
                             [st] { st->io_started.store(true, std::memory_order_release); }};
    const net::exchange_stamps stamps = co_await request;
    expect_answer(io.server, io.line, stamps.answer, "ok");
    st->io_latency_s = stamps.latency_s();
  }
  co_return 0.0;
}

task_body cpu_task_body(std::shared_ptr<yield_state> st, std::uint64_t seed, std::uint64_t samples,
                        std::uint64_t every) {
  // Let the I/O task connect and send first (see the top of this file); not counted as yields.
  co_await wait::give_way_until{&st->io_started};
  const auto t0 = clock_type::now();
  chunked_sum sum(dist::uniform, seed, cpu_task, samples, every);
  while (sum.compute_chunk()) co_await wait::yield_now{};
  st->cpu_s = seconds_since(t0);
  co_return sum.total();
}

task_set yield_tasks(const params& p, const std::shared_ptr<yield_state>& st) {
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto samples = static_cast<std::uint64_t>(p.integer("samples"));
  const std::uint64_t every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  io_task_params io;
  io.io = std::chrono::milliseconds(p.integer("io_ms"));
  io.timer = p.text("io") == "timer";
  io.server = io.timer ? net::server_address{} : server_of(p, "yield");
  io.timeout = std::chrono::milliseconds(p.integer("timeout_ms"));
  io.line = net::to_line(net::delay_request{static_cast<std::uint64_t>(io.io.count())});
  task_set set;
  set.tasks = 2;
  set.workers = 2;
  set.body = [=](std::size_t task) {
    return task == io_task ? io_task_body(st, io) : cpu_task_body(st, seed, samples, every);
  };
  return set;
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
  auto st = std::make_shared<yield_state>();
  const task_set tasks = yield_tasks(p, st);
  std::vector<task_result> results;
  const double run_s = seconds_of([&] { results = m.run_tasks(tasks); });
  const double after = seconds_of([&] { total = task_total(dist::uniform, seed, cpu_task, samples); });
  const double baseline = (before + after) / 2;
  if (results[cpu_task].value != total)
    throw run_error("the CPU task's total differs from the same sum in one pass: the chunking lost samples");

  outcome out;
  out.run_s = run_s;
  out.checksum = checksum_of(results);
  out.task_hash = task_hash_of(results);
  out.ideal_s = std::max(baseline, io_ms / 1000);
  const double cpu_s = st->cpu_s;
  const double io_latency_ms = st->io_latency_s * 1000;
  const std::uint64_t n_yields = total_yields(results);
  out.metrics["yield_every"] = p.has("yield_every") ? boost::json::value(p.integer("yield_every")) : nullptr;
  out.metrics[metric_keys::yields] = n_yields;
  out.metrics[metric_keys::cpu_s] = cpu_s;
  out.metrics["cpu_baseline_s"] = baseline;
  out.metrics[metric_keys::cpu_slowdown] = baseline > 0 ? cpu_s / baseline : 0.0;
  out.metrics[metric_keys::ns_per_yield] = n_yields ? boost::json::value((cpu_s - baseline) * 1e9 / static_cast<double>(n_yields)) : nullptr;
  out.metrics[metric_keys::io_latency_ms] = io_latency_ms;
  out.metrics[metric_keys::io_ideal_ms] = io_ms;
  out.metrics["io_delay_ms"] = io_latency_ms - io_ms;
  out.metrics["pin"] = p.text("pin");
  return out;
}

scenario_def yield_scenario() {
  scenario_def def;
  def.spec.summary = "one CPU task of samples uniform samples beside one I/O task (a `delay io_ms` request to lab-server, "
                      "sent before the CPU task starts; io=timer: an awaited timer of io_ms); async yields to the loop "
                      "every yield_every samples (0 = greedy), threads preempt";
  def.spec.params = {{.name = "samples",
                      .default_value = "50000000",
                      .min = 1,
                      .max = 1e12,
                      .help = "uniform samples the CPU task sums"},
                     {.name = "io_ms",
                      .default_value = "10",
                      .max = 3.6e6,
                      .help = "the server answers the I/O task's `delay` request after this many ms (io=timer: the timer's wait)"},
                     {.name = "io",
                      .kind = param_kind::choice,
                      .default_value = "request",
                      .choices = {"request", "timer"},
                      .help = "the I/O task: request = a `delay io_ms` request to lab-server; timer = an awaited timer "
                              "(threads: a sleep) of io_ms: no network, the model never contacts a server"},
                     spec::yield_every("100000"),
                     spec::loop_threads(),
                     spec::pin({"none", "same"}),
                     spec::server(),
                     // A greedy task holds the answer until the CPU task ends: the bound must exceed that.
                     spec::timeout_ms("60000"),
                     spec::seed()};
  def.spec.needs_server = [](const params& p) { return p.text("io") == "request"; };  // io=timer: none
  def.run = yield_run;
  return def;
}

const register_scenario registered{scenario_names::yield, yield_scenario};

}  // namespace

}  // namespace lab
