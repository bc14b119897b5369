#include "catalog/scenarios.hpp"

#include <algorithm>
#include <iterator>

#include "catalog/scenario_entry.hpp"
#include "core/registry.hpp"

namespace lab {

namespace k = metric_keys;

namespace {

// Metrics any task scenario's record may hold (the models' own: scenario/registry.cpp,
// models/procs_model.cpp).
const std::vector<metric_info>& common_metrics() {
  static const std::vector<metric_info> all{
      {k::tasks, "", ""},
      {k::units, "", ""},
      {k::yields, "", ""},
      {k::rss_sum_kib, "Memory summed over the run's processes", "KiB"},
      {k::stack_kib, "Stack of each fiber", "KiB"},
      {k::cpu_floor_s, "CPU floor (the run's CPU time over the usable CPUs)", "s"},
      {k::client_floor_s, "Client's CPU floor (its CPU time over the CPUs its threads can use)", "s"},
  };
  return all;
}

}  // namespace

register_scenario_info::register_scenario_info(scenario_info (*make)()) { registered<scenario_info (*)()>().push_back(make); }

const primary_metric& wall_time() {
  static const primary_metric wall{.label = "wall time", .per = " median", .superlative = "fastest", .comparative = "faster"};
  return wall;
}

primary_metric wall_with(std::vector<std::string> lead) {
  primary_metric m = wall_time();
  m.lead_metrics = std::move(lead);
  return m;
}

const std::vector<std::string>& workload_classes() {
  namespace w = workload_class_names;
  static const std::vector<std::string> all{w::your_workload, w::cpu_bound, w::waits, w::mixed_work, w::many_units, w::yielding};
  return all;
}

const std::vector<scenario_info>& scenario_catalog() {
  // Built on first use, after every entry's file has registered (at load); ordered by
  // scenario_names::in_order, and an entry missing there comes last rather than nowhere
  // (tests/catalog_test.cpp fails on it).
  static const std::vector<scenario_info> all = [] {
    std::vector<scenario_info> entries = make_registered<scenario_info>();
    const auto rank = [](const scenario_info& s) {
      const auto& order = scenario_names::in_order;
      return std::find(std::begin(order), std::end(order), s.name) - std::begin(order);
    };
    std::stable_sort(entries.begin(), entries.end(),
                     [&](const scenario_info& a, const scenario_info& b) { return rank(a) < rank(b); });
    return entries;
  }();
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

const std::string& how_metric_of(std::string_view scenario) {
  static const std::string none;
  const scenario_info* s = find_scenario_info(scenario);
  return s ? s->how_metric : none;
}

std::string workload_class_of(std::string_view scenario) {
  const scenario_info* s = find_scenario_info(scenario);
  return s && !s->workload_class.empty() ? s->workload_class : std::string(scenario);
}

namespace {

const metric_info* find_metric_info(std::string_view key) {
  for (const auto& m : common_metrics())
    if (m.key == key) return &m;
  for (const auto& s : scenario_catalog())
    for (const auto& m : s.metrics)
      if (m.key == key) return &m;
  return nullptr;
}

}  // namespace

std::string metric_label(std::string_view key) {
  const metric_info* m = find_metric_info(key);
  return m ? m->label : std::string();
}

std::string metric_unit(std::string_view key) {
  const metric_info* m = find_metric_info(key);
  return m ? m->unit : std::string();
}

const std::vector<std::string>& model_variant_params() {
  static const std::vector<std::string> all{"spawn", "loop_threads", "yield_every", "stack_kib", "stack", "cpu_pool"};
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
