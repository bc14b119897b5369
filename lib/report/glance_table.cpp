// The answer at a glance: one row per compared experiment.
#include <algorithm>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

// One row per compared experiment: the answer at its last point and where it changes.
block glance_table(const analysis& a, const std::string& host) {
  table t;
  t.header = {"workload (judged on)", "experiment, at", "best", "by", "its memory", "along the sweep"};
  t.numeric = {false, false, false, true, true, false};
  for (const auto& row : glance_rows(a, host)) {
    const analysed_experiment* e = row.e;
    const auto all = series_along_primary(*e);
    const auto& first = all.front();
    const point& p = *row.p;
    const comparison& v = p.verdict;
    std::string best = "—", by = "—", memory = "—";
    switch (v.kind) {
      case verdict_kind::winner:
        best = bold(e->variants[v.best]);
        by = fmt::ratio(v.ratio) + " (" + test_text(v) + ")";
        break;
      case verdict_kind::tentative:
        best = bold(e->variants[v.best]) + " (tentative)";
        by = fmt::ratio(v.ratio) + " (too few runs)";
        break;
      case verdict_kind::tie:
        best = e->variants[v.best] + " ≈ " + e->variants[v.runner_up];
        by = v.bias > 1     ? "within the fairness check's bias"
             : v.equivalent ? "indistinguishable (within ±" + fmt::percent(min_effect) + ")"
                            : "undecided (" + runs(v.n_best, v.n_runner_up) + ", ratio " + ratio_interval(v) + ")";
        break;
      case verdict_kind::none:
        best = ok_variants(p) == 0            ? std::string("every run failed")
               : p.cells[v.best].measured() ? "only " + e->variants[v.best]
                                            : std::string("nothing to compare");
        break;
    }
    if (p.cells[v.best].ok > 0) {
      const cell& c = p.cells[v.best];
      // Where the scenario measures memory per unit, that is its memory; else peak RSS.
      const scenario_info* s = find_scenario_info(e->scenario);
      const auto per_unit = s && !s->unit_memory.empty() ? c.metric(s->unit_memory) : std::nullopt;
      memory = per_unit ? fmt::kib(*per_unit) + " per unit" : fmt::kib(c.rss_kib) + " peak";
    }
    std::string where = e->axes.empty() ? "" : e->axes[0] + "=" + p.at[0].text;
    if (!first.label.empty()) where += ", " + first.label;
    std::string sweep = "—";
    if (!e->axes.empty() && first.points.size() > 1) {
      const auto segs = segments(*e, first.points);
      std::vector<std::string> changes;
      for (const auto& c : find_crossovers(segs))
        changes.push_back(e->variants[c.to] + " overtakes " + e->variants[c.from] + " between " + e->axes[0] + " = " +
                          c.before->at[0].text + " and " + c.after->at[0].text);
      if (changes.empty() && segs.size() > 1)  // no clear winner gives way to another: list the answers
        for (const auto& seg : segs) {
          std::string answer = seg.what == segment::kind::win   ? e->variants[seg.variants[0]]
                               : seg.what == segment::kind::tie ? e->variants[seg.variants[0]] + " ≈ " +
                                                                      e->variants[seg.variants[1]]
                               : seg.variants.empty()           ? std::string("none compared")
                                                                : "only " + e->variants[seg.variants[0]];
          changes.push_back(e->axes[0] + " = " + values_text(seg.points) + ": " + answer);
        }
      sweep = changes.empty() ? "same answer throughout" : join(changes, "; ");
      if (all.size() > 1) sweep += " (at " + first.label + ")";
    }
    t.rows.push_back({e->workload_class() + " (" + e->primary.label + ")",
                      code(e->title()) + (where.empty() ? "" : " at " + code(where)), best, by, memory, sweep});
  }
  block b = table_block(std::move(t));
  return b;
}

}  // namespace lab::report::prose
