// The same experiment run on several machines, side by side.
#include <algorithm>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

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
    std::vector<std::string> variants;
    for (const analysed_experiment* e : runs_on)
      for (const auto& v : e->variants)
        if (std::find(variants.begin(), variants.end(), v) == variants.end()) variants.push_back(v);
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
    for (const analysed_experiment* e : runs_on) {
      std::vector<std::string> row{e->host, e->cpus > 0 ? std::to_string(e->cpus) : "?"};
      std::optional<std::size_t> leader;
      double leader_value = 0;
      for (const auto& label : variants) {
        const auto it = std::find(e->variants.begin(), e->variants.end(), label);
        const point* best = nullptr;
        std::size_t v = 0;
        if (it != e->variants.end()) {
          v = static_cast<std::size_t>(it - e->variants.begin());
          for (const auto& p : e->points)
            if (p.cells[v].measured() && (!best || e->better(value_of(p, v), value_of(*best, v)))) best = &p;
        }
        if (!best) {
          row.push_back("—");
          continue;
        }
        const double x = value_of(*best, v);
        const bool everywhere = std::all_of(e->points.begin(), e->points.end(), [&](const point& p) {
          return p.cells[v].measured() && value_of(p, v) == x;
        });
        const std::string where =
            e->axes.empty() || everywhere ? "" : " at " + e->axes[0] + "=" + best->at[0].text;
        row.push_back(e->value_text(x) + where);
        if (e->contender(v) && (!leader || e->better(x, leader_value))) {
          leader = v;
          leader_value = x;
        }
      }
      row.push_back(leader ? e->variants[*leader] : "—");
      t.rows.push_back(std::move(row));
    }
    t.notes.push_back("Each variant's median " + (e0.primary.wall() ? std::string("wall time") : code(e0.primary.key)) +
                      " at its best point of the sweep on that machine.");
    out.push_back(paragraph(code(title) + " on each machine:"));
    block b = table_block(std::move(t));
    out.push_back(std::move(b));
  }
  if (!out.empty()) out.insert(out.begin(), heading(3, "Across machines"));
  return out;
}

}  // namespace lab::report::prose
