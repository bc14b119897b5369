// The same experiment run on several machines, side by side.
#include <algorithm>
#include <optional>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

namespace {

// The variants' labels over the runs of one experiment, in the order they first come.
std::vector<std::string> variants_of(const std::vector<const analysed_experiment*>& runs_on) {
  std::vector<std::string> variants;
  for (const analysed_experiment* e : runs_on)
    for (const auto& v : e->variants)
      if (std::find(variants.begin(), variants.end(), v) == variants.end()) variants.push_back(v);
  return variants;
}

// The point where variant v did best; null where it never measured.
const point* best_point(const analysed_experiment& e, std::size_t v) {
  const point* best = nullptr;
  for (const auto& p : e.points)
    if (p.cells[v].measured() && (!best || e.better(value_of(p, v), value_of(*best, v)))) best = &p;
  return best;
}

// One machine's row: each variant at its best point, then the best contender.
std::vector<std::string> machine_row(const analysed_experiment& e, const std::vector<std::string>& variants) {
  std::vector<std::string> row{e.host, e.cpus > 0 ? std::to_string(e.cpus) : "?"};
  std::optional<std::size_t> leader;
  double leader_value = 0;
  for (const auto& label : variants) {
    const auto it = std::find(e.variants.begin(), e.variants.end(), label);
    const auto v = static_cast<std::size_t>(it - e.variants.begin());
    const point* best = it == e.variants.end() ? nullptr : best_point(e, v);
    if (!best) {
      row.push_back("—");
      continue;
    }
    const double x = value_of(*best, v);
    const bool everywhere = std::all_of(e.points.begin(), e.points.end(), [&](const point& p) {
      return p.cells[v].measured() && value_of(p, v) == x;
    });
    const std::string where = e.axes.empty() || everywhere ? "" : " at " + e.axes[0] + "=" + best->at[0].text;
    row.push_back(e.value_text(x) + where);
    if (e.contender(v) && (!leader || e.better(x, leader_value))) {
      leader = v;
      leader_value = x;
    }
  }
  row.push_back(leader ? e.variants[*leader] : "—");
  return row;
}

table machines_table(const std::vector<const analysed_experiment*>& runs_on) {
  const auto variants = variants_of(runs_on);
  const analysed_experiment& e0 = *runs_on.front();
  table t;
  t.header = {"machine", "CPUs"};
  t.numeric = {false, true};
  for (const auto& v : variants) {
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  t.header.push_back(e0.primary.wall() ? "fastest" : e0.primary.superlative);
  t.numeric.push_back(false);
  for (const analysed_experiment* e : runs_on) t.rows.push_back(machine_row(*e, variants));
  t.notes.push_back("Each variant's median " + (e0.primary.wall() ? std::string("wall time") : code(e0.primary.key)) +
                    " at its best point of the sweep on that machine.");
  return t;
}

}  // namespace

// The same experiment run on several machines: each variant at its best point, per host.
std::vector<block> across_machines(const analysis& a) {
  std::vector<block> out;
  std::vector<std::string> titles;
  for (const auto& e : a.experiments)
    if (std::find(titles.begin(), titles.end(), e.title()) == titles.end()) titles.push_back(e.title());
  for (const auto& title : titles) {
    std::vector<const analysed_experiment*> runs_on;
    for (const auto& e : a.experiments)
      if (e.title() == title) runs_on.push_back(&e);
    if (runs_on.size() < 2) continue;
    out.push_back(paragraph(code(title) + " on each machine:"));
    out.push_back(table_block(machines_table(runs_on)));
  }
  if (!out.empty()) out.insert(out.begin(), heading(3, "Across machines"));
  return out;
}

}  // namespace lab::report::prose
