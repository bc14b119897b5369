// What advise predicts and runs: a profile section of a config, or --set steps=... alone.
#include <algorithm>

#include "advise/advise.hpp"
#include "advise/demand.hpp"
#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "scenario/scenario.hpp"
#include "sweep/config.hpp"

namespace lab::advise {

namespace {

std::string last_value(const assignments& a, std::string_view key) {
  std::string v;
  for (const auto& [k, value] : a)
    if (k == key) v = value;
  return v;
}

const experiment& find_section(const std::vector<experiment>& all, const std::string& section, const std::string& path) {
  for (const auto& e : all)
    if (e.name == section) return e;
  std::vector<std::string> names;
  for (const auto& e : all) names.push_back(e.name);
  throw unknown_choice("profile in " + path, section, names);
}

// The config's profile: its fixed settings, its largest swept concurrency, its models' loop threads.
void read_section(const advise_request& r, profile_input& p, std::vector<variant>& wanted) {
  const auto colon = r.profile.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == r.profile.size())
    throw usage_error("a profile is CONFIG.ini:SECTION (configs/profiles.ini:api), not '" + r.profile + "'");
  const std::string path = r.profile.substr(0, colon), section = r.profile.substr(colon + 1);
  const auto all = read_config(path);
  const auto& e = find_section(all, section, path);
  if (e.scenario != scenario_names::profile)
    throw usage_error("[" + section + "] in " + path + " runs scenario " + e.scenario + ", not a profile");
  p.name = section;
  p.fixed = e.fixed;
  for (const auto& s : e.swept)
    if (s.key == "concurrency" && !s.values.empty()) p.fixed.emplace_back(s.key, s.values.back());
  for (auto& v : wanted) {
    const auto sets = e.model_sets.find(v.model);
    if (sets == e.model_sets.end()) continue;
    if (auto lt = last_value(sets->second, "loop_threads"); !lt.empty()) v.loop_threads = std::stoi(lt);
  }
}

}  // namespace

profile_input resolve_profile(const advise_request& r, int cpus) {
  profile_input p;
  p.name = "steps";
  for (const auto& m : models_running(scenario_names::profile)) p.variants.push_back({m, 1, 0});
  if (!r.profile.empty()) read_section(r, p, p.variants);
  p.fixed.insert(p.fixed.end(), r.sets.begin(), r.sets.end());
  p.steps = last_value(p.fixed, "steps");
  if (p.steps.empty())
    throw usage_error("lab advise needs a workload: a profile (configs/profiles.ini:api) or --set steps=...");
  const auto kinds = parse_task_kinds(p.steps);  // a bad step: usage_error naming it
  const bool cpu_steps = std::any_of(kinds.begin(), kinds.end(), [](const auto& kind) {
    return std::any_of(kind.begin(), kind.end(), [](const step& s) { return s.is_cpu(); });
  });
  if (cpu_steps) {
    const auto async = std::find_if(p.variants.begin(), p.variants.end(), [](const variant& v) { return !v.model.empty() && model_takes(v.model, "cpu_pool"); });
    if (async != p.variants.end()) p.variants.insert(async + 1, variant{async->model, async->loop_threads, cpus});
  }
  if (auto c = last_value(p.fixed, "concurrency"); !c.empty()) p.concurrency = std::stod(c);
  if (auto c = last_value(p.fixed, "connections"); !c.empty()) p.connections = std::stod(c);
  if (auto y = last_value(p.fixed, "yield_every"); !y.empty()) p.yield_every = std::stod(y);
  return p;
}

}  // namespace lab::advise

namespace lab::advise {

void check_profile_params(const profile_input& p) {
  const auto& spec = find_scenario(scenario_names::profile).spec;
  for (const auto& v : p.variants) {
    assignments sets = p.fixed;
    if (v.cpu_pool > 0) sets.emplace_back("cpu_pool", std::to_string(v.cpu_pool));
    resolve(spec, v.model, sets, false);
  }
}

}  // namespace lab::advise
