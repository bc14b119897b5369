// The essays' figures beside the lab's (catalog/essays.hpp): for each experiment that
// reproduces one, the essay's serial and async times and their ratio, the lab's, async judged
// against serial (the essays' baseline, whatever else won), and why the figures differ; then
// the cost of checking too often where a sweep reaches it.
#include <algorithm>
#include <cmath>

#include "catalog/essays.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/sections.hpp"
#include "stats/stats.hpp"

namespace lab::report {

using prose::code;

namespace {

std::optional<std::size_t> variant_of_model(const analysed_experiment& e, const std::string& model) {
  for (std::size_t v = 0; v < e.variant_models.size(); ++v)
    if (e.variant_models[v] == model) return v;
  return std::nullopt;
}

bool reproduces(const analysed_experiment& e, const essay_figure& f) {
  if (e.scenario != f.scenario || e.points.size() != 1) return false;
  for (const auto& [k, v] : f.work)
    if (e.fixed_value(k) != v) return false;
  return true;
}

std::optional<std::vector<std::string>> figure_row(const analysed_experiment& e, const essay_figure& f) {
  const auto s = variant_of_model(e, "serial"), a = variant_of_model(e, "async");
  if (!s || !a) return std::nullopt;
  const cell& cs = e.points[0].cells[*s];
  const cell& ca = e.points[0].cells[*a];
  if (!cs.measured() || !ca.measured()) return std::nullopt;
  const double p = stats::mann_whitney_p(ca.values, cs.values);
  const double ratio = cs.value.median / ca.value.median;
  // The lab's vocabulary (report/prose.hpp): a winner needs p < 0.05 and a margin beyond ±2%;
  // every run apart with too few runs for that p is tentative.
  const bool async_ahead = stats::max(ca.values) < stats::min(cs.values);
  const bool serial_ahead = stats::max(cs.values) < stats::min(ca.values);
  const bool too_few = stats::mann_whitney_min_p(ca.values.size(), cs.values.size()) >= 0.05;
  std::string judged;
  if (p < 0.05 && std::fabs(ratio - 1) > min_effect) judged = (ratio > 1 ? "async" : "serial") + std::string(" wins, ") + fmt::p_value(p);
  else if (too_few && (async_ahead || serial_ahead))
    judged = std::string(async_ahead ? "async" : "serial") + " ahead in every run (tentative: too few runs for p < 0.05)";
  else judged = "undecided, " + fmt::p_value(p);
  return std::vector<std::string>{code(e.title()), f.source + ": " + f.what, fmt::seconds(f.serial_s),
                                  fmt::seconds(f.async_s), fmt::ratio(f.serial_s / f.async_s),
                                  fmt::seconds(cs.value.median), fmt::seconds(ca.value.median), fmt::ratio(ratio),
                                  judged, f.why_lab_differs};
}

// "At yield_every=1 async takes 6.2 s against 41 ms when it never yields: 0.7% efficiency."
std::optional<std::string> lesson_sentence(const analysed_experiment& e, const essay_lesson& l) {
  if (e.scenario != l.scenario || e.axes.empty() || e.axes[0] != l.axis) return std::nullopt;
  const point *never = nullptr, *most = nullptr;
  for (const auto& p : e.points) {
    if (!p.at[0].num || !p.cells[0].measured()) continue;
    if (*p.at[0].num == 0) never = &p;
    else if (!most || *p.at[0].num < *most->at[0].num) most = &p;
  }
  if (!never || !most) return std::nullopt;
  const double unyielding = never->cells[0].value.median, checking = most->cells[0].value.median;
  std::string text = code(e.title()) + ": at " + code(l.axis + "=" + most->at[0].text) + " " + e.variants[0] +
                     " takes " + fmt::seconds(checking) + " against " + fmt::seconds(unyielding) +
                     " when it never yields: " + fmt::percent(unyielding / checking) +
                     " efficiency against the unyielding work";
  // The smallest interval that stays within the noise of the unyielding time.
  for (const auto& p : e.points)
    if (p.at[0].num && *p.at[0].num > 0 && p.cells[0].measured() &&
        p.cells[0].value.median <= unyielding * (1 + min_effect)) {
      text += "; from " + code(l.axis + "=" + p.at[0].text) + " on, checking costs under " + fmt::percent(min_effect);
      break;
    }
  return text + " (" + l.source + ": " + l.lesson + ").";
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
    for (const auto& f : essay_figures())
      if (reproduces(e, f))
        if (auto row = figure_row(e, f)) t.rows.push_back(std::move(*row));
    for (const auto& l : essay_lessons())
      if (auto s = lesson_sentence(e, l)) lessons.push_back(std::move(*s));
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
