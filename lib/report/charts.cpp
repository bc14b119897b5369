// Which charts an experiment gets, as data: the gnuplot renderer draws them. A scenario
// judged on wall time gets these; one judged on a metric gets report/metric_charts.cpp's.
#include <algorithm>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/chart_kit.hpp"
#include "report/format.hpp"
#include "report/scaling.hpp"

namespace lab::report {

std::vector<chart> charts_of_metric(const analysed_experiment& e);  // report/metric_charts.cpp

namespace {

// A wall-time experiment's charts, in order: wall time (with the ideal), efficiency, the
// speedup and its Amdahl fit, memory, latency percentiles, and along a curve of its own (the
// yield curve) every other measured time.
class wall_charts {
 public:
  explicit wall_charts(const analysed_experiment& e) : e_(e), along(numeric_axis(e)) {
    if (along) {
      sweep = " against " + e.axes[0];
      if (const axis_fact* fact = find_axis_fact(e.axes[0])) {
        on_curve = true;
        curve = fact->curve + ": ";
      }
    }
  }

  std::vector<chart> all() {
    wall_time();
    efficiency();
    speedup();
    memory();
    percentiles();
    curve_times();
    return std::move(out);
  }

 private:
  const analysed_experiment& e_;
  const bool along;
  bool on_curve = false;
  std::string sweep, curve;
  std::vector<chart> out;

  void make(const std::string& title, const std::string& y_label, const cell_value& y, const cell_value& lo = {},
            const cell_value& hi = {}) {
    const analysed_experiment& e = e_;
    chart c = along ? along_axis(e, title, y_label, y, lo, hi) : per_variant(e, title, y_label, y, lo, hi);
    // Values over more than a factor of 30 read better on a log scale.
    const double mx = max_over(e, y), mn = min_positive_over(e, y);
    c.log_y = along && mn > 0 && mx / mn > 30;
    if (has_values(c)) out.push_back(std::move(c));
  }

  // Wall time, with the min-max spread as error bars.
  void wall_time() {
    const analysed_experiment& e = e_;
    const unit t = time_unit_for(max_over(e, [](const cell& c) { return std::optional(c.wall.median); }));
    make((on_curve ? curve + "wall time" : std::string("Wall time")) + sweep, "median wall time (" + t.name + ")",
         [t](const cell& c) { return std::optional(c.wall.median / t.scale); },
         [t](const cell& c) { return std::optional(c.wall.min / t.scale); },
         [t](const cell& c) { return std::optional(c.wall.max / t.scale); });
    if (!out.empty()) {
      out.back().caption = along ? "Median of the runs; error bars: min–max."
                                 : "Median of the runs; the thin line on each bar: min–max.";
      // The ideal beside the measured, dotted, where the runs have one.
      const auto ideal = along ? along_axis(e, "", "", [t](const cell& c) {
        return c.ideal_s ? std::optional(*c.ideal_s / t.scale) : std::nullopt;
      })
                               : chart{};
      if (!ideal.series.empty()) {
        for (auto s : ideal.series) {
          s.title += " ideal";
          s.dash = 3;
          out.back().series.push_back(std::move(s));
        }
        out.back().title += ", with the ideal";
        out.back().caption += " Dotted: each variant's ideal time.";
      }
    }
  }

  // Efficiency against the ideal.
  void efficiency() {
    const analysed_experiment& e = e_;
    const cell_value eff = [](const cell& c) {
      return c.efficiency ? std::optional(*c.efficiency * 100) : std::nullopt;
    };
    if (max_over(e, eff) > 0) {
      make("Efficiency" + sweep, "ideal time / time inside the model's process (%)", eff);
      out.back().log_y = false;
    }
  }

  // Speedup over cores: measured points, the fitted law out to extrapolation_limit x the cores
  // measured, and past that only the predictions with their intervals, as error bars.
  void speedup() {
    const analysed_experiment& e = e_;
    const auto fits = scaling_fits(e);
    if (fits.empty()) return;
    chart c;
    c.title = "Speedup and its prediction";
    c.x_label = "cores used";
    c.y_label = "speedup";
    c.log_x = true;
    c.log_y = true;
    double most = 0, top = 1;
    for (const auto& f : fits) {
      most = std::max(most, f.most_cores());
      for (const auto& p : f.predictions) top = std::max(top, p.cores);
    }
    chart_series ideal;
    ideal.title = "linear (ideal)";
    ideal.dash = 2;
    for (double n = 1; n <= std::max(top, most) * 1.001; n *= 2) {
      ideal.x.push_back(n);
      ideal.y.push_back(n);
    }
    c.series.push_back(ideal);
    for (const auto& f : fits) {
      auto drawn = fit_series(e, f, extrapolation_limit * most);
      c.series.insert(c.series.end(), drawn.begin(), drawn.end());
    }
    c.caption = "Points: measured speedups. Dashed: the law fitted to them (" + law_names(fits) + "), drawn to " +
                fmt::plain(extrapolation_limit) + "× the " + fmt::plain(most) +
                " cores measured. Bars: predictions with their 95% bootstrap interval over the runs; they are "
                "not measurements.";
    out.push_back(std::move(c));
  }

  static std::string law_names(const std::vector<scaling_fit>& fits) {
    std::vector<std::string> names;
    for (const auto& f : fits)
      if (const auto n = law_name(f.fit); std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
    return join(names, ", ");
  }

  // One fit's measured points, its curve up to `reach` cores and its predictions.
  static std::vector<chart_series> fit_series(const analysed_experiment& e, const scaling_fit& f, double reach) {
    const std::string who = e.variants[f.variant] + (f.series.empty() ? "" : ", " + f.series);
    chart_series measured;
    measured.title = who + " measured";
    measured.color = variant_color(e, f.variant);
    measured.points_only = true;
    measured.x = f.cores;
    measured.y = f.speedup;
    chart_series curve;
    curve.title = who + " fit, " + law_parameters(f.fit);
    curve.color = measured.color;
    curve.dash = 2;
    for (double n = 1; n <= reach * 1.001; n *= std::pow(2.0, 0.25)) {
      curve.x.push_back(n);
      curve.y.push_back(f.fit.speedup(n));
    }
    chart_series predicted;
    predicted.title = who + " predicted (95% interval)";
    predicted.color = measured.color;
    predicted.error_bars = true;
    for (const auto& p : f.predictions) {
      predicted.x.push_back(p.cores);
      predicted.y.push_back(p.speedup);
      predicted.lo.push_back(p.lo);
      predicted.hi.push_back(p.hi);
    }
    std::vector<chart_series> out{std::move(measured), std::move(curve)};
    if (!predicted.x.empty()) out.push_back(std::move(predicted));
    return out;
  }

  // Memory: peak RSS, and any per-unit memory metric.
  void memory() {
    const analysed_experiment& e = e_;
    const unit m = memory_unit_for(max_over(e, [](const cell& c) { return std::optional(c.rss_kib); }));
    make("Peak memory (RSS)" + sweep, "median peak RSS (" + m.name + ")",
         [m](const cell& c) { return c.rss_kib > 0 ? std::optional(c.rss_kib / m.scale) : std::nullopt; });
    for (const auto& key : e.metric_keys) {
      const auto [q, base] = metric_base(key);
      if (q != quantity::memory) continue;
      const cell_value raw = [key, base = base](const cell& c) {
        auto it = c.metrics.find(key);
        return it == c.metrics.end() ? std::nullopt : std::optional(it->second * base);
      };
      const unit mu = memory_unit_for(max_over(e, raw));
      make(words_for(key) + sweep,
           axis_words(key) + " (" + mu.name + ")", [raw, mu](const cell& c) {
             auto v = raw(c);
             return v ? std::optional(*v / mu.scale) : std::nullopt;
           });
    }
  }

  // Latency percentiles (p50_ms, p99_ms, ...): one chart, a line per variant and percentile.
  void percentiles() {
    const analysed_experiment& e = e_;
    std::vector<std::string> pcts;
    for (const auto& key : e.metric_keys)
      if (is_percentile(key)) pcts.push_back(key);
    if (pcts.empty()) return;
    double mx = 0;
    std::vector<cell_value> raws;  // each percentile in seconds
    for (const auto& key : pcts) {
      const double base = metric_base(key).second;
      raws.push_back([key, base](const cell& c) {
        auto it = c.metrics.find(key);
        return it == c.metrics.end() ? std::nullopt : std::optional(it->second * base);
      });
      mx = std::max(mx, max_over(e, raws.back()));
    }
    const unit lu = time_unit_for(mx);
    chart combined = percentile_series(pcts, raws, lu);
    combined.title = (on_curve ? curve + "latency percentiles" : std::string("Latency percentiles")) + sweep;
    combined.x_label = along ? e.axes[0] : "";
    combined.y_label = "latency (" + lu.name + ")";
    double lo_all = 0;
    for (const auto& raw : raws) {
      const double v = min_positive_over(e, raw);
      if (v > 0) lo_all = lo_all == 0 ? v : std::min(lo_all, v);
    }
    combined.log_y = along && lo_all > 0 && mx / lo_all > 30;
    if (along) combined.caption = dash_legend(pcts);
    if (has_values(combined)) out.push_back(std::move(combined));
  }

  // The percentiles' series in one chart, a dash type per percentile.
  chart percentile_series(const std::vector<std::string>& pcts, const std::vector<cell_value>& raws,
                          const unit& lu) const {
    chart combined;
    for (std::size_t k = 0; k < pcts.size(); ++k) {
      const std::string name = pcts[k].substr(0, pcts[k].find('_'));
      const cell_value y = [raw = raws[k], lu](const cell& c) {
        auto v = raw(c);
        return v ? std::optional(*v / lu.scale) : std::nullopt;
      };
      chart c = along ? along_axis(e_, "", "", y) : per_variant(e_, "", "", y);
      for (auto& s : c.series) {
        s.title += " " + name;
        s.dash = 1 + static_cast<int>(k % 4);
      }
      if (k == 0) combined = c;
      else {
        combined.series.insert(combined.series.end(), c.series.begin(), c.series.end());
        for (auto& r : c.reference_lines) combined.reference_lines.push_back(r);
        if (!along)
          for (auto& cat : c.categories) combined.categories.push_back(cat);
      }
    }
    if (!along) {  // bars were numbered per percentile; renumber them across the chart
      for (std::size_t i = 0; i < combined.series.size(); ++i) combined.series[i].x = {static_cast<double>(i)};
      for (std::size_t i = 0; i < combined.series.size() && i < combined.categories.size(); ++i)
        combined.categories[i] = combined.series[i].title;
    }
    return combined;
  }

  // "Solid: p50; dashed: p99."
  static std::string dash_legend(const std::vector<std::string>& pcts) {
    static const char* const dashes[] = {"solid", "dashed", "dotted", "dash-dotted"};
    std::vector<std::string> legend;
    for (std::size_t k = 0; k < pcts.size(); ++k)
      legend.push_back(std::string(dashes[k % 4]) + ": " + pcts[k].substr(0, pcts[k].find('_')));
    std::string caption = join(legend, "; ") + ".";
    caption[0] = 'S';
    return caption;
  }

  // On a yield sweep every other measured time is part of the curve too.
  void curve_times() {
    const analysed_experiment& e = e_;
    if (on_curve)
      for (const auto& key : e.metric_keys) {
        const auto [q, base] = metric_base(key);
        if (q != quantity::time || is_percentile(key)) continue;
        const cell_value raw = [key, base = base](const cell& c) {
          auto it = c.metrics.find(key);
          return it == c.metrics.end() ? std::nullopt : std::optional(it->second * base);
        };
        const unit u = time_unit_for(max_over(e, raw));
        make(curve + words_for(key) + sweep, axis_words(key) + " (" + u.name + ")", [raw, u](const cell& c) {
          auto v = raw(c);
          return v ? std::optional(*v / u.scale) : std::nullopt;
        });
      }
  }
};

}  // namespace

namespace {

// A line chart whose every value lies within 5% of the others draws a flat line the table
// already says in one number (a fixed stack size, a peak RSS the models share): left out.
bool flat(const chart& c) {
  if (!c.categories.empty() || !c.script.empty() || c.series.empty()) return false;
  double lo = 1e300, hi = -1e300;
  for (const auto& s : c.series)
    for (double y : s.y) lo = std::min(lo, y), hi = std::max(hi, y);
  return lo > 0 && hi <= lo * 1.05;
}

}  // namespace

std::vector<chart> charts_for(const analysed_experiment& e) {
  if (e.points.empty()) return {};
  auto charts = e.primary.wall() ? wall_charts(e).all() : charts_of_metric(e);
  charts.erase(std::remove_if(charts.begin(), charts.end(), flat), charts.end());
  return charts;
}

}  // namespace lab::report
