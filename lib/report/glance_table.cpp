// The answer at a glance: one row per compared experiment.
#include <algorithm>
#include <utility>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/checking_cost.hpp"
#include "report/format.hpp"
#include "report/load.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

// The best variant at the point and by how much: its "best" and "by" cells.
std::pair<std::string, std::string> best_and_by(const analysed_experiment& e, const point& p, const comparison& v) {
  switch (v.kind) {
    case verdict_kind::winner: return {bold(e.variants[v.best]), margin_text(p, v)};
    case verdict_kind::tentative:
      return {bold(e.variants[v.best]) + " (tentative)", apart(p, v) + " (too few runs for p < 0.05)"};
    case verdict_kind::tie:
      if (call_of(v) == call::tie)
        return {e.variants[v.best] + " ≈ " + e.variants[v.runner_up], "tie: " + tie_reason(v)};
      return {e.variants[v.best] + " or " + e.variants[v.runner_up] + "?",
              "undecided (" + margin_text(p, v) + ")"};
    case verdict_kind::none:
      return {ok_variants(p) == 0            ? std::string("every run failed")
              : p.cells[v.best].measured() ? "only " + e.variants[v.best]
                                           : std::string("nothing to compare"),
              "—"};
  }
  return {"—", "—"};
}

namespace {

// Where the scenario measures memory per unit, that is its memory; else peak RSS.
std::string memory_of(const analysed_experiment& e, const point& p) {
  const cell& c = p.cells[p.verdict.best];
  if (c.ok == 0) return "—";
  const scenario_info* s = find_scenario_info(e.scenario);
  const auto per_unit = s && !s->unit_memory.empty() ? c.metric(s->unit_memory) : std::nullopt;
  return per_unit ? fmt::kib(*per_unit) + " per unit" : fmt::kib(c.rss_kib) + " peak";
}

// How the answer changes along the first swept parameter: the crossovers, else each stretch's answer.
std::string along_the_sweep(const analysed_experiment& e, const std::vector<point_series>& all) {
  const auto& first = all.front();
  if (e.axes.empty() || first.points.size() < 2) return "—";
  const auto segs = segments(e, first.points);
  std::vector<std::string> changes;
  for (const auto& c : find_crossovers(segs))
    changes.push_back(e.variants[c.to] + " overtakes " + e.variants[c.from] + " between " + e.axes[0] + " = " +
                      c.before->at[0].text + " and " + c.after->at[0].text);
  if (changes.empty() && segs.size() > 1)  // no clear winner gives way to another: list the answers
    for (const auto& seg : segs) {
      std::string answer = seg.what == segment::kind::win   ? e.variants[seg.variants[0]]
                           : seg.what == segment::kind::tie ? e.variants[seg.variants[0]] + " ≈ " +
                                                                  e.variants[seg.variants[1]]
                           : seg.what == segment::kind::undecided ? e.variants[seg.variants[0]] + " or " +
                                                                        e.variants[seg.variants[1]] + " (undecided)"
                           : seg.variants.empty()           ? std::string("none compared")
                                                            : "only " + e.variants[seg.variants[0]];
      changes.push_back(e.axes[0] + " = " + values_text(seg.points) + ": " + answer);
    }
  std::string sweep = changes.empty() ? "same answer throughout" : join(changes, "; ");
  if (all.size() > 1) sweep += " (at " + first.label + ")";
  return sweep;
}


// An essay's experiment is judged as the essay judged it, its model (async) against serial; the
// best of every model follows in the last column, so the row hides neither answer.
std::vector<std::string> essay_row(const analysed_experiment& e, const point& p) {
  const comparison& judged = *p.against_baseline;
  const auto [best, by] = best_and_by(e, p, judged);
  const auto [overall, margin] = best_and_by(e, p);
  const bool same = p.verdict.best == judged.best;
  return {e.workload_class() + " (" + e.primary.label + ", " + e.essay->model + " against serial as in " +
              e.essay->source + ")",
          code(e.title()), best, by, memory_of(e, p),
          same ? e.variants[judged.best] + " is also the best of every model"
               : "best of every model: " + overall + (margin == "—" ? "" : ", " + margin)};
}

// The essays' lesson on checking too often gets a row of its own: one variant, so no other row
// holds it, and its answer is how little of the unyielding work's speed checking every
// sample leaves (the efficiency against the work that never yields, not one counting the yields).
std::vector<std::vector<std::string>> lesson_rows(const analysis& a, const std::string& host) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& e : a.experiments) {
    if (e.host != host) continue;
    const auto c = checking_cost_of(e);
    if (!c) continue;
    const std::string& axis = c->lesson->axis;
    rows.push_back({"Cost of checking (" + e.primary.label + " against never yielding)",
                    code(e.title()) + " at " + code(axis + "=" + c->most->at[0].text),
                    c->cheap ? bold(code(axis + "=" + c->cheap->at[0].text)) + " or more: under " +
                                   fmt::percent(min_effect) + " lost"
                             : std::string("every interval measured loses more than ") + fmt::percent(min_effect),
                    fmt::seconds(c->most_s()) + " against " + fmt::seconds(c->never_s()) + ": " +
                        fmt::percent(c->efficiency()) + " efficiency",
                    memory_of(e, *c->most), c->lesson->source + ": " + c->lesson->lesson});
  }
  return rows;
}

}  // namespace

// One row per compared experiment: the answer at its last point and where it changes.
block glance_table(const analysis& a, const std::string& host) {
  table t;
  t.header = {"workload (judged on)", "experiment, at", "best", "by", "its memory", "along the sweep"};
  t.numeric = {false, false, false, false, true, false};  // "by" holds words too: it wraps
  for (const auto& row : glance_rows(a, host)) {
    const analysed_experiment& e = *row.e;
    const point& p = *row.p;
    const comparison& v = p.against_baseline ? *p.against_baseline : p.verdict;
    if (p.against_baseline) {
      t.rows.push_back(essay_row(e, p));
    } else {
      const auto all = series_along_primary(e);
      // Open loop: the schedule fixes the wall time, so the answer is the highest rate kept up with.
      const auto rates = rate_answer_of(e);
      const auto [best, by] = rates ? rate_best_and_by(e, *rates) : best_and_by(e, p);
      std::string where = e.axes.empty() || rates ? "" : e.axes[0] + "=" + p.at[0].text;
      if (!all.front().label.empty()) where += ", " + all.front().label;
      t.rows.push_back({e.workload_class() + " (" + (rates ? std::string("highest rate at the p99 target") : e.primary.label) + ")",
                        code(e.title()) + (where.empty() ? "" : " at " + code(where)), best, by, memory_of(e, p),
                        rates ? rates_text(e, *rates) : along_the_sweep(e, all)});
      if (rates) continue;
    }
    // Why a row is undecided goes under the table: in the row it would take the page's width.
    if (call_of(v) == call::undecided)
      t.notes.push_back(code(e.title()) + " undecided: " + why_undecided(v, e.variants[v.best]) + ".");
  }
  for (auto& row : lesson_rows(a, host)) t.rows.push_back(std::move(row));
  return table_block(std::move(t));
}

}  // namespace lab::report::prose
