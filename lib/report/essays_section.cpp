// The essays' figures beside the lab's (catalog/essays.hpp): for each experiment that
// reproduces one, the essay's serial and async times and their ratio, the lab's, async judged
// against serial (the essays' baseline, whatever else won), and why the figures differ; then
// the cost of checking too often where a sweep reaches it.
#include <algorithm>
#include <cmath>

#include "catalog/essays.hpp"
#include "core/text.hpp"
#include "report/checking_cost.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/verdict_parts.hpp"
#include "report/sections.hpp"
#include "stats/stats.hpp"

namespace lab::report {

using prose::code;

namespace {

std::optional<std::vector<std::string>> figure_row(const analysed_experiment& e) {
  const essay_figure& f = *e.essay;
  const point& p = e.points[0];
  if (!p.against_baseline) return std::nullopt;
  const comparison& v = *p.against_baseline;
  const std::size_t s = *e.serial_variant();
  const double serial = prose::value_of(p, s);
  const double async = prose::value_of(p, v.best == s ? v.runner_up : v.best);
  // The glance table's words for the same comparison (report/prose.hpp: one vocabulary).
  const auto [best, by] = prose::best_and_by(e, p, v);
  return std::vector<std::string>{code(e.title()), f.source + ": " + f.what, fmt::seconds(f.serial_s),
                                  fmt::seconds(f.async_s), fmt::ratio(f.serial_s / f.async_s), fmt::seconds(serial),
                                  fmt::seconds(async), fmt::ratio(serial / async), best + ": " + by,
                                  f.why_lab_differs};
}

// "At yield_every=1 async takes 6.2 s against 41 ms when it never yields: 0.7% efficiency."
std::string lesson_sentence(const analysed_experiment& e, const checking_cost& c) {
  const std::string& axis = c.lesson->axis;
  std::string text = code(e.title()) + ": at " + code(axis + "=" + c.most->at[0].text) + " " + e.variants[0] +
                     " takes " + fmt::seconds(c.most_s()) + " against " + fmt::seconds(c.never_s()) +
                     " when it never yields: " + fmt::percent(c.efficiency()) +
                     " efficiency against the unyielding work";
  if (c.cheap)
    text += "; from " + code(axis + "=" + c.cheap->at[0].text) + " on, checking costs under " + fmt::percent(min_effect);
  return text + " (" + c.lesson->source + ": " + c.lesson->lesson + ").";
}

}  // namespace

std::vector<block> essays_blocks(const analysis& a, const std::string& host) {
  table t;
  t.header = {"experiment", "the essay's", "essay serial", "essay async", "essay ratio", "lab serial", "lab async",
              "lab ratio", "async against serial", "why the lab's figures differ"};
  t.numeric = {false, false, true, true, true, true, true, true, false, false};
  std::vector<std::string> lessons;
  for (const auto& e : a.experiments) {
    if (e.host != host) continue;
    if (e.essay)
      if (auto row = figure_row(e)) t.rows.push_back(std::move(*row));
    if (auto c = checking_cost_of(e)) lessons.push_back(lesson_sentence(e, *c));
  }
  std::vector<block> out;
  if (!t.rows.empty()) {
    t.notes.push_back("The essays' times are their printed outputs (Python, asyncio); the lab's are medians of its "
                      "runs. Ratio: serial / async. Async is judged against serial, the essays' baseline, by a "
                      "Mann-Whitney test on the runs.");
    out.push_back(paragraph("**The essays' figures beside the lab's:**"));
    out.push_back(table_block(std::move(t)));
  }
  if (!lessons.empty()) out.push_back(paragraph("**The cost of checking too often:** " + join(lessons, " ")));
  return out;
}

}  // namespace lab::report
