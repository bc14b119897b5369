#include "check/check_runs.hpp"

#include <string>

#include "catalog/scenarios.hpp"
#include "check/fairness.hpp"
#include "driver/round_cpu.hpp"
#include "catalog/models.hpp"

namespace lab {

namespace {

// The work of each item: long enough that process start-up and timer slack are small
// beside it, short enough that the whole check takes seconds (about 45 ms a CPU run).
assignments work_of(const fairness::item& it) {
  if (it.name == "cpu-uniform")
    return {{"tasks", "1"}, {"workers", "1"}, {"dist", "uniform"}, {"samples", "50000000"}};
  if (it.name == "cpu-gauss") return {{"tasks", "1"}, {"workers", "1"}, {"dist", "gauss"}, {"samples", "6000000"}};
  if (it.scenario == scenario_names::sleep) return {{"tasks", "1"}, {"workers", "1"}, {"ms", "20"}};
  return {{"requests", "1"}, {"concurrency", "1"}, {"delay_ms", "20"}};
}

}  // namespace

std::vector<experiment> check_experiments(int reps) {
  std::vector<experiment> all;
  for (const auto& it : fairness::items()) {
    experiment e;
    e.name = std::string(fairness::experiment_prefix) + it.name;
    e.file = "(lab check)";
    e.scenario = it.scenario;
    e.models = models_running(it.scenario);
    e.reps = reps;
    e.timeout = std::chrono::seconds(60);
    e.fixed = work_of(it);
    e.swept.push_back({param_names::spawn, spawn_mode_names(), 0});  // procs only: the others drop it
    all.push_back(std::move(e));
  }
  return all;
}

void place_check_runs(std::vector<plan_entry>& entries) {
  for (auto& e : entries) e.request.cpu = cpu_of_round(e.rep);
}

}  // namespace lab
