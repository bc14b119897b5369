// Scenarios judged on a metric (spawn, switch, yield): the metric per variant (bars) or along
// the sweep, then what the scenario's part adds (memory per unit, the yield curve's CPU cost).
// Wall time and peak RSS are not the question there; the tables keep them.
#include <cctype>

#include "catalog/scenarios.hpp"
#include "report/chart_kit.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

namespace {

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// " (µs)" for a time drawn in the unit its values chose, else the catalog's unit for the metric
// (" (tasks/s)"), "" for a plain count.
std::string axis_unit(const primary_metric& m, const unit& u) {
  if (!u.name.empty()) return " (" + u.name + ")";
  const std::string named = metric_unit(m.key);
  return named.empty() || named == "text" ? "" : " (" + named + ")";
}
}  // namespace

metric_charts::metric_charts(const analysed_experiment& e) : e_(e), along_(numeric_axis(e)) {
  if (along_) {
    sweep_ = " against " + e.axes[0];
    if (const axis_fact* fact = find_axis_fact(e.axes[0])) curve_ = fact->curve + ": ";
  }
  // The primary metric, with the spread of the runs.
  const primary_metric& m = e.primary;
  const auto [q, base] = metric_base(m.key);
  if (q == quantity::time)
    unit_ = time_unit_for(max_over(e, [b = base](const cell& c) {
      return c.measured() ? std::optional(c.value.max * b) : std::nullopt;
    }));
  const double scale = base / unit_.scale;
  const auto value = [scale](const cell& c) { return c.measured() ? std::optional(c.value.median * scale) : std::nullopt; };
  const auto lo = [scale](const cell& c) { return c.measured() ? std::optional(c.value.min * scale) : std::nullopt; };
  const auto hi = [scale](const cell& c) { return c.measured() ? std::optional(c.value.max * scale) : std::nullopt; };
  if (chart* c = make(curve_ + capitalized(m.label) + sweep_,
                      m.label + axis_unit(m, unit_), value, lo, hi)) {
    c->caption = std::string(along_ ? "Median of the runs; error bars: min–max"
                                    : "Median of the runs; the thin line on each bar: min–max") +
                 (c->log_y ? "; log scale" : "") + ".";
    primary_ = true;
  }
}

chart* metric_charts::make(const std::string& title, const std::string& y_label, const cell_value& y,
                           const cell_value& lo, const cell_value& hi) {
  chart c = along_ ? along_axis(e_, title, y_label, y, lo, hi) : per_variant(e_, title, y_label, y, lo, hi);
  const double mx = max_over(e_, y), mn = min_positive_over(e_, y);
  c.log_y = mn > 0 && mx / mn > 30;
  // serial, where it is the floor, is drawn for scale but marked.
  for (auto& s : c.series)
    for (std::size_t v = 0; v < e_.variants.size(); ++v)
      if (!e_.contender(v) && s.title.rfind(e_.variants[v], 0) == 0) s.title += " (floor)";
  for (std::size_t i = 0; i < c.categories.size() && i < c.series.size(); ++i) c.categories[i] = c.series[i].title;
  return add(std::move(c));
}

chart* metric_charts::add(chart c) {
  if (!has_values(c)) return nullptr;
  out_.push_back(std::move(c));
  return &out_.back();
}

std::vector<chart> charts_of_metric(const analysed_experiment& e) {
  metric_charts charts(e);
  if (const scenario_part* part = part_of(e.scenario); part && part->charts) part->charts(e, charts);
  return charts.take();
}

}  // namespace lab::report
