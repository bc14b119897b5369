#include "catalog/scenarios.hpp"

#include <algorithm>

namespace lab {

namespace k = metric_keys;

namespace {

const char* const cpu_bound = "CPU-bound";
const char* const waits = "Many waits";
const char* const mixed_work = "Mixed CPU and I/O";
const char* const many_units = "Many units";
const char* const yielding = "Yielding";
const char* const your_workload = "Your workload";

const primary_metric& wall_time() {
  static const primary_metric wall{"", true, "wall time", " median", "fastest", "faster", false, true, {}};
  return wall;
}

primary_metric wall_with(std::vector<std::string> lead) {
  primary_metric m = wall_time();
  m.lead_metrics = std::move(lead);
  return m;
}

// Metrics any task scenario's record may hold (the models' own: scenario/registry.cpp,
// models/procs_model.cpp).
const std::vector<metric_info>& common_metrics() {
  static const std::vector<metric_info> all{
      {k::tasks, "", ""},
      {k::units, "", ""},
      {k::yields, "", ""},
      {k::rss_sum_kib, "Memory summed over the run's processes", "KiB"},
  };
  return all;
}

}  // namespace

const std::vector<std::string>& workload_classes() {
  static const std::vector<std::string> all{your_workload, cpu_bound, waits, mixed_work, many_units, yielding};
  return all;
}

const std::vector<scenario_info>& scenario_catalog() {
  static const std::vector<scenario_info> all{
      {scenario_names::profile, "your workload, step by step", your_workload,
       "tasks / the lowest of: usable CPUs / measured CPU per task (the CPU ceiling), 1 / the CPU per task held "
       "under the lock, units in flight / (CPU per task + the steps' nominal waits), connections / the requests' nominal time per task; open loop: at "
       "least the schedule's length + one task",
       {k::throughput_tps, false, "throughput", " tasks/s", "highest throughput", "higher", false, true,
        {k::p99_ms, k::cpu_ms, k::calls_ms, k::queue_ms, k::cpu_ceiling_tps, k::mem_per_unit_kib}},
       {{k::throughput_tps, "Tasks per second", ""},
        {k::p50_ms, "", "ms"},
        {k::p99_ms, "", "ms"},
        {k::p999_ms, "", "ms"},
        {k::cpu_ms, "CPU per task", "ms"},
        {k::calls_ms, "Time in calls per task", "ms"},
        {k::calls_over_ms, "Calls beyond their nominal time", "ms"},
        {k::queue_ms, "Time queued per task", "ms"},
        {k::wait_cpu_ms, "Queued for a CPU or the lock", "ms"},
        {k::wait_unit_ms, "Queued for a unit", "ms"},
        {k::cpu_ceiling_tps, "CPU ceiling (tasks/s)", ""},
        {k::locked_cpu_ms, "CPU held under the lock per task", "ms"},
        {k::lock_ceiling_tps, "Lock ceiling (tasks/s)", ""},
        {k::achieved_concurrency, "", ""},
        {k::connection_waits, "", ""},
        {k::mem_peak_kib, "Peak memory", "KiB"}},
       {}, {"cpu_pool"}, false, true, k::mem_per_unit_kib},
      {scenario_names::cpu, "CPU sums", cpu_bound,
       "measured task CPU time summed / min(parallelism, cpus); async on one loop thread: the sum",
       wall_time(),
       {{k::ns_per_sample, "", "ns"}},
       {}, {}, true, true, ""},
      {scenario_names::sleep, "sleeps", waits, "ms x ceil(tasks / workers)", wall_time(), {}, {}, {}, false, false, ""},
      {scenario_names::io, "round trips to lab-server", waits,
       "delay_ms x ceil(requests / concurrency); open loop: at least the schedule's length + delay_ms",
       wall_with({k::p50_ms, k::p99_ms}),
       {{k::p50_ms, "", "ms"},
        {k::p99_ms, "", "ms"},
        {k::p99_sent_ms, "", "ms"},
        {k::achieved_rps, "", ""},
        {k::cpu_floor_s, "", "s"},
        {k::server_cpu_s, "", "s"}},
       {}, {}, false, false, ""},
      {scenario_names::mixed, "a request beside a local sum", mixed_work,
       "max(S, L) with S the request's measured time and L the local sum's CPU time; serial: S + L",
       wall_with({k::server_s, k::local_s}),
       {{k::server_s, "", "s"}, {k::local_s, "", "s"}},
       {}, {}, false, true, ""},
      {scenario_names::spawn, "the cost of a unit", many_units,
       "none: metrics.per_unit_ns is the slope of time = a + b units (least squares, r2 beside it); "
       "metrics.mem_per_unit_kib is the footprint of units alive at once over the empty model, per unit "
       "(procs: PSS of the children plus the parent's change; else RSS)",
       {k::per_unit_ns, true, "cost per unit", " per unit", "cheapest", "cheaper", true, false,
        {k::per_unit_r2, k::mem_per_unit_kib, k::mem_method, k::kernel_stack_per_unit_kib,
         k::page_tables_per_unit_kib, k::alive_when_sampled}},
       {{k::per_unit_ns, "", "ns"},
        {k::per_unit_r2, "", ""},
        {k::mem_per_unit_kib, "Memory per unit alive", "KiB"},
        {k::mem_method, "", "text"},
        {k::kernel_stack_per_unit_kib, "Kernel stack per unit", "KiB"},
        {k::page_tables_per_unit_kib, "Page tables per unit", "KiB"},
        {k::alive_when_sampled, "", ""},
        {k::child_pss_mean_kib, "Memory (PSS) of one child process", "KiB"},
        {k::mem_held_kib, "Memory held with every unit alive", "KiB"},
        {k::mem_baseline_kib, "Memory before the units", "KiB"}},
       {}, {"exec_target"}, false, false, k::mem_per_unit_kib},
      {scenario_names::switch_, "a hand-off between two units", many_units,
       "none: metrics.switch_ns is the time of one one-way hand-off",
       {k::switch_ns, true, "time per one-way hand-off", " per hand-off", "cheapest", "cheaper", true, false,
        {k::mechanism, k::ctx_switches_per_handoff}},
       {{k::switch_ns, "", "ns"},
        {k::mechanism, "", "text"},
        {k::ctx_switches_per_handoff, "", ""}},
       {}, {}, false, false, ""},
      {scenario_names::yield, "a CPU task beside an I/O task", yielding,
       "I/O latency (send to answer read) = io_ms and CPU time = the CPU task alone "
       "(metrics.cpu_baseline_s, measured in the same process); ideal_s = the larger",
       {k::io_latency_ms, true, "I/O latency", " I/O latency", "most responsive", "lower", false, false,
        {k::io_ideal_ms, k::cpu_slowdown, k::yields, k::ns_per_yield}},
       {{k::io_latency_ms, "I/O latency", "ms"},
        {k::io_ideal_ms, "", "ms"},
        {k::cpu_s, "CPU task time", "s"},
        {k::cpu_slowdown, "", ""},
        {k::ns_per_yield, "Cost of one yield", "ns"}},
       {"yield_every"}, {}, false, false, ""},
      {scenario_names::reference, "stress-ng's figures", "",
       "none: metrics.<stressor>_ns_per_op = 1e9 / bogo-ops per second of wall time, beside the lab's own figures",
       wall_time(), {}, {}, {}, false, false, ""},
  };
  return all;
}

const scenario_info* find_scenario_info(std::string_view name) {
  for (const auto& s : scenario_catalog())
    if (s.name == name) return &s;
  return nullptr;
}

const primary_metric& primary_of(std::string_view scenario) {
  const scenario_info* s = find_scenario_info(scenario);
  return s ? s->primary : wall_time();
}

const std::string& ideal_of(std::string_view scenario) {
  static const std::string none;
  const scenario_info* s = find_scenario_info(scenario);
  return s ? s->ideal : none;
}

std::string workload_class_of(std::string_view scenario) {
  const scenario_info* s = find_scenario_info(scenario);
  return s && !s->workload_class.empty() ? s->workload_class : std::string(scenario);
}

std::string metric_label(std::string_view key) {
  for (const auto& m : common_metrics())
    if (m.key == key) return m.label;
  for (const auto& s : scenario_catalog())
    for (const auto& m : s.metrics)
      if (m.key == key) return m.label;
  return {};
}

const std::vector<std::string>& model_variant_params() {
  static const std::vector<std::string> all{"spawn", "loop_threads", "yield_every", "stack_kib", "cpu_pool"};
  return all;
}

const std::vector<std::string>& preferred_axes() {
  static const std::vector<std::string> all{"workers",  "concurrency", "units",      "yield_every",
                                            "requests", "tasks",       "round_trips"};
  return all;
}

bool is_concurrency_knob(std::string_view param) {
  return param == "workers" || param == "concurrency" || param.find("threads") != std::string_view::npos;
}

const axis_fact* find_axis_fact(std::string_view param) {
  static const std::vector<axis_fact> all{{"yield_every", "Yield curve", "never yields"}};
  for (const auto& a : all)
    if (a.param == param) return &a;
  return nullptr;
}

}  // namespace lab
