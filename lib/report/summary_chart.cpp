// The report's first picture: which model is best at each workload, and how far the others
// are behind, in one chart beside the glance table (the same rows, the same points).
#include <algorithm>
#include <map>

#include "report/document.hpp"

namespace lab::report {

std::vector<glance_row> glance_rows(const analysis& a, const std::string& host) {
  std::vector<glance_row> rows;
  for (const auto& e : a.experiments) {
    std::size_t contenders = 0;
    for (std::size_t v = 0; v < e.variants.size(); ++v) contenders += e.contender(v) ? 1 : 0;
    if (e.host != host || contenders < 2 || e.points.empty()) continue;
    const auto series = series_along_primary(e);
    rows.push_back({&e, series.front().points.back(), series.front().label});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const glance_row& x, const glance_row& y) {
    return workload_class_rank(x.e->workload_class()) < workload_class_rank(y.e->workload_class());
  });
  return rows;
}

namespace {

// The chart's series, one per model colour, as they fill.
using model_series = std::map<int, chart_series>;

// Each model's best contending variant at the point, by the model's colour.
std::map<int, const cell*> best_per_model(const analysed_experiment& e, const point& p, model_series& by_colour) {
  std::map<int, const cell*> per_model;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    const cell& cl = p.cells[v];
    if (!cl.measured() || !e.contender(v)) continue;
    const int colour = variant_color(e, std::find(e.variant_models.begin(), e.variant_models.end(),
                                                  e.variant_models[v]) - e.variant_models.begin());
    auto& slot = per_model[colour];
    if (!slot || e.better(cl.value.median, slot->value.median)) slot = &cl;
    if (!by_colour.count(colour)) {
      by_colour[colour].title = e.variant_models[v];
      by_colour[colour].color = colour;
      by_colour[colour].error_bars = true;
    }
  }
  return per_model;
}

// Row i of the chart: each model's median against the best, with its interval.
void add_row(const glance_row& row, double i, model_series& by_colour) {
  const analysed_experiment& e = *row.e;
  const point& p = *row.p;
  const cell& best = p.cells[p.verdict.best];
  for (const auto& [colour, cl] : best_per_model(e, p, by_colour)) {
    // Relative to the best, as a cost: > 1 is worse whichever way the measure points.
    auto rel = [&](double v) { return e.primary.lower_is_better ? v / best.value.median : best.value.median / v; };
    double lo = rel(cl->value.ci.lo), hi = rel(cl->value.ci.hi);
    if (lo > hi) std::swap(lo, hi);
    auto& s = by_colour[colour];
    s.x.push_back(i);
    s.y.push_back(rel(cl->value.median));
    s.lo.push_back(lo);
    s.hi.push_back(hi);
  }
}

// Spread the models of a row side by side so their intervals do not overlap.
void add_spread_series(chart& c, model_series& by_colour) {
  const double n = static_cast<double>(by_colour.size());
  double k = 0;
  for (auto& [colour, s] : by_colour) {
    for (double& x : s.x) x += n > 1 ? (k / (n - 1) - 0.5) * 0.5 : 0.0;
    c.series.push_back(std::move(s));
    ++k;
  }
}

}  // namespace

chart summary_chart(const analysis& a, const std::string& host) {
  chart c;
  c.title = "Each model against the best, per workload (1 = best; lower is better)";
  c.y_label = "median / best median (log scale)";
  c.x_label = "";
  c.log_y = true;
  c.width = 1000;
  c.height = 300;
  // Unique in the page: one summary per machine.
  const auto m = std::find_if(a.machines.begin(), a.machines.end(), [&](const machine_info& x) { return x.host == host; });
  const auto n = m - a.machines.begin();
  c.id = n == 0 ? "summary-figure" : "summary-figure-" + std::to_string(n + 1);
  const auto rows = glance_rows(a, host);
  // One series per model, in the palette's order, so a model keeps its colour everywhere.
  model_series by_colour;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const point& p = *rows[i].p;
    const cell& best = p.cells[p.verdict.best];
    if (!best.measured() || best.value.median == 0) continue;
    // The experiment alone: its workload class is in the table beside, and a longer label
    // runs into its neighbours at seven rows.
    c.x_tics.emplace_back(rows[i].e->title(), static_cast<double>(i));
    add_row(rows[i], static_cast<double>(i), by_colour);
  }
  add_spread_series(c, by_colour);
  c.reference_lines.emplace_back("best", 1.0);
  c.caption = "At the glance table's point of each experiment: the model's median on the experiment's measure "
              "divided by the best model's (its best variant where it has several), with the 95% interval of "
              "the median as error bars; log scale, 1 = best.";
  return c;
}

}  // namespace lab::report
