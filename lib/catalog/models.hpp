#pragma once
// The one list of models: every other file asks here (names, order, colours, executables,
// which scenarios and shared parameters each takes) instead of spelling the models out.
// Adding a model is one entry here plus its own files (docs/architecture.md).
#include <string>
#include <string_view>
#include <vector>

namespace lab {

// Shared parameters named in code outside the scenarios.
namespace param_names {
inline constexpr char spawn[] = "spawn";  // procs: fork or exec its workers
}  // namespace param_names

struct model_gap {
  std::string scenario;  // a scenario the model does not run
  std::string reason;    // why, in words a user can act on (lab list, errors, the report)
};

struct model_info {
  std::string name;        // --model=NAME, the record's "model"
  std::string label;       // how charts and tables name it
  int colour = 0;          // palette index on every chart (report/document.cpp)
  std::string scheduling;  // one line: what a unit is and how units are scheduled
  std::string executable;  // the model's process, next to lab
  std::vector<model_gap> gaps;          // scenarios it does not run
  std::vector<std::string> takes;       // shared parameters that apply to it (workers, loop_threads, ...)
  bool baseline = false;          // one plain call after another: speedups are against it, and it is the
                                  // floor, not a contender, where the cost of a unit is judged
  bool kernel_scheduled = false;  // its units are threads or processes: the kernel places and preempts them
  bool one_process = true;        // a run is one process (false: peak RSS is the largest process's)
  // The parameter that sets how many of its units can be on a CPU at once ("" = always one;
  // "workers" = 0 means one unit per task). A point with one such unit is pinned to one CPU
  // per round (driver/round_cpu.hpp).
  std::string parallel_param;
  // A parameter that adds threads of its own beside those units (async: cpu_pool, the CPU pool
  // beside the loop); "" = none. Above 0, a run can keep several CPUs busy.
  std::string helper_threads_param;
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
// Why `model` does not run `scenario`, or "" if it does (or is unknown).
std::string gap_reason(std::string_view model, std::string_view scenario);

}  // namespace lab
