#include "sweep/check_plan.hpp"

#include <string>

#include "catalog/models.hpp"
#include "check/fairness.hpp"
#include "core/cpus.hpp"
#include "driver/cpu_moment.hpp"
#include "scenario/scenario.hpp"
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

std::size_t runs_per_cpu_moment() {
  const std::size_t cpus = usable_cpu_ids().size();
  return cpus < 2 ? 0 : cpus;
}

namespace {

std::string cpu_moment_point() {
  const run_request req = cpu_moment_request();
  const scenario_spec& spec = find_scenario(req.scenario).spec;
  return point_key(fairness::cpus_experiment, req.scenario, req.model, typed_params(spec, validate(req)));
}

}  // namespace

std::vector<std::string> cpu_moment_keys(int moments) {
  std::vector<std::string> out;
  if (runs_per_cpu_moment() == 0) return out;
  const std::string point = cpu_moment_point();
  for (int m = 0; m < moments; ++m) out.push_back(run_key(point, m));
  return out;
}

std::vector<int> cpu_moments_to_run(int moments, const std::function<bool(const std::string&)>& recorded) {
  std::vector<int> out;
  const auto keys = cpu_moment_keys(moments);
  for (int m = 0; m < static_cast<int>(keys.size()); ++m)
    if (!recorded || !recorded(keys[static_cast<std::size_t>(m)])) out.push_back(m);
  return out;
}

std::vector<record> run_check_moment(int moment, const std::string& bin_dir) {
  auto records = run_cpu_moment(moment, bin_dir);
  for (auto& r : records) {
    r.experiment = std::string(fairness::cpus_experiment);
    r.config = "(lab check)";
    r.round = moment;
  }
  return records;
}

}  // namespace lab
