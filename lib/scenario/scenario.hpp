#pragma once
// A scenario: its parameters (the contract `lab list` shows and configs use) and how it
// runs inside a model's process. Task scenarios (cpu, sleep, io, mixed) describe tasks and
// let the model schedule them; the rest (spawn, switch, yield) measure a model directly.
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "core/params.hpp"
#include "models/model.hpp"

namespace lab {

// What a model's process reports back to the driver (one JSON line on its stdout).
struct outcome {
  bool ok = true;
  std::string error;
  std::string checksum;   // task totals summed in task order, "%.10f"
  std::string task_hash;  // FNV-1a over the task totals' bits: equal iff bit-identical
  std::optional<double> ideal_s;
  double run_s = 0;       // wall time inside the model process, around the work alone
  boost::json::object metrics;
};

struct scenario_def {
  scenario_spec spec;
  // Task scenarios: the tasks for these params (also used by procs' exec workers).
  std::function<task_plan(const run_context&)> plan;
  // Turns the tasks' results into ideal_s and metrics (checksums are done by the caller).
  std::function<void(const run_context&, const task_plan&, const std::vector<task_result>&,
                     const model&, outcome&)>
      finish;
  // Non-task scenarios: the whole measurement, on the model's own units (model::make_probe)
  // or its run_tasks. Unset for task scenarios. May throw run_error: run_scenario turns it
  // into a failed outcome.
  std::function<outcome(const std::string& model_name, model& m, const run_context&)> run;
};

const std::vector<scenario_def>& scenarios();
const scenario_def& find_scenario(std::string_view name);  // usage_error naming the choices

// Runs a scenario in this process on the given model. Never throws run_error: a failure
// becomes an outcome with ok=false.
outcome run_scenario(const scenario_def& def, const std::string& model_name, model& m,
                     const run_context& ctx);

// Helpers the task scenarios share.
std::string checksum_of(const std::vector<task_result>& results);
std::string task_hash_of(const std::vector<task_result>& results);
// workers=0 means one unit per task.
std::size_t effective_workers(const params& p, std::size_t tasks);

}  // namespace lab
