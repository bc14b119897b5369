#pragma once
// The one list of models: every other file asks here (names, order, colours, executables,
// which scenarios and shared parameters each takes) instead of spelling the models out.
// Adding a model is one entry here plus its own files (docs/architecture.md).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/mechanisms.hpp"

namespace lab {

// Shared parameters named in code outside the scenarios.
namespace param_names {
inline constexpr char spawn[] = "spawn";  // how a model's workers start (spawn_mode)
}  // namespace param_names

struct model_gap {
  std::string scenario{};  // a scenario the model does not run
  std::string reason{};    // why, in words a user can act on (lab list, errors, the report)
};

// What a shared parameter means for one model, after the parameter's generic help.
struct param_note {
  std::string param{};
  std::string note{};
};

struct model_info {
  std::string name{};        // --model=NAME, the record's "model"
  std::string label{};       // how charts and tables name it
  int colour = 0;            // palette index on every chart (report/document.cpp)
  std::string scheduling{};  // one line: what a unit is and how units are scheduled
  std::string executable{};  // the model's process, next to lab
  std::vector<model_gap> gaps{};       // scenarios it does not run
  std::vector<std::string> takes{};    // shared parameters that apply to it (workers, loop_threads, ...)
  std::vector<param_note> param_notes{};  // what some of them mean for it (lab list's help)
  bool baseline = false;          // one plain call after another: speedups are against it, and it is the
                                  // floor, not a contender, where the cost of a unit is judged
  bool kernel_scheduled = false;  // its units are threads or processes: the kernel places and preempts them
  bool one_process = true;        // a run is one process (false: peak RSS is the largest process's)
  // The parameter that sets how many of its units can be on a CPU at once ("" = always one;
  // "workers" = 0 means one unit per task). A point with one such unit is pinned to one CPU
  // per round (driver/round_cpu.hpp).
  std::string parallel_param{};
  // A parameter that adds threads of its own beside those units (async: cpu_pool, the CPU pool
  // beside the loop); "" = none. Above 0, a run can keep several CPUs busy.
  std::string helper_threads_param{};
  // switch: how two of its units can pass the token (unit_probe::ping_pong); the first is
  // its natural one, what mechanism=default runs.
  std::vector<handoff> handoffs{};
  // spawn: the largest unit count it measures by default, about a second of spawning in all;
  // with spawn=exec, when that differs (an exec costs a few times a fork), exec_spawn_units.
  std::size_t spawn_units = 0;
  std::size_t exec_spawn_units = 0;
  // spawn: how its memory per unit alive is measured, when not by the growth of its one
  // process's RSS (procs: its units are processes of their own).
  std::string unit_memory{};
  // What the kernel schedules for it, the unit its runs are accounted by (measure/unit_sched.hpp):
  // the report's words for where a run's time went ("its 2 loop threads waited ...").
  std::string accounted_unit = "thread";
  // About what one more unit alive costs in memory, KiB (lab --scenario=spawn's mem_per_unit_kib
  // with its kernel stack and page tables, on the 2-CPU Debian 12 VM this was written on): the
  // preflight's estimate of a run's memory (scenario/preflight.hpp). 0 = too small to count.
  std::uint64_t unit_kib = 0;
};

// In the order reports show them.
const std::vector<model_info>& model_catalog();
// Their names, in that order.
const std::vector<std::string>& model_names();
void check_model(std::string_view model);  // throws usage_error naming the choices
const model_info* find_model_info(std::string_view name);  // null if unknown

// Whether `model` is the baseline (serial); false for an unknown one.
bool is_baseline_model(std::string_view model);
// Whether the kernel schedules `model`'s units (threads, procs); false for an unknown one.
bool is_kernel_scheduled(std::string_view model);
// Position in the catalog (report order); the catalog's size for an unknown model.
int model_rank(std::string_view model);

// The models that run `scenario` (every model without a gap for it), in catalog order.
std::vector<std::string> models_running(std::string_view scenario);
// The models a shared parameter applies to, in catalog order.
std::vector<std::string> models_taking(std::string_view param);
// Whether the shared parameter `param` applies to `model`; false for an unknown model.
bool model_takes(std::string_view model, std::string_view param);
// A shared parameter's help: `generic`, then what it means for each model with a note on it
// ("...; async: threads running the one io_context; fibers: carrier threads").
std::string param_help(std::string_view param, const std::string& generic);
// The default largest unit count of spawn for `model` (0 for an unknown one).
std::size_t default_spawn_units(std::string_view model, spawn_mode mode);
// How the models whose memory per unit is not their process's RSS growth measure it
// ("procs: PSS of the children plus the parent's change"); "" if none.
std::string unit_memory_notes();
// Why `model` does not run `scenario`, or "" if it does (or is unknown).
std::string gap_reason(std::string_view model, std::string_view scenario);

}  // namespace lab
