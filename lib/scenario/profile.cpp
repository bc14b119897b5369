// Scenario `profile`: the user's own workload. A task is a sequence of steps written in the
// config or on the command line (scenario/profile_steps.hpp: cpu, locked cpu, request,
// request compute, sleep, memory); `tasks` of them run with `concurrency` units in flight
// (closed loop) or, with `rate`, each due at its time (open loop, as io). Every model carries
// out the same steps its own way through the one task coroutine (models/task.hpp): CPU steps
// run the same kernel on the same samples everywhere, so every model returns one checksum.
//
// Each task measures how its time divided (scenario/profile_state.hpp: profile_figure); the
// finish step (profile_finish.cpp) turns that into throughput, latency percentiles, the time
// breakdown, the CPU ceiling and memory per unit.

#include <algorithm>
#include <cstring>
#include <memory>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "measure/proc_memory.hpp"
#include "measure/speed.hpp"
#include "measure/thread_cpu.hpp"
#include "models/run_lock.hpp"
#include "net/protocol.hpp"
#include "scenario/chunked_sum.hpp"
#include "scenario/common_params.hpp"
#include "scenario/net_tasks.hpp"
#include "scenario/profile_state.hpp"
#include "scenario/scenario.hpp"
#include "workload/sum.hpp"

namespace lab {

using clock_type = std::chrono::steady_clock;

namespace {

namespace fig = profile_figure;

double seconds_between(clock_type::time_point a, clock_type::time_point b) {
  return std::chrono::duration<double>(b - a).count();
}

// The sum a CPU step computes: its own stream of the task's draws, so steps do not repeat work.
std::uint64_t stream_of(std::size_t task, std::size_t step_index) {
  return static_cast<std::uint64_t>(task) * step_limits::max_steps + step_index;
}

// One stretch of a CPU step on the CPU, timed by its thread's clocks.
template <class Work>
void timed_cpu(task_figures& f, Work&& work) {
  const auto w0 = clock_type::now();
  const double c0 = thread_cpu_seconds();
  work();
  const double cpu = thread_cpu_seconds() - c0;
  f[fig::cpu] += cpu;
  f[fig::wait_cpu] += std::max(0.0, seconds_between(w0, clock_type::now()) - cpu);
}

// The line a request or compute step sends; a compute step's seed keeps its draws its own.
std::string request_line(const profile_state& st, const step& s, std::uint64_t stream) {
  return s.kind == step_kind::request ? net::to_line(net::delay_request{s.delay_ms})
                                      : net::to_line(net::gauss_request{s.samples, stream ^ st.seed});
}

// What a round trip's answer gives the task: a request's is checked, a compute's total joins
// the task's value; a wait for a pooled connection is counted (its time is in the step's).
void take_answer(const profile_state& st, const step& s, const std::string& line,
                 const net::exchange_stamps& answer, double& value, task_figures& f) {
  if (s.kind == step_kind::request) {
    expect_answer(*st.server, line, answer.answer, "ok");
  } else {
    value += total_of(*st.server, line, answer.answer);
  }
  f[fig::lease_waits] += answer.lease_wait_s > 0 ? 1 : 0;
}

// A memory step's block, written once: every page is the task's own.
std::unique_ptr<char[]> written_block(std::uint64_t kib) {
  const std::size_t bytes = static_cast<std::size_t>(kib) * 1024;
  std::unique_ptr<char[]> block(new char[bytes]);
  std::memset(block.get(), 0x5a, bytes);
  return block;
}

// The parameters are copies in the coroutine's frame (C++ Core Guidelines CP.51). Every wait
// is a co_await in this body: the helpers above are plain calls that never suspend, so none
// needs a frame of its own (an allocation per task) or holds a reference across a wait.
task_body profile_task(std::shared_ptr<profile_state> st, std::size_t task) {
  task_figures& f = co_await my_figures{};
  const task_plan& plan = st->kinds[task % st->kinds.size()];
  net::connection_pool* pool = st->connections ? st->connections->pool_for(task) : nullptr;
  const auto due = due_time(st->schedule, task);
  co_await wait::sleep_until{due};
  const auto start = clock_type::now();
  if (st->schedule) f[fig::wait_unit] = std::max(0.0, seconds_between(due, start));
  double value = 0;
  std::vector<std::unique_ptr<char[]>> held;  // memory steps, released when the task ends
  for (std::size_t i = 0; i < plan.steps.size(); ++i) {
    const step& s = plan.steps[i];
    const std::uint64_t stream = stream_of(task, i);
    switch (s.kind) {
      case step_kind::cpu: {
        // In chunks of yield_every samples, yielding between them where units share a thread;
        // the total is the one pass's, bit for bit, however it is chunked (workload/sum.hpp).
        chunked_sum sum(dist::uniform, st->seed, stream, s.samples, st->yield_every, task);
        for (bool more = true; more;) {
          co_await wait::compute_next{};
          timed_cpu(f, [&] { more = sum.compute_chunk(); });
          if (more) co_await wait::yield_now{};
        }
        value += sum.total();
        break;
      }
      case step_kind::locked_cpu:
        // Never yields: a unit holding the lock must not wait on anything (models/run_lock.hpp).
        co_await wait::compute_next{};
        timed_cpu(f, [&] {
          run_lock::hold held_lock;
          value += uniform_sum(st->seed, stream, s.samples);
        });
        break;
      case step_kind::request:
      case step_kind::compute: {
        // Timed as the task sees it, like a sleep: the wait for a pooled connection, the
        // connect (connections=0) and the answer waiting for its unit to run again included.
        const std::string line = request_line(*st, s, stream);
        const auto t0 = clock_type::now();
        wait::round_trip request{&*st->server, line, t0 + st->timeout, pool};
        const net::exchange_stamps answer = co_await request;
        f[fig::calls] += seconds_between(t0, clock_type::now());
        take_answer(*st, s, line, answer, value, f);
        break;
      }
      case step_kind::sleep: {
        const auto t0 = clock_type::now();
        co_await wait::sleep_for{std::chrono::nanoseconds(static_cast<std::int64_t>(s.seconds * 1e9))};
        f[fig::calls] += seconds_between(t0, clock_type::now());
        break;
      }
      case step_kind::memory:
        held.push_back(written_block(s.kib));
        break;
    }
  }
  f[fig::latency] = seconds_between(st->schedule ? due : start, clock_type::now());
  co_return value;
}

bool has_requests(const task_kinds& kinds) {
  for (const auto& steps : kinds)
    for (const step& s : steps)
      if (s.kind == step_kind::request || s.kind == step_kind::compute) return true;
  return false;
}

bool needs_server_for(const std::string& steps) { return has_requests(parse_task_kinds(steps)); }

std::vector<step> unrolled(const std::vector<step>& steps) {
  std::vector<step> out;
  for (const step& s : steps)
    for (std::uint64_t r = 0; r < s.repeat; ++r) {
      step one = s;
      one.repeat = 1;
      out.push_back(one);
    }
  return out;
}

prepared_tasks profile_prepare(const run_context& ctx) {
  const params& p = ctx.values;
  auto st = std::make_shared<profile_state>();
  st->seed = static_cast<std::uint64_t>(p.integer("seed"));
  st->timeout = std::chrono::milliseconds(p.integer("timeout_ms"));
  st->yield_every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  const double ns = p.number("ns_per_sample");
  const task_kinds kinds = parse_task_kinds(p.text("steps"));
  for (const auto& kind : kinds) {
    task_plan plan;
    plan.steps = unrolled(kind);
    double nominal_request_s = 0;
    for (step& s : plan.steps) {
      // A CPU step given as time runs as samples from here on (a compute step's are its own).
      if (s.cpu_as_time()) {
        if (ns <= 0) throw run_error("profile: a CPU step given as time needs ns_per_sample (lab measures it)");
        s.samples = static_cast<std::uint64_t>(std::llround(s.seconds * 1e9 / ns));
      }
      if (s.kind == step_kind::request) nominal_request_s += static_cast<double>(s.delay_ms) / 1000.0;
      if (s.kind == step_kind::sleep) plan.nominal_wait_s += s.seconds;
      st->computes_on_server = st->computes_on_server || s.kind == step_kind::compute;
    }
    plan.nominal_wait_s += nominal_request_s;
    st->nominal_wait_s += plan.nominal_wait_s;
    st->nominal_request_s += nominal_request_s;
    st->kinds.push_back(std::move(plan));
  }
  st->nominal_wait_s /= static_cast<double>(st->kinds.size());
  st->nominal_request_s /= static_cast<double>(st->kinds.size());
  task_set set;
  const auto concurrency = static_cast<std::size_t>(p.integer("concurrency"));
  set.tasks = static_cast<std::size_t>(p.integer("tasks"));
  set.workers = workers_for(concurrency, set.tasks);
  st->schedule = schedule_of(p, set.tasks);
  if (has_requests(kinds)) {
    st->server = server_of(p, scenario_names::profile);
    st->connections = std::make_unique<task_connections>(*st->server, static_cast<std::size_t>(p.integer("connections")),
                                                         st->timeout, p.has("spawn"), units_for(concurrency, set.tasks));
  }
  st->rss_before_kib = proc_status_value(0, "VmRSS").value_or(0);
  set.body = [st](std::size_t task) { return profile_task(st, task); };
  set.account_units = true;  // where the time went, when efficiency falls short
  prepared_tasks run{std::move(set), {}};
  run.finish = [st, ctx, set = run.tasks](const std::vector<task_result>& results, const model& m, outcome& out) {
    profile_finish(*st, ctx, set, results, m, out);
  };
  return run;
}


// This machine's speed, measured once per lab process: every run of a sweep gets the same.
double calibrated_ns_per_sample() {
  static const double ns = measure_ns_per_sample();
  return ns;
}

// The most memory steps any one kind of task holds at once.
std::uint64_t held_kib(const task_kinds& kinds) {
  std::uint64_t kib = 0;
  for (const auto& steps : kinds) {
    std::uint64_t held = 0;
    for (const step& s : steps)
      if (s.kind == step_kind::memory) held += s.kib * s.repeat;
    kib = std::max(kib, held);
  }
  return kib;
}

// What a run holds at once, for the preflight (scenario/preflight.hpp): its units, the memory
// steps each task holds, and a connection per unit in flight (or the shared ones) where it
// makes requests.
run_demand profile_demand(std::string_view model, const values_map& v) {
  const auto kinds = parse_task_kinds(v.at("steps"));
  const auto tasks = std::stoull(v.at("tasks"));
  run_demand d;
  // serial runs one task at a time, whatever concurrency says
  d.units = is_baseline_model(model) ? 1 : units_for(std::stoull(v.at("concurrency")), tasks);
  d.held_kib = held_kib(kinds);
  d.lower = "concurrency";
  if (has_requests(kinds)) {
    const auto connections = std::stoull(v.at("connections"));
    d.descriptors = descriptors_needed(model, d.units, connections);
    d.descriptors_are = connections > 0 ? "connections in one process" : "units in flight each holding a connection";
    if (connections > 0) d.lower = "connections";
  }
  return d;
}

void profile_settle(std::string_view model, std::map<std::string, std::string>& v) {
  const auto kinds = parse_task_kinds(v.at("steps"));
  if (has_requests(kinds)) {
    if (const std::string why = gap_reason(model, scenario_names::io); !why.empty())
      throw usage_error("profile: the request steps cannot run on " + std::string(model) + ": " + why +
                        " (drop the request steps, or choose another model)");
  }
  bool cpu_as_time = false;
  for (const auto& steps : kinds)
    for (const step& s : steps) cpu_as_time = cpu_as_time || s.cpu_as_time();
  if (cpu_as_time && std::stod(v.at("ns_per_sample")) == 0) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4g", calibrated_ns_per_sample());
    v["ns_per_sample"] = buf;
  }
}

scenario_def profile_scenario() {
  scenario_def def;
  param_spec steps{.name = "steps",
                   .kind = param_kind::text,
                   .default_value = "cpu 1ms, request 10ms",
                   .help = "the task, step by step: " + step_forms()};
  steps.check_text = [](const std::string& text) { return to_text(parse_task_kinds(text)); };
  def.spec.summary = "your workload: tasks of steps (CPU, requests, sleeps, memory, a shared lock), concurrency in flight "
                      "or due at rate";
  def.spec.params = {steps,
                     {.name = "tasks", .default_value = "200", .min = 1, .max = 1e7, .help = "tasks in the run"},
                     {.name = "concurrency",
                      .default_value = "50",
                      .max = 1e6,
                      .help = "units in flight (threads, processes, coroutines, fibers); 0 = one per task; serial: 1"},
                     spec::rate("open loop: tasks due per second, each started when due if a unit is free; latency from "
                                "the due time; 0 = closed loop (latency from the task's start)"),
                     spec::arrival(),
                     {.name = "connections",
                      .default_value = "0",
                      .max = 1e5,
                      .help = "persistent lab-server connections the units share (a request waits for a free one; "
                              "metrics.connection_waits counts the waits); 0 = a connection per request"},
                     {.name = "p99_target_ms",
                      .kind = param_kind::number,
                      .default_value = "0",
                      .max = 3.6e6,
                      .help = "open loop: the p99 latency a rate must keep to count as kept up with (the report's highest "
                              "sustainable rate); 0 = twice the task's time alone (its CPU and its steps' waits)"},
                     {.name = "ns_per_sample",
                      .kind = param_kind::number,
                      .default_value = "0",
                      .max = 1e6,
                      .help = "the kernel's speed that turns a CPU step given as time into samples; 0 = measured on this "
                              "machine once per lab process (the record's params keep the figure used)"},
                     spec::server(), spec::timeout_ms("30000"), spec::seed(), spec::spawn(), spec::loop_threads(),
                     spec::cpu_pool(), spec::stack_kib(), spec::fiber_stack(), spec::yield_every("0")};
  def.spec.needs_server = [](const params& p) { return needs_server_for(p.text("steps")); };
  def.spec.settle = profile_settle;
  def.demand = profile_demand;
  def.prepare = profile_prepare;
  return def;
}

const register_scenario registered{scenario_names::profile, profile_scenario};

}  // namespace

}  // namespace lab
