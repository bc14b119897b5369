#pragma once
// What a scenario adds to the report beyond what every experiment gets, so that the generic
// report (grouping, statistics, verdict sentences, document, charts, writers) never asks which
// scenario it draws. Each scenario's part is one file in report/scenarios/, which registers
// it under the scenario's catalog name (docs/architecture.md); a scenario without one gets
// the generic report only.
#include <string_view>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

class metric_charts;  // report/chart_kit.hpp

struct scenario_part {
  std::string_view scenario;
  // Sentences for the verdict after the experiment's comparison (the Amdahl fit, the latency,
  // the cost of a unit ...).
  std::vector<block> (*verdict)(const analysis& a, const analysed_experiment& e) = nullptr;
  // Tables for the experiment's section, after its detail table.
  std::vector<block> (*tables)(const analysed_experiment& e) = nullptr;
  // For a scenario judged on a metric: charts after its primary metric's chart (which it may
  // add to).
  void (*charts)(const analysed_experiment& e, metric_charts& charts) = nullptr;
};

// The scenario's part, or null.
const scenario_part* part_of(std::string_view scenario);

// At namespace scope in a part's file: `const register_part registered{cpu_part};`. Runs when
// liblabreport.so is loaded; the part is made when the report first asks.
struct register_part {
  explicit register_part(scenario_part (*make)());
};

}  // namespace lab::report
