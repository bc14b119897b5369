#include "report/chart_kit.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "catalog/scenarios.hpp"

namespace lab::report {

unit time_unit_for(double max_seconds) {
  if (max_seconds >= 1) return {"s", 1};
  if (max_seconds >= 1e-3) return {"ms", 1e-3};
  if (max_seconds >= 1e-6) return {"µs", 1e-6};
  return {"ns", 1e-9};
}

unit memory_unit_for(double max_kib) {
  if (max_kib >= 1024.0 * 1024) return {"GiB", 1024.0 * 1024};
  if (max_kib >= 1024) return {"MiB", 1024};
  return {"KiB", 1};
}

std::pair<quantity, double> metric_base(const std::string& key) {
  auto ends = [&](const char* s) {
    const std::string suf(s);
    return key.size() >= suf.size() && key.compare(key.size() - suf.size(), suf.size(), suf) == 0;
  };
  if (ends("_ms")) return {quantity::time, 1e-3};
  if (ends("_us")) return {quantity::time, 1e-6};
  if (ends("_ns")) return {quantity::time, 1e-9};
  if (ends("_s")) return {quantity::time, 1};
  if (ends("_kib")) return {quantity::memory, 1};
  if (ends("_mib")) return {quantity::memory, 1024};
  return {quantity::other, 1};
}

// "io_latency_ms" -> "io_latency": the axis label names the unit it is drawn in.
std::string without_unit(const std::string& key) {
  for (const char* suffix : {"_ms", "_us", "_ns", "_s", "_kib", "_mib"}) {
    const std::string suf(suffix);
    if (key.size() > suf.size() && key.compare(key.size() - suf.size(), suf.size(), suf) == 0)
      return key.substr(0, key.size() - suf.size());
  }
  return key;
}

std::string words_for(const std::string& key) {
  if (auto label = metric_label(key); !label.empty()) return label;
  std::string words = without_unit(key);
  std::replace(words.begin(), words.end(), '_', ' ');
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
  return words;
}

std::string axis_words(const std::string& key) {
  std::string words = words_for(key);
  const auto paren = words.find(" (");  // the label's explanation belongs in the title, not the axis
  if (paren != std::string::npos) words.erase(paren);
  if (words.size() > 1 && !std::isupper(static_cast<unsigned char>(words[1])))
    words[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(words[0])));
  return words;
}

// p50_ms, p99.9_us: a latency percentile in a time unit.
bool is_percentile(const std::string& key) {
  const auto under = key.find('_');
  if (key.size() < 2 || key[0] != 'p' || under == std::string::npos || under < 2) return false;
  for (std::size_t i = 1; i < under; ++i)
    if (!std::isdigit(static_cast<unsigned char>(key[i])) && key[i] != '.') return false;
  const std::string unit = key.substr(under + 1);
  return unit == "ms" || unit == "us" || unit == "ns" || unit == "s";
}

bool numeric_axis(const analysed_experiment& e) {
  if (e.axes.empty() || e.points.size() < 2) return false;
  return std::all_of(e.points.begin(), e.points.end(), [](const point& p) { return p.at[0].num.has_value(); });
}

// Geometric sweeps (1, 2, 4, ...; 10, 100, 1000) read best on a log axis.
bool geometric(const analysed_experiment& e) {
  std::vector<double> xs;
  for (const auto& p : e.points)
    if (*p.at[0].num > 0 && std::find(xs.begin(), xs.end(), *p.at[0].num) == xs.end()) xs.push_back(*p.at[0].num);
  std::sort(xs.begin(), xs.end());
  if (xs.size() < 3) return false;
  if (xs.back() / xs.front() >= 100) return true;
  for (std::size_t i = 1; i < xs.size(); ++i)
    if (xs[i] / xs[i - 1] < 1.5) return false;
  return true;
}

// One line per variant (and per series of the other swept parameters) along the primary
// axis. On a log axis, the value 0 (yield_every=0: never yields) becomes a labelled line.
chart along_axis(const analysed_experiment& e, const std::string& title, const std::string& y_label, const cell_value& y,
                 const cell_value& lo, const cell_value& hi) {
  chart c;
  c.title = title;
  c.x_label = e.axes[0];
  c.y_label = y_label;
  // A curve of its own (the yield curve) spans orders of magnitude whatever how many were swept.
  const axis_fact* fact = find_axis_fact(e.axes[0]);
  c.log_x = geometric(e) || fact;
  const auto all_series = series_along_primary(e);
  for (std::size_t s = 0; s < all_series.size(); ++s)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      chart_series line;
      line.title = e.variants[v] + (all_series[s].label.empty() ? "" : ", " + all_series[s].label);
      line.color = variant_color(e, v);
      line.dash = 1 + static_cast<int>(s % 4);  // series of the other swept parameters
      if (e.everywhere[v] && all_series.size() == 1) line.dash = 2;  // the same runs at every point
      for (const point* p : all_series[s].points) {
        const cell& cl = p->cells[v];
        if (cl.ok == 0) continue;
        const auto value = y(cl);
        if (!value) continue;
        const double x = *p->at[0].num;
        if (c.log_x && x <= 0) {
          if (e.everywhere[v]) continue;  // its line through the other points says it all
          const bool zero = fact && !fact->zero.empty() && x == 0;
          c.reference_lines.emplace_back(line.title + " at " + e.axes[0] + "=" + p->at[0].text +
                                             (zero ? " (" + fact->zero + ")" : ""),
                                         *value);
          continue;
        }
        line.x.push_back(x);
        line.y.push_back(*value);
        if (lo && hi) {
          line.lo.push_back(lo(cl).value_or(*value));
          line.hi.push_back(hi(cl).value_or(*value));
        }
      }
      if (!line.x.empty()) c.series.push_back(std::move(line));
    }
  return c;
}

// One bar per variant: experiments with a single point or a non-numeric sweep.
chart per_variant(const analysed_experiment& e, const std::string& title, const std::string& y_label, const cell_value& y,
                  const cell_value& lo, const cell_value& hi) {
  chart c;
  c.title = title;
  c.y_label = y_label;
  for (std::size_t pi = 0; pi < e.points.size(); ++pi) {
    const point& p = e.points[pi];
    const std::string where = describe(e, p);
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& cl = p.cells[v];
      if (cl.ok == 0) continue;
      const auto value = y(cl);
      if (!value) continue;
      chart_series bar;
      bar.title = where.empty() ? e.variants[v] : e.variants[v] + " " + where;
      bar.color = variant_color(e, v);
      bar.x.push_back(static_cast<double>(c.categories.size()));
      bar.y.push_back(*value);
      if (lo && hi) {
        bar.lo.push_back(lo(cl).value_or(*value));
        bar.hi.push_back(hi(cl).value_or(*value));
      }
      c.categories.push_back(bar.title);
      c.series.push_back(std::move(bar));
    }
  }
  return c;
}

namespace {

// Calls f with y of every cell that has a successful run and a value.
template <class F>
void each_value(const analysed_experiment& e, const cell_value& y, F f) {
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.ok > 0)
        if (auto v = y(c)) f(*v);
}

}  // namespace

double max_over(const analysed_experiment& e, const cell_value& y) {
  double m = 0;
  each_value(e, y, [&](double v) { m = std::max(m, std::fabs(v)); });
  return m;
}

double min_positive_over(const analysed_experiment& e, const cell_value& y) {
  double m = 0;
  each_value(e, y, [&](double v) {
    if (v > 0) m = m == 0 ? v : std::min(m, v);
  });
  return m;
}

bool has_values(const chart& c) { return !c.series.empty() || !c.reference_lines.empty(); }

cell_value metric_value(const std::string& key, double scale) {
  return [key, scale](const cell& c) {
    auto it = c.metrics.find(key);
    return it == c.metrics.end() ? std::nullopt : std::optional(it->second * scale);
  };
}

cell_value scaled(const cell_value& raw, const unit& u) {
  return [raw, u](const cell& c) {
    auto v = raw(c);
    return v ? std::optional(*v / u.scale) : std::nullopt;
  };
}

bool reports(const analysed_experiment& e, const std::string& key) {
  return std::find(e.metric_keys.begin(), e.metric_keys.end(), key) != e.metric_keys.end();
}

}  // namespace lab::report
