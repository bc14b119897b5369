#pragma once
// What the chart builders share (report/charts.cpp, report/metric_charts.cpp and the
// scenarios' parts): units by magnitude, a metric's unit from its key, and the two shapes
// a chart takes, a line per variant along the primary axis or a bar per variant.
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

struct unit {
  std::string name;
  double scale;
};
unit time_unit_for(double max_seconds);
unit memory_unit_for(double max_kib);

// A metric's value in seconds or KiB from the unit its key ends with, and which it is.
enum class quantity { time, memory, other };
std::pair<quantity, double> metric_base(const std::string& key);
// "io_latency_ms" -> "io_latency": the axis label names the unit it is drawn in.
std::string without_unit(const std::string& key);
// A metric key in words, for a chart's title: the catalog's label, else the key's words.
std::string words_for(const std::string& key);
// The same for an axis: lower case, without the label's explanation in parentheses.
std::string axis_words(const std::string& key);
// p50_ms, p99.9_us: a latency percentile in a time unit.
bool is_percentile(const std::string& key);

// The primary axis is numeric with at least two points.
bool numeric_axis(const analysed_experiment& e);
// Geometric sweeps (1, 2, 4, ...; 10, 100, 1000) read best on a log axis.
bool geometric(const analysed_experiment& e);

using cell_value = std::function<std::optional<double>(const cell&)>;

// One line per variant (and per series of the other swept parameters) along the primary
// axis. On a log axis, the value 0 (yield_every=0: never yields) becomes a labelled line.
chart along_axis(const analysed_experiment& e, const std::string& title, const std::string& y_label,
                 const cell_value& y, const cell_value& lo = {}, const cell_value& hi = {});
// One bar per variant: experiments with a single point or a non-numeric sweep.
chart per_variant(const analysed_experiment& e, const std::string& title, const std::string& y_label,
                  const cell_value& y, const cell_value& lo = {}, const cell_value& hi = {});

double max_over(const analysed_experiment& e, const cell_value& y);
double min_positive_over(const analysed_experiment& e, const cell_value& y);
bool has_values(const chart& c);
// A cell's median of a metric, times scale; nullopt where the runs did not report it.
cell_value metric_value(const std::string& key, double scale);
// The same in a unit chosen for the largest value (the key's own, converted).
cell_value scaled(const cell_value& raw, const unit& u);
// Whether some run of the experiment reported the numeric metric.
bool reports(const analysed_experiment& e, const std::string& key);

// The charts of a scenario judged on a metric (report/metric_charts.cpp); its part
// (report/scenario_part.hpp) adds to them.
class metric_charts {
 public:
  explicit metric_charts(const analysed_experiment& e);
  // A chart of y per variant, along the primary axis or as bars, log y where it spans more
  // than 30×; null when it has no values. The pointer holds until the next make().
  chart* make(const std::string& title, const std::string& y_label, const cell_value& y, const cell_value& lo = {},
              const cell_value& hi = {});
  // A chart built by the scenario's part as it is (a stacked bar chart); null when it has no values.
  chart* add(chart c);
  // The chart of the primary metric, or null where it had no values.
  chart* primary() { return primary_ ? &out_[0] : nullptr; }
  // The unit the primary metric is drawn in.
  const unit& primary_unit() const { return unit_; }
  // " against workers" along a numeric axis, else "".
  const std::string& sweep() const { return sweep_; }
  // "Yield curve: " where the primary axis has a curve of its own (catalog), else "".
  const std::string& curve() const { return curve_; }
  std::vector<chart> take() { return std::move(out_); }

 private:
  const analysed_experiment& e_;
  bool along_;
  std::string sweep_, curve_;
  unit unit_{"", 1};
  bool primary_ = false;
  std::vector<chart> out_;
};

}  // namespace lab::report
