#pragma once
// The one list of scenarios as the report sees them: each one's workload class, what its
// runs are judged on, the metrics it reports and the facts about it the report needs. Pure
// data: it names no Asio or Boost.Process type, so a tool that only reads records links
// none of them. The live registry (scenario/scenario.hpp) runs the scenarios; it takes each
// one's name and ideal from here, and tests/catalog_test.cpp checks that the two agree.
//
// Metric keys are named once, below: the scenario code that writes a metric and the report
// code that reads it both use the constant, so a renamed metric is a compile error, not a
// blank report section.
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

namespace lab {

// Scenario names (--scenario=NAME, the record's "scenario").
namespace scenario_names {
inline constexpr char cpu[] = "cpu";
inline constexpr char sleep[] = "sleep";
inline constexpr char io[] = "io";
inline constexpr char mixed[] = "mixed";
inline constexpr char spawn[] = "spawn";
inline constexpr char switch_[] = "switch";
inline constexpr char yield[] = "yield";
inline constexpr char reference[] = "reference";
inline constexpr char profile[] = "profile";
// The order `lab list`, configs' checks and reports show them in. A new scenario adds its
// name above and here; its catalog entry, runner and report part register themselves
// (catalog/scenario_entry.hpp, scenario/scenario.hpp, report/scenario_part.hpp).
inline constexpr std::string_view in_order[] = {profile, cpu, sleep, io, mixed, spawn, switch_, yield, reference};
}  // namespace scenario_names

// Metric keys (the record's "metrics"), for the metrics some part of the lab reads back.
namespace metric_keys {
// every task scenario
inline constexpr char tasks[] = "tasks";
inline constexpr char units[] = "units";
inline constexpr char yields[] = "yields";
// cpu
inline constexpr char ns_per_sample[] = "ns_per_sample";
// sleep
inline constexpr char max_oversleep_ms[] = "max_oversleep_ms";
// io (open-loop percentiles: scenario/open_loop.cpp; the run's load: net/run_watch.cpp)
inline constexpr char p50_ms[] = "p50_ms";
inline constexpr char p90_ms[] = "p90_ms";
inline constexpr char p99_ms[] = "p99_ms";
inline constexpr char p999_ms[] = "p999_ms";
inline constexpr char max_ms[] = "max_ms";
inline constexpr char mean_ms[] = "mean_ms";
inline constexpr char p50_sent_ms[] = "p50_sent_ms";
inline constexpr char p90_sent_ms[] = "p90_sent_ms";
inline constexpr char p99_sent_ms[] = "p99_sent_ms";
inline constexpr char p999_sent_ms[] = "p999_sent_ms";
inline constexpr char max_sent_ms[] = "max_sent_ms";
inline constexpr char achieved_rps[] = "achieved_rps";
inline constexpr char cpu_floor_s[] = "cpu_floor_s";
inline constexpr char client_floor_s[] = "client_floor_s";
inline constexpr char client_threads[] = "client_threads";
inline constexpr char server_cpu_s[] = "server_cpu_s";
inline constexpr char server_accepted[] = "server_accepted";
inline constexpr char net_listen_overflows[] = "net_listen_overflows";
inline constexpr char net_listen_drops[] = "net_listen_drops";
inline constexpr char connections[] = "connections";  // io, profile: persistent connections open in the run
inline constexpr char connection_waits[] = "connection_waits";  // io, profile: requests that waited for a free connection
// mixed
inline constexpr char server_s[] = "server_s";
inline constexpr char local_s[] = "local_s";
inline constexpr char overlap_s[] = "overlap_s";
// spawn
inline constexpr char per_unit_ns[] = "per_unit_ns";
inline constexpr char per_unit_r2[] = "per_unit_r2";
inline constexpr char mem_per_unit_kib[] = "mem_per_unit_kib";
inline constexpr char mem_method[] = "mem_method";
inline constexpr char kernel_stack_per_unit_kib[] = "kernel_stack_per_unit_kib";
inline constexpr char page_tables_per_unit_kib[] = "page_tables_per_unit_kib";
// spawn: why a unit costs what it costs, over the timed runs at the largest count (getrusage
// of the process and its reaped children, divided by the units those runs created).
inline constexpr char minor_faults_per_unit[] = "minor_faults_per_unit";
inline constexpr char major_faults_per_unit[] = "major_faults_per_unit";
inline constexpr char sys_ns_per_unit[] = "sys_ns_per_unit";
inline constexpr char user_ns_per_unit[] = "user_ns_per_unit";
inline constexpr char kernel_share[] = "kernel_share";  // sys / (user + sys) of those runs
inline constexpr char unit_stack_kib[] = "unit_stack_kib";  // the stack a unit reserves; null: none of its own
inline constexpr char alive_when_sampled[] = "alive_when_sampled";
inline constexpr char mem_held_kib[] = "mem_held_kib";
inline constexpr char mem_baseline_kib[] = "mem_baseline_kib";
inline constexpr char child_pss_mean_kib[] = "child_pss_mean_kib";
inline constexpr char rss_sum_kib[] = "rss_sum_kib";
inline constexpr char stack_kib[] = "stack_kib";  // fibers: each fiber's stack
// switch
inline constexpr char switch_ns[] = "switch_ns";
inline constexpr char mechanism[] = "mechanism";
inline constexpr char ctx_switches_per_handoff[] = "ctx_switches_per_handoff";
// yield
inline constexpr char io_latency_ms[] = "io_latency_ms";
inline constexpr char io_ideal_ms[] = "io_ideal_ms";
inline constexpr char cpu_s[] = "cpu_s";
inline constexpr char cpu_slowdown[] = "cpu_slowdown";
inline constexpr char ns_per_yield[] = "ns_per_yield";
// profile (latency percentiles: the p*_ms above, from the task's due time or start)
inline constexpr char throughput_tps[] = "throughput_tps";  // tasks per second over the tasks' own span
inline constexpr char cpu_ms[] = "cpu_ms";                // mean CPU per task
inline constexpr char calls_ms[] = "calls_ms";            // mean time per task in its requests (connecting and
                                                          // waiting for a pooled connection included) and sleeps
inline constexpr char calls_over_ms[] = "calls_over_ms";  // of calls_ms, beyond the steps' nominal waits
inline constexpr char queue_ms[] = "queue_ms";            // mean time per task waiting: latency - cpu - calls
inline constexpr char wait_cpu_ms[] = "wait_cpu_ms";      // of it: in CPU steps off the CPU, or for the lock
inline constexpr char wait_unit_ms[] = "wait_unit_ms";    // of it: open loop, due but no unit free yet
inline constexpr char cpus_usable[] = "cpus_usable";          // min(the model's parallelism, usable CPUs)
inline constexpr char cpu_ceiling_tps[] = "cpu_ceiling_tps";  // usable CPUs / CPU per task
inline constexpr char locked_cpu_ms[] = "locked_cpu_ms";        // of cpu_ms, held under the run's lock
inline constexpr char lock_ceiling_tps[] = "lock_ceiling_tps";  // 1 / locked CPU per task
inline constexpr char offered_rps[] = "offered_rps";
inline constexpr char p99_target_ms[] = "p99_target_ms";  // open loop: the p99 a rate must keep
inline constexpr char alone_ms[] = "alone_ms";  // open loop: a task's time alone, its CPU and nominal waits
inline constexpr char achieved_concurrency[] = "achieved_concurrency";
inline constexpr char mem_peak_kib[] = "mem_peak_kib";
}  // namespace metric_keys

// Values of text metrics the report reads.
namespace metric_values {
inline constexpr char pss_sum_children[] = "pss_sum_children";  // mem_method: procs' children by PSS
}  // namespace metric_values

// What a scenario's runs are ranked on: the wall time of the run, or a metric the run
// measures when the wall time is not the question (spawn: the marginal cost of one unit,
// whatever the number of units; switch: one hand-off; yield: how long the I/O waited).
// Every comparison, ranking, "fastest"/"cheapest" sentence and the tables' main column use it.
struct primary_metric {
  std::string key{};           // metrics key; "" = wall_s
  bool lower_is_better = true;
  std::string label{};         // "wall time", "cost per unit", ...
  std::string per{};           // after a value: " median", " per unit", " per hand-off", " I/O latency"
  std::string superlative{};   // "fastest", "cheapest", "most responsive"
  std::string comparative{};   // "faster", "cheaper", "lower"
  bool serial_is_floor = false;      // the baseline model is a plain call: the floor, not a contender
  bool peak_memory_matters = true;   // peak RSS is part of the answer (not for per-unit figures)
  std::vector<std::string> lead_metrics{};  // metrics shown first in the tables (numeric or text)

  bool wall() const { return key.empty(); }
  std::string name() const { return wall() ? "wall_s" : key; }
};

// A metric a scenario reports, in words.
struct metric_info {
  std::string key{};
  std::string label{};  // how a chart titles it; "" = the key's words
  std::string unit{}; // "s", "ms", "ns", "KiB", "" for a count or ratio, "text"
};

// The parameters a speedup is fitted over with Amdahl's law: the units working at once, and
// the tasks they share (cpu: `workers` and `tasks`).
struct amdahl_axes {
  std::string workers{};
  std::string tasks{};
};

// Identical single-unit work the fairness check (lab check, check/fairness.hpp) runs in every
// model: any difference between models on it is bias, not the model. Its figure is a metric
// of the run, plus a parameter where the metric is an excess over it (sleep: the oversleep
// over `ms`).
struct check_item {
  std::string name{};  // "cpu-uniform"
  std::string what{};  // a line for people
  std::string unit{};  // of its figure
  bool cpu_bound = false;
  std::vector<std::pair<std::string, std::string>> work{};  // the run's parameters
  std::string figure{};       // metric key
  std::string figure_plus{};  // parameter added to it, "" = none
};

// A scenario as the report and `lab list` see it. Its runner (parameters, how it runs) is
// in lib/scenario/<name>.cpp and its report part in lib/report/scenarios/<name>.cpp, both
// found by this name.
struct scenario_info {
  std::string name{};
  std::string label{};         // the scenario in a few words
  std::string workload_class{};  // one of workload_classes()
  std::string ideal{};         // how ideal_s is derived (lab list, the report)
  primary_metric primary{};
  std::vector<metric_info> metrics{};
  // Parameters of one model that are what the scenario is about: an axis of the sweep, not
  // a variant of the model (yield sweeps async's yield_every).
  std::vector<std::string> axis_params{};
  // Parameters the scenario takes from one model only: they make a variant of it
  // ("procs (exec)"), not a point of the experiment.
  std::vector<std::string> variant_params{};
  std::optional<amdahl_axes> amdahl{};  // its speedup is fitted with Amdahl's law
  bool cpu_work = false;        // identical CPU work: the fairness check's bias can explain a margin
  std::string unit_memory{};    // the metric that is its memory per unit ("" = peak RSS answers)
  // A text metric naming how a run did the work, also a parameter of the same name (switch's
  // mechanism): sentences that name a variant's figure name it beside the variant.
  std::string how_metric{};
  // The parameter that is a request's nominal wait at the server (io: delay_ms): a p99 past
  // twice it has not kept up with the rate (report/load.cpp).
  std::string request_wait_param{};
  std::vector<check_item> check_items{};
};

// The workload classes in the order the verdict shows them.
const std::vector<std::string>& workload_classes();
// The scenarios, in the order `lab list` shows them.
const std::vector<scenario_info>& scenario_catalog();
const scenario_info* find_scenario_info(std::string_view name);  // null if unknown
// The scenario's primary metric; wall time for scenarios not in the catalog.
const primary_metric& primary_of(std::string_view scenario);
// The scenario's ideal in words, "" for an unknown one.
const std::string& ideal_of(std::string_view scenario);
// The scenario's how_metric, "" for none or an unknown scenario.
const std::string& how_metric_of(std::string_view scenario);
// The class of a scenario; an unknown one is a class of its own, named after it.
std::string workload_class_of(std::string_view scenario);
// A metric in words: its catalog label, else "" (the caller words the key).
std::string metric_label(std::string_view key);
// A metric's unit from the catalog ("ms", "tasks/s", "text"), "" where none is given.
std::string metric_unit(std::string_view key);

// Parameters that make a variant of a model rather than a point of an experiment in any
// scenario (docs/cli.md): the models' own knobs.
const std::vector<std::string>& model_variant_params();
// Axes listed first when two are swept over as many values: the concurrency knobs.
const std::vector<std::string>& preferred_axes();
// Along these a variant has a best setting (workers, concurrency, loop_threads ...); along a
// size (units, tasks) the smallest always wins.
bool is_concurrency_knob(std::string_view param);

// A swept parameter with a meaning of its own on a chart (yield_every: a log axis where 0
// means "never yields", its charts titled "Yield curve").
struct axis_fact {
  std::string param;
  std::string curve;  // chart titles start "<curve>: "
  std::string zero;   // what the value 0 means, "" = nothing special
};
const axis_fact* find_axis_fact(std::string_view param);  // null if none

}  // namespace lab
