#include <doctest/doctest.h>

#include <algorithm>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
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
