// Which charts an experiment gets, as data: the gnuplot renderer draws them.
#include <algorithm>
#include <cctype>
#include <map>
#include <cmath>
#include <functional>

#include "core/text.hpp"
#include "report/document.hpp"
#include "report/format.hpp"
#include "report/scaling.hpp"

namespace lab::report {

namespace {

struct unit {
  std::string name;
  double scale;
};

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

// A metric's value in seconds or KiB from the unit its key ends with, and which it is.
enum class quantity { time, memory, other };
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

// A metric key in words, for a chart's title: the measures the lab's scenarios report have
// names; any other key reads as its words, without its unit.
std::string words_for(const std::string& key) {
  static const std::map<std::string, std::string> named{
      {"rss_sum_kib", "Memory summed over the run's processes"},
      {"mem_per_unit_kib", "Memory per unit alive"},
      {"kernel_stack_per_unit_kib", "Kernel stack per unit"},
      {"page_tables_per_unit_kib", "Page tables per unit"},
      {"child_pss_mean_kib", "Memory (PSS) of one child process"},
      {"mem_held_kib", "Memory held with every unit alive"},
      {"mem_baseline_kib", "Memory before the units"},
      {"io_latency_ms", "I/O latency"},
      {"cpu_s", "CPU task time"},
      {"ns_per_yield", "Cost of one yield"},
  };
  if (auto it = named.find(key); it != named.end()) return it->second;
  std::string words = without_unit(key);
  std::replace(words.begin(), words.end(), '_', ' ');
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(words[0])));
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

bool numeric_axis(const experiment& e) {
  if (e.axes.empty() || e.points.size() < 2) return false;
  return std::all_of(e.points.begin(), e.points.end(), [](const point& p) { return p.at[0].num.has_value(); });
}

// Geometric sweeps (1, 2, 4, ...; 10, 100, 1000) read best on a log axis.
bool geometric(const experiment& e) {
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

using cell_value = std::function<std::optional<double>(const cell&)>;

// One line per variant (and per series of the other swept parameters) along the primary
// axis. On a log axis, the value 0 (yield_every=0: never yields) becomes a labelled line.
chart along_axis(const experiment& e, const std::string& title, const std::string& y_label, const cell_value& y,
                 const cell_value& lo = {}, const cell_value& hi = {}) {
  chart c;
  c.title = title;
  c.x_label = e.axes[0];
  c.y_label = y_label;
  // The yield curve spans orders of magnitude of yield_every whatever how many were swept.
  c.log_x = geometric(e) || e.axes[0] == "yield_every";
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
          const bool never = e.axes[0] == "yield_every" && x == 0;
          c.reference_lines.emplace_back(line.title + " at " + e.axes[0] + "=" + p->at[0].text +
                                             (never ? " (never yields)" : ""),
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
chart per_variant(const experiment& e, const std::string& title, const std::string& y_label, const cell_value& y,
                  const cell_value& lo = {}, const cell_value& hi = {}) {
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

double max_over(const experiment& e, const cell_value& y) {
  double m = 0;
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.ok > 0)
        if (auto v = y(c)) m = std::max(m, std::fabs(*v));
  return m;
}

double min_positive_over(const experiment& e, const cell_value& y) {
  double m = 0;
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.ok > 0)
        if (auto v = y(c); v && *v > 0) m = m == 0 ? *v : std::min(m, *v);
  return m;
}

bool has_values(const chart& c) { return !c.series.empty() || !c.reference_lines.empty(); }

cell_value metric_value(const std::string& key, double scale) {
  return [key, scale](const cell& c) {
    auto it = c.metrics.find(key);
    return it == c.metrics.end() ? std::nullopt : std::optional(it->second * scale);
  };
}

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

// Scenarios judged on a metric (spawn, switch, yield): the metric per variant (bars) or along
// the sweep, then what goes with it: memory per unit, the yield curve's CPU cost. Wall time
// and peak RSS are not the question there; the tables keep them.
std::vector<chart> metric_charts(const experiment& e) {
  std::vector<chart> out;
  const primary_metric& m = e.primary;
  const bool along = numeric_axis(e);
  const bool yield_curve = along && e.axes[0] == "yield_every";
  const std::string sweep = along ? " against " + e.axes[0] : "";
  auto make = [&](const std::string& title, const std::string& y_label, const cell_value& y, const cell_value& lo = {},
                  const cell_value& hi = {}) -> chart* {
    chart c = along ? along_axis(e, title, y_label, y, lo, hi) : per_variant(e, title, y_label, y, lo, hi);
    const double mx = max_over(e, y), mn = min_positive_over(e, y);
    c.log_y = mn > 0 && mx / mn > 30;
    // serial, where it is the floor, is drawn for scale but marked.
    for (auto& s : c.series)
      for (std::size_t v = 0; v < e.variants.size(); ++v)
        if (!e.contender(v) && s.title.rfind(e.variants[v], 0) == 0) s.title += " (floor)";
    for (std::size_t i = 0; i < c.categories.size() && i < c.series.size(); ++i) c.categories[i] = c.series[i].title;
    if (!has_values(c)) return nullptr;
    out.push_back(std::move(c));
    return &out.back();
  };

  // The primary metric, with the spread of the runs.
  const auto [q, base] = metric_base(m.key);
  const bool time = q == quantity::time;
  const unit u = time ? time_unit_for(max_over(e, [b = base](const cell& c) {
    return c.measured() ? std::optional(c.value.max * b) : std::nullopt;
  }))
                      : unit{"", 1};
  const double scale = base / u.scale;
  const auto value = [scale](const cell& c) { return c.measured() ? std::optional(c.value.median * scale) : std::nullopt; };
  const auto lo = [scale](const cell& c) { return c.measured() ? std::optional(c.value.min * scale) : std::nullopt; };
  const auto hi = [scale](const cell& c) { return c.measured() ? std::optional(c.value.max * scale) : std::nullopt; };
  if (chart* c = make((yield_curve ? "Yield curve: " : "") + capitalized(m.label) + sweep,
                      m.label + (u.name.empty() ? "" : " (" + u.name + ")"), value, lo, hi)) {
    c->caption = std::string(along ? "Median of the runs; error bars: min–max" : "Median of the runs; the thin line on "
                                                                                   "each bar: min–max") +
                 (c->log_y ? "; log scale" : "") + ".";
    if (e.scenario == "yield") {
      std::optional<double> ideal;
      for (const auto& p : e.points)
        for (const auto& cl : p.cells)
          if (auto it = cl.metrics.find("io_ideal_ms"); it != cl.metrics.end()) ideal = it->second;
      if (ideal) c->reference_lines.emplace_back("ideal: io_ms", *ideal * 1e-3 / u.scale);
    }
  }

  // spawn: what one more unit alive holds.
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), "mem_per_unit_kib") != e.metric_keys.end()) {
    const cell_value raw = metric_value("mem_per_unit_kib", 1);
    const unit mu = memory_unit_for(max_over(e, raw));
    if (chart* c = make("Memory per unit alive" + sweep, "memory per unit (" + mu.name + ")",
                        [raw, mu](const cell& cl) {
                          auto v = raw(cl);
                          return v ? std::optional(*v / mu.scale) : std::nullopt;
                        }))
      c->caption = "procs: PSS of the children plus the parent's growth; others: RSS growth. Kernel stacks and page "
                   "tables, outside RSS, are in the table.";
  }

  // yield: what yielding costs the CPU task.
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), "cpu_slowdown") != e.metric_keys.end())
    if (chart* c = make((yield_curve ? "Yield curve: " : "") + std::string("CPU slowdown") + sweep,
                        "CPU task time / alone (×)", metric_value("cpu_slowdown", 1))) {
      c->log_y = false;
      c->reference_lines.emplace_back("no overhead", 1.0);
      c->caption = "The CPU task's time beside the I/O task over its time alone; 1 = yielding costs nothing.";
    }
  return out;
}

}  // namespace

std::vector<chart> charts_for(const experiment& e) {
  std::vector<chart> out;
  if (e.points.empty()) return out;
  if (!e.primary.wall()) return metric_charts(e);
  const bool along = numeric_axis(e);
  auto make = [&](const std::string& title, const std::string& y_label, const cell_value& y,
                  const cell_value& lo = {}, const cell_value& hi = {}) {
    chart c = along ? along_axis(e, title, y_label, y, lo, hi) : per_variant(e, title, y_label, y, lo, hi);
    // Values over more than a factor of 30 read better on a log scale.
    const double mx = max_over(e, y), mn = min_positive_over(e, y);
    c.log_y = along && mn > 0 && mx / mn > 30;
    if (has_values(c)) out.push_back(std::move(c));
  };
  const std::string sweep = along ? " against " + e.axes[0] : "";
  const bool yield_curve = along && e.axes[0] == "yield_every";

  // Wall time, with the min-max spread as error bars.
  const unit t = time_unit_for(max_over(e, [](const cell& c) { return std::optional(c.wall.median); }));
  make((yield_curve ? "Yield curve: wall time" : "Wall time") + sweep, "median wall time (" + t.name + ")",
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

  // Efficiency against the ideal.
  const cell_value eff = [](const cell& c) {
    return c.efficiency ? std::optional(*c.efficiency * 100) : std::nullopt;
  };
  if (max_over(e, eff) > 0) {
    make("Efficiency" + sweep, "ideal time / time inside the model's process (%)", eff);
    out.back().log_y = false;
  }

  // Speedup over cores with the Amdahl fit extended to 64 cores: the prediction, drawn.
  if (const auto fits = scaling_fits(e); !fits.empty()) {
    chart c;
    c.title = "Speedup and Amdahl's-law prediction";
    c.x_label = "cores used";
    c.y_label = "speedup";
    c.log_x = true;
    c.log_y = true;
    chart_series ideal;
    ideal.title = "linear (ideal)";
    ideal.color = 0;
    ideal.dash = 2;
    for (double n = 1; n <= 64; n *= 2) {
      ideal.x.push_back(n);
      ideal.y.push_back(n);
    }
    c.series.push_back(ideal);
    for (const auto& f : fits) {
      chart_series measured;
      measured.title = e.variants[f.variant] + (f.series.empty() ? "" : ", " + f.series) + " measured";
      measured.color = variant_color(e, f.variant);
      measured.points_only = true;
      measured.x = f.cores;
      measured.y = f.speedup;
      chart_series fit;
      fit.title = e.variants[f.variant] + " fit, f=" + fmt::sig(f.fit.serial_fraction, 2) + " (prediction)";
      fit.color = measured.color;
      fit.dash = 2;
      for (double n = 1; n <= 64.001; n *= std::pow(2.0, 0.25)) {
        fit.x.push_back(n);
        fit.y.push_back(f.fit.predict(n));
      }
      c.series.push_back(std::move(measured));
      c.series.push_back(std::move(fit));
    }
    c.caption = "Points: measured speedups. Dashed: Amdahl's law fitted to them and extrapolated to 64 cores; "
                "beyond the measured cores it is a prediction.";
    out.push_back(std::move(c));
  }

  // Memory: peak RSS, and any per-unit memory metric.
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
         without_unit(key) + " (" + mu.name + ")", [raw, mu](const cell& c) {
           auto v = raw(c);
           return v ? std::optional(*v / mu.scale) : std::nullopt;
         });
  }

  // Latency percentiles (p50_ms, p99_ms, ...): one chart, a line per variant and percentile.
  std::vector<std::string> pcts;
  for (const auto& key : e.metric_keys)
    if (is_percentile(key)) pcts.push_back(key);
  if (!pcts.empty()) {
    double mx = 0;
    std::vector<cell_value> raws;
    for (const auto& key : pcts) {
      const double base = metric_base(key).second;
      raws.push_back([key, base](const cell& c) {
        auto it = c.metrics.find(key);
        return it == c.metrics.end() ? std::nullopt : std::optional(it->second * base);
      });
      mx = std::max(mx, max_over(e, raws.back()));
    }
    const unit lu = time_unit_for(mx);
    chart combined;
    for (std::size_t k = 0; k < pcts.size(); ++k) {
      const std::string name = pcts[k].substr(0, pcts[k].find('_'));
      const cell_value y = [raw = raws[k], lu](const cell& c) {
        auto v = raw(c);
        return v ? std::optional(*v / lu.scale) : std::nullopt;
      };
      chart c = along ? along_axis(e, "", "", y) : per_variant(e, "", "", y);
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
    combined.title = (yield_curve ? "Yield curve: latency percentiles" : "Latency percentiles") + sweep;
    combined.x_label = along ? e.axes[0] : "";
    combined.y_label = "latency (" + lu.name + ")";
    double lo_all = 0;
    for (const auto& raw : raws) {
      const double v = min_positive_over(e, raw);
      if (v > 0) lo_all = lo_all == 0 ? v : std::min(lo_all, v);
    }
    combined.log_y = along && lo_all > 0 && mx / lo_all > 30;
    if (along) {
      static const char* const dashes[] = {"solid", "dashed", "dotted", "dash-dotted"};
      std::vector<std::string> legend;
      for (std::size_t k = 0; k < pcts.size(); ++k)
        legend.push_back(std::string(dashes[k % 4]) + ": " + pcts[k].substr(0, pcts[k].find('_')));
      combined.caption = join(legend, "; ") + ".";
      combined.caption[0] = 'S';
    }
    if (has_values(combined)) out.push_back(std::move(combined));
  }

  // On a yield sweep every other measured time is part of the curve too.
  if (yield_curve)
    for (const auto& key : e.metric_keys) {
      const auto [q, base] = metric_base(key);
      if (q != quantity::time || is_percentile(key)) continue;
      const cell_value raw = [key, base = base](const cell& c) {
        auto it = c.metrics.find(key);
        return it == c.metrics.end() ? std::nullopt : std::optional(it->second * base);
      };
      const unit u = time_unit_for(max_over(e, raw));
      make("Yield curve: " + words_for(key) + sweep, without_unit(key) + " (" + u.name + ")", [raw, u](const cell& c) {
        auto v = raw(c);
        return v ? std::optional(*v / u.scale) : std::nullopt;
      });
    }
  return out;
}

}  // namespace lab::report
