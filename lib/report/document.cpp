#include "report/document.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/advice.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/sections.hpp"

namespace lab::report {

using prose::code;

block table_block(table t) {
  block b;
  b.what = block::kind::table;
  b.table = std::move(t);
  return b;
}

block chart_block(chart c) {
  block b;
  b.what = block::kind::chart;
  b.chart = std::move(c);
  return b;
}

table point_by_variant_table(const analysed_experiment& e) {
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const auto& v : e.variants) {
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  return t;
}

block heading(int level, std::string text) {
  block b;
  b.what = block::kind::heading;
  b.level = level;
  b.text = std::move(text);
  return b;
}

block paragraph(std::string text) {
  block b;
  b.what = block::kind::paragraph;
  b.text = std::move(text);
  return b;
}

block bullets(std::vector<std::string> items) {
  block b;
  b.what = block::kind::bullets;
  b.items = std::move(items);
  return b;
}

int variant_color(const analysed_experiment& e, std::size_t variant) {
  // One colour per model on every chart of the report (the catalog's); a model's further
  // variants take the colours after those.
  int extra = 0;
  for (std::size_t v = 0; v <= variant; ++v) {
    const model_info* m = find_model_info(e.variant_models[v]);
    const bool first_of_model =
        m &&
        std::find(e.variant_models.begin(), e.variant_models.begin() + static_cast<std::ptrdiff_t>(v),
                  e.variant_models[v]) == e.variant_models.begin() + static_cast<std::ptrdiff_t>(v);
    if (v == variant) return first_of_model ? m->colour : static_cast<int>(model_catalog().size()) + extra;
    if (!first_of_model) ++extra;
  }
  return 0;
}

namespace {

// Each machine's advice from its own runs: a prediction is checked against runs of the machine
// it was made for, never another's.
std::vector<block> advice_per_machine(const analysis& a) {
  std::vector<block> out;
  for (const auto& m : a.machines) {
    const auto mine = [&](const std::vector<record>& rs) {
      std::vector<record> kept;
      std::copy_if(rs.begin(), rs.end(), std::back_inserter(kept), [&](const record& r) { return host_of(r) == m.host; });
      return kept;
    };
    const auto advice = advice_section(mine(a.predictions), mine(a.verification), mine(a.calibration),
                                       a.machines.size() > 1 ? m.host : "");
    out.insert(out.end(), advice.begin(), advice.end());
  }
  return out;
}

}  // namespace

document build_document(const analysis& a) {
  document d;
  d.push_back(heading(1, "Concurrency lab report"));
  std::vector<std::string> hosts;
  for (const auto& m : a.machines) hosts.push_back(code(m.host));
  std::string summary = std::to_string(a.records - a.warmups) + " runs";
  if (a.failed) summary += " (" + std::to_string(a.failed) + " failed)";
  summary += " in " + std::to_string(a.experiments.size()) +
             (a.experiments.size() == 1 ? " experiment" : " experiments") + " on " +
             (a.machines.size() == 1 ? "one machine, " : std::to_string(a.machines.size()) + " machines: ") +
             join(hosts, ", ") + ".";
  if (a.warmups) summary += ' ' + std::to_string(a.warmups) + " warm-up runs are not counted.";
  d.push_back(paragraph(summary));
  const auto warning = check_warning(a);
  d.insert(d.end(), warning.begin(), warning.end());

  auto verdict = verdict_section(a);
  d.insert(d.end(), verdict.begin(), verdict.end());
  const auto advice = advice_per_machine(a);
  d.insert(d.end(), advice.begin(), advice.end());

  d.push_back(heading(2, "Experiments"));
  d.push_back(paragraph(how_to_read_experiments()));
  const bool several_hosts = a.machines.size() > 1;
  for (const auto& m : a.machines) {
    if (several_hosts) d.push_back(heading(3, "On " + code(m.host)));
    for (const auto& e : a.experiments)
      if (e.host == m.host) {
        auto blocks = experiment_blocks(e, several_hosts ? 4 : 3);
        d.insert(d.end(), blocks.begin(), blocks.end());
      }
  }

  d.push_back(heading(2, several_hosts ? "Machines" : "Machine"));
  block machine = machine_table(a);
  machine.table.folded = "The machine's CPU, memory, kernel, compiler and limits";
  d.push_back(std::move(machine));
  d.push_back(heading(2, "Method"));
  block method = bullets(method_items());
  method.folded = "How the runs were made, measured and judged";
  d.push_back(std::move(method));
  const auto check = check_method(a);
  d.insert(d.end(), check.begin(), check.end());
  return d;
}

}  // namespace lab::report
