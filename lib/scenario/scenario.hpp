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
#include "scenario/preflight.hpp"
#include "record/child_result.hpp"

namespace lab {

// A task scenario's run, prepared for its params: the tasks, and what turns their results
// into ideal_s and metrics (checksums are done by the caller). State the tasks share with
// the finish step is captured, typed, by both.
struct prepared_tasks {
  task_set tasks;
  std::function<void(const std::vector<task_result>&, const model&, outcome&)> finish;
};

// For a scenario whose finish step needs nothing but the params and the tasks.
using plain_finish = void (*)(const run_context&, const task_set&, const std::vector<task_result>&, const model&,
                              outcome&);
prepared_tasks with_finish(const run_context& ctx, task_set tasks, plain_finish finish);

struct scenario_def {
  scenario_spec spec;
  // Task scenarios: the tasks for these params (also used by procs' exec workers, which
  // run a slice of the tasks and never finish).
  std::function<prepared_tasks(const run_context&)> prepare;
  // Non-task scenarios: the whole measurement, on the model's own units (model::make_probe)
  // or its run_tasks. Unset for task scenarios. May throw run_error: run_scenario turns it
  // into a failed outcome.
  std::function<outcome(const std::string& model_name, model& m, const run_context&)> run;
  // What a run of these values holds at once (units, connections, memory), for the preflight
  // the registry chains after the spec's settle step (scenario/preflight.hpp). Unset: a run
  // holds too little to check.
  demand_fn demand;
};

// At namespace scope in a scenario's file: `const register_scenario registered{scenario_names::cpu, make};`.
// `make` gives the summary, the parameters and how it runs; the registry fills in the spec's
// name, ideal and models from the catalog (catalog/scenarios.hpp), which is the one list of
// scenarios and their order. Registration runs when liblabcore.so is loaded (models/factories.hpp).
struct register_scenario {
  register_scenario(std::string_view name, scenario_def (*make)());
};

// Every scenario of the catalog, in its order.
const std::vector<scenario_def>& scenarios();
const scenario_def& find_scenario(std::string_view name);  // usage_error naming the choices
// Their specs, for what describes them (lab list).
std::vector<scenario_spec> scenario_specs();

// Runs a scenario in this process on the given model. Never throws run_error: a failure
// becomes an outcome with ok=false.
outcome run_scenario(const scenario_def& def, const std::string& model_name, model& m,
                     const run_context& ctx);

// Helpers the task scenarios share.
std::string checksum_of(const std::vector<task_result>& results);
std::string task_hash_of(const std::vector<task_result>& results);
// The yields the tasks made (task_result::yields).
std::uint64_t total_yields(const std::vector<task_result>& results);
// workers=0 means one unit per task.
std::size_t effective_workers(const params& p, std::size_t tasks);

}  // namespace lab
