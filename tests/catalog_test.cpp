#include <doctest/doctest.h>

#include <algorithm>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "overheads_support.hpp"
#include "scenario/scenario.hpp"

using namespace lab;

namespace {

bool has(const std::vector<std::string>& v, const std::string& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

}  // namespace

// The report reads the catalog, not the registry: the two must say the same of each scenario.
TEST_CASE("catalog: every registered scenario is in the scenario catalog, with its ideal") {
  for (const auto& s : scenarios()) {
    const scenario_info* info = find_scenario_info(s.spec.name);
    REQUIRE_MESSAGE(info, s.spec.name);
    CHECK(info->ideal == s.spec.ideal);
    CHECK(ideal_of(s.spec.name) == s.spec.ideal);
    if (!info->workload_class.empty()) CHECK(has(workload_classes(), info->workload_class));
  }
  CHECK(scenario_catalog().size() == scenarios().size());
}

TEST_CASE("catalog: a parameter of one model only makes a variant, as the registry says") {
  for (const auto& s : scenarios()) {
    const scenario_info& info = *find_scenario_info(s.spec.name);
    for (const auto& p : s.spec.params) {
      if (has(info.axis_params, p.name)) continue;  // the scenario's subject: an axis whatever its models
      const bool registry = p.models.size() == 1 || has(model_variant_params(), p.name);
      const bool catalog = has(info.variant_params, p.name) || has(model_variant_params(), p.name);
      CHECK_MESSAGE(catalog == registry, s.spec.name << " " << p.name);
    }
    for (const auto& k : info.variant_params) {
      const auto it = std::find_if(s.spec.params.begin(), s.spec.params.end(), [&](const auto& p) { return p.name == k; });
      CHECK_MESSAGE((it != s.spec.params.end() && it->models.size() == 1), s.spec.name << " " << k);
    }
  }
}

TEST_CASE("catalog: primary metrics, classes and model facts") {
  CHECK(primary_of(scenario_names::spawn).key == metric_keys::per_unit_ns);
  CHECK(primary_of(scenario_names::cpu).wall());
  CHECK(primary_of("no such scenario").wall());
  CHECK(workload_class_of(scenario_names::io) == workload_class_of(scenario_names::sleep));
  CHECK(workload_class_of("newer") == "newer");
  CHECK(metric_label(metric_keys::mem_per_unit_kib) == "Memory per unit alive");
  CHECK(metric_label("no_such_metric").empty());
  CHECK(is_baseline_model("serial"));
  CHECK_FALSE(is_baseline_model("threads"));
  CHECK(is_kernel_scheduled("procs"));
  CHECK_FALSE(is_kernel_scheduled("async"));
  CHECK(model_rank("serial") == 0);
  CHECK(model_rank("no such model") == static_cast<int>(model_catalog().size()));
  for (const auto& name : model_variant_params()) CHECK_FALSE(models_taking(name).empty());
}

TEST_CASE("catalog: every model's mechanisms and spawn modes parse back from their names") {
  for (const auto& m : model_catalog()) {
    CAPTURE(m.name);
    CHECK_FALSE(m.handoffs.empty());
    for (handoff h : m.handoffs) CHECK(parse_handoff(to_string(h)) == h);
    CHECK(m.spawn_units > 0);
  }
  for (const auto& name : spawn_mode_names()) CHECK(to_string(parse_spawn_mode(name)) == name);
  CHECK_THROWS_WITH_AS(parse_handoff("smoke signal"), doctest::Contains("call, condvar, pipe, post, channel"), usage_error);
  CHECK(default_spawn_units("procs", spawn_mode::exec) == 300);
  CHECK(default_spawn_units("procs", spawn_mode::fork) == 1000);
  CHECK(default_spawn_units("threads", spawn_mode::exec) == 10000);
  CHECK(default_spawn_units("no such model", spawn_mode::fork) == 0);
}

// A note on a parameter the model does not take would never be shown where it applies.
TEST_CASE("catalog: a model's parameter notes are on parameters it takes, and make their help") {
  for (const auto& m : model_catalog())
    for (const auto& n : m.param_notes) {
      CHECK_MESSAGE(model_takes(m.name, n.param), m.name << " " << n.param);
      CHECK(param_help(n.param, "generic").find("; " + m.name + ": " + n.note) != std::string::npos);
    }
  CHECK(param_help("loop_threads", "threads") ==
        "threads; async: threads running the one io_context (1 = like asyncio); fibers: carrier threads");
  CHECK(param_help("workers", "units in flight") == "units in flight");
}

TEST_CASE("catalog: the spawn and switch help name every model's defaults and mechanisms") {
  const auto help_of = [](const char* scenario, const char* param) {
    for (const auto& p : find_scenario(scenario).spec.params)
      if (p.name == param) return p.help;
    return std::string();
  };
  CHECK(help_of("spawn", "units").find("(serial 1000000, threads 10000, procs 1000 fork / 300 exec, async and fibers 100000)") !=
        std::string::npos);
  CHECK(help_of("switch", "mechanism") ==
        "how the token passes: serial call; threads condvar|pipe; procs pipe; async post|channel; fibers "
        "channel|condvar; default = the model's first");
}
