#include "sweep/check_plan.hpp"

#include <string>

#include "catalog/models.hpp"
#include "check/fairness.hpp"
#include "driver/round_cpu.hpp"

namespace lab {

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
    e.fixed = it.work;
    e.swept.push_back({param_names::spawn, spawn_mode_names(), 0});  // procs only: the others drop it
    all.push_back(std::move(e));
  }
  return all;
}

void place_check_runs(std::vector<plan_entry>& entries) {
  for (auto& e : entries) e.request.cpu = cpu_of_round(e.rep);
}

}  // namespace lab
