// The profile scenario's figures from its tasks' own measurements (profile_state.hpp).
#include <algorithm>
#include <cmath>
#include <limits>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "measure/proc_memory.hpp"
#include "scenario/profile_state.hpp"
#include "scenario/scenario.hpp"
#include "stats/histogram.hpp"

namespace lab {

namespace {

namespace fig = profile_figure;
namespace k = metric_keys;

struct task_totals {
  double latency = 0, cpu = 0, calls = 0, wait_cpu = 0, wait_unit = 0, lease_waits = 0;
  double first_start = std::numeric_limits<double>::max(), last_end = 0;
  stats::histogram latencies;
};

task_totals add_up(const std::vector<task_result>& results) {
  task_totals t;
  for (const auto& r : results) {
    t.latency += r.figures[fig::latency];
    t.cpu += r.figures[fig::cpu];
    t.calls += r.figures[fig::calls];
    t.wait_cpu += r.figures[fig::wait_cpu];
    t.wait_unit += r.figures[fig::wait_unit];
    t.lease_waits += r.figures[fig::lease_waits];
    t.latencies.record(r.figures[fig::latency]);
    t.first_start = std::min(t.first_start, r.start_s);
    t.last_end = std::max(t.last_end, r.start_s + r.seconds);
  }
  return t;
}

// Peak memory of the run and per unit in flight, over this process before the run. procs: its
// processes' RSS summed (the model's rss_sum_kib), pages they share counted in each.
void memory_metrics(const profile_state& st, std::size_t units, outcome& out) {
  double peak = static_cast<double>(proc_status_value(0, "VmHWM").value_or(0));
  if (const auto* sum = out.metrics.if_contains(k::rss_sum_kib); sum && sum->is_number())
    peak = sum->to_number<double>();
  out.metrics[k::mem_peak_kib] = peak;
  out.metrics[k::mem_per_unit_kib] =
      std::max(0.0, peak - static_cast<double>(st.rss_before_kib)) / static_cast<double>(std::max<std::size_t>(1, units));
}

// A task's time alone: its CPU and its steps' waits as written (`nominal_wait_s`), or, where
// the server computes (a time no step writes down), its calls as measured.
double alone_s(const profile_state& st, double cpu, double calls, double nominal_wait_s) {
  return cpu + (st.computes_on_server ? calls : nominal_wait_s);
}

// The run's ideal: tasks at the lowest of the rates its resources allow, each taken from what
// this run measured (CPU) or what the steps ask for (waits). `alone`: a task's, on average.
double ideal_seconds(const profile_state& st, std::size_t tasks, std::size_t units, std::size_t cpus,
                     double cpu_per_task, double locked_per_task, double alone, double longest_alone) {
  double rate = std::numeric_limits<double>::infinity();
  if (cpu_per_task > 0) rate = std::min(rate, static_cast<double>(cpus) / cpu_per_task);
  if (locked_per_task > 0) rate = std::min(rate, 1 / locked_per_task);
  if (alone > 0) rate = std::min(rate, static_cast<double>(units) / alone);
  if (st.connections && st.connections->count() > 0 && st.nominal_request_s > 0)
    rate = std::min(rate, static_cast<double>(st.connections->used()) / st.nominal_request_s);
  double ideal = std::isfinite(rate) ? static_cast<double>(tasks) / rate : 0.0;
  // Nor can a run be shorter than its longest task alone (tasks of several kinds differ).
  ideal = std::max(ideal, longest_alone);
  if (st.schedule) ideal = std::max(ideal, st.schedule->length_s() + alone);
  return ideal;
}

// The lock admits one holder at a time: the CPU held under it per task bounds every model.
// `cpu`: the CPU a task took, on average; the lock's share of it is the share of the samples.
// Returns that CPU held per task, in seconds (0: no locked steps).
double lock_metrics(const profile_state& st, double cpu, outcome& out) {
  double locked = 0, all = 0;
  for (const auto& kind : st.kinds)
    for (const step& s : kind.steps) {
      if (!s.is_cpu()) continue;
      all += static_cast<double>(s.samples);
      if (s.kind == step_kind::locked_cpu) locked += static_cast<double>(s.samples);
    }
  if (locked <= 0 || cpu <= 0) return 0;
  const double held = cpu * locked / all;
  out.metrics[k::locked_cpu_ms] = held * 1e3;
  out.metrics[k::lock_ceiling_tps] = 1 / held;
  return held;
}

// Open loop: the rate offered, and the p99 a rate must keep to count as kept up with (the
// user's, or twice the task alone). `alone`: a task's, on average.
void open_loop_metrics(const run_context& ctx, double alone, outcome& out) {
  out.metrics[k::offered_rps] = ctx.values.number("rate");
  const double alone_ms = alone * 1e3;
  const double target = ctx.values.number("p99_target_ms");
  out.metrics[k::p99_target_ms] = target > 0 ? target : std::max(1.0, 2 * alone_ms);
  out.metrics[k::alone_ms] = alone_ms;
}

// The longest a task would take alone: its CPU and its kind's nominal waits (the server's
// measured time for a request the server computes).
double longest_alone(const profile_state& st, const std::vector<task_result>& results) {
  double longest = 0;
  for (std::size_t i = 0; i < results.size(); ++i) {
    const auto& f = results[i].figures;
    const task_plan& plan = st.kinds[i % st.kinds.size()];
    longest = std::max(longest, alone_s(st, f[fig::cpu], f[fig::calls], plan.nominal_wait_s));
  }
  return longest;
}

}  // namespace

void profile_finish(const profile_state& st, const run_context& ctx, const task_set& set,
                    const std::vector<task_result>& results, const model& m, outcome& out) {
  const std::size_t units = std::max<std::size_t>(1, m.concurrency(set));
  const std::size_t cpus = std::max<std::size_t>(1, std::min<std::size_t>(m.parallelism(set), usable_cpus()));
  memory_metrics(st, units, out);
  if (results.empty()) return;
  const task_totals t = add_up(results);
  const double n = static_cast<double>(results.size());
  const double span_s = t.last_end - t.first_start;
  const double tasks_per_s = span_s > 0 ? n / span_s : 0.0;
  out.metrics[k::throughput_tps] = tasks_per_s;
  latency_metrics(t.latencies, out.metrics);
  const double cpu = t.cpu / n, calls = t.calls / n, latency = t.latency / n;
  out.metrics[k::cpu_ms] = cpu * 1e3;
  out.metrics[k::calls_ms] = calls * 1e3;
  out.metrics[k::queue_ms] = std::max(0.0, latency - cpu - calls) * 1e3;
  // Calls beyond what the steps asked the server and the timers for: the answer waiting for its
  // unit to run again (a busy loop thread, a thread in the run queue), a free connection, the
  // server or the network.
  if (!st.computes_on_server) out.metrics[k::calls_over_ms] = std::max(0.0, calls - st.nominal_wait_s) * 1e3;
  out.metrics[k::wait_cpu_ms] = t.wait_cpu / n * 1e3;
  out.metrics[k::wait_unit_ms] = t.wait_unit / n * 1e3;
  if (cpu > 0) out.metrics[k::cpu_ceiling_tps] = static_cast<double>(cpus) / cpu;
  const double locked = lock_metrics(st, cpu, out);
  out.metrics[k::cpus_usable] = cpus;
  // Little's law: tasks in flight on average = throughput x time each spends in flight.
  out.metrics[k::achieved_concurrency] = tasks_per_s * latency;
  if (st.connections && st.connections->count() > 0) {
    out.metrics[k::connections] = st.connections->used();
    out.metrics[k::connection_waits] = t.lease_waits;
  }
  const double alone = alone_s(st, cpu, calls, st.nominal_wait_s);
  if (st.schedule) open_loop_metrics(ctx, alone, out);
  out.ideal_s = ideal_seconds(st, results.size(), units, cpus, cpu, locked, alone, longest_alone(st, results));
}

}  // namespace lab
