// yield's part of the report: the yield curve, the I/O latency against the CPU task's cost.
#include <algorithm>
#include <cstdlib>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/chart_kit.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

// A model whose tasks give the CPU away themselves (async, fibers) draws the yield curve;
// one the kernel preempts (threads) stands beside it.
bool yields_itself(const std::string& model) { return !is_kernel_scheduled(model) && !is_baseline_model(model); }

// yield: an interval is affordable when it slows the CPU task by at most this much, and
// the I/O latency is near its ideal within this fraction.
constexpr double yield_cpu_budget = 0.05;

std::optional<double> ideal_latency(const analysed_experiment& e, const cell& c) {
  if (auto x = c.metric(metric_keys::io_ideal_ms)) return x;
  if (auto f = e.fixed_value("io_ms")) return std::strtod(f->c_str(), nullptr);
  return std::nullopt;
}

// "10.2 ms I/O latency (+1.9% over its ideal 10.0 ms)"
std::string latency_text(const analysed_experiment& e, const cell& c) {
  std::string text = e.value_text(c.value.median) + " I/O latency";
  if (auto ideal = ideal_latency(e, c); ideal && *ideal > 0)
    text += " (" + signed_percent(c.value.median / *ideal - 1) + " over its ideal " + fmt::metric(metric_keys::io_ideal_ms, *ideal) + ")";
  return text;
}

std::string cpu_overhead(const cell& c) {
  const auto s = c.metric(metric_keys::cpu_slowdown);
  if (!s) return "";
  return *s >= 2 ? fmt::ratio(*s) + " the CPU time" : signed_percent(*s - 1) + " CPU time";
}

// One async variant along yield_every: the best affordable interval, the cost of the
// smallest, the intervals whose latency is far from its ideal, and the greedy task.
std::string yield_curve(const analysed_experiment& e, const std::vector<const point*>& points, std::size_t v) {
  struct at {
    double x;
    const point* p;
    const cell* c;
  };
  std::vector<at> greedy, yielding;
  for (const point* p : points) {
    const cell& c = p->cells[v];
    if (!p->at[0].num || !c.measured()) continue;
    const double x = *p->at[0].num;
    const auto n = c.metric(metric_keys::yields);
    if (x == 0 || (n && *n == 0)) greedy.push_back({x, p, &c});
    else yielding.push_back({x, p, &c});
  }
  std::vector<std::string> sentences;
  const auto slow = [](const at& a) { return a.c->metric(metric_keys::cpu_slowdown).value_or(1e300); };
  const at* best = nullptr;
  for (const auto& a : yielding)
    if (slow(a) - 1 <= yield_cpu_budget && (!best || e.better(a.c->value.median, best->c->value.median))) best = &a;
  if (best) {
    sentences.push_back("the best interval is " + along(e, *best->p) + ": " + latency_text(e, *best->c) +
                        " at " + cpu_overhead(*best->c) + " (the lowest latency of the intervals that cost at most " +
                        fmt::percent(yield_cpu_budget) + " CPU time)");
  } else if (!yielding.empty()) {
    const at* least = &*std::min_element(yielding.begin(), yielding.end(),
                                          [&](const at& a, const at& b) { return slow(a) < slow(b); });
    sentences.push_back("no interval keeps the CPU overhead within " + fmt::percent(yield_cpu_budget) + "; the least is " +
                        cpu_overhead(*least->c) + " at " + along(e, *least->p) + ", " +
                        latency_text(e, *least->c));
  }
  if (!yielding.empty() && &yielding.front() != best) {
    const at& s = yielding.front();
    std::string text = "at the smallest interval, " + along(e, *s.p) + ", yielding costs " + cpu_overhead(*s.c);
    if (auto ns = s.c->metric(metric_keys::ns_per_yield)) text += " (" + fmt::seconds(*ns * 1e-9) + " per yield)";
    sentences.push_back(text + " for " + e.value_text(s.c->value.median) + " I/O latency");
  }
  std::vector<std::string> far;
  for (const auto& a : yielding) {
    const auto ideal = ideal_latency(e, *a.c);
    if (ideal && *ideal > 0 && a.c->value.median > *ideal * (1 + near_ideal))
      far.push_back(a.p->at[0].text + " (" + e.value_text(a.c->value.median) + ")");
  }
  if (!far.empty())
    sentences.push_back("the latency is more than " + fmt::percent(near_ideal) + " over its ideal at " +
                        code(e.axes[0]) + " = " + join(far, ", "));
  for (const auto& g : greedy) {
    // yield_every=0, or an interval no shorter than the task: it never yields.
    std::string text = g.x == 0 ? "greedy, " + along(e, *g.p) + " (never yields): the request waits for the CPU task, "
                                : along(e, *g.p) + " is no shorter than the task, so it never yields either: ";
    text += e.value_text(g.c->value.median) + " I/O latency";
    if (auto ideal = ideal_latency(e, *g.c); ideal && *ideal > 0)
      text += ", " + fmt::ratio(g.c->value.median / *ideal) + " its ideal";
    sentences.push_back(text);
  }
  if (sentences.empty()) return {};
  for (std::size_t i = 1; i < sentences.size(); ++i) sentences[i] = capitalized(sentences[i]);
  return bold(e.variants[v]) + ": " + join(sentences, ". ") + ".";
}

// threads beside the curve: preempted by the kernel rather than yielding.
std::string preempted(const analysed_experiment& e, const cell& c) {
  std::string text = latency_text(e, c);
  if (auto o = cpu_overhead(c); !o.empty()) text += " at " + o;
  return text;
}

std::vector<block> yield_blocks(const analysis& a, const analysed_experiment& e) {
  std::vector<block> out;
  const bool curve = !e.axes.empty() && e.axes[0] == "yield_every" &&
                     std::all_of(e.points.begin(), e.points.end(), [](const point& p) { return p.at[0].num.has_value(); });
  if (!curve) {
    // No curve: each variant's latency and CPU cost at each point.
    return per_point(e, "I/O latency and the CPU task's cost", [&](const point& p) {
      std::vector<std::string> parts;
      for (std::size_t v : ranked(e, p)) parts.push_back(pairing(e, p, v) + " " + preempted(e, p.cells[v]));
      return parts.empty() ? std::string() : join(parts, "; ") + ".";
    });
  }
  std::vector<std::string> items;
  const auto series = series_along_primary(e);
  for (const auto& s : series)
    for (std::size_t v = 0; v < e.variants.size(); ++v)
      if (yields_itself(e.variant_models[v]))
        if (auto text = yield_curve(e, s.points, v); !text.empty())
          items.push_back((s.label.empty() ? "" : "At " + code(s.label) + ", ") + text);
  // threads carry no yield_every: the same runs sit at every point of a series.
  bool threads_here = false;
  for (const auto& s : series)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (!is_kernel_scheduled(e.variant_models[v])) continue;
      const auto p = std::find_if(s.points.begin(), s.points.end(), [&](const point* q) { return q->cells[v].measured(); });
      if (p == s.points.end()) continue;
      threads_here = true;
      items.push_back("Beside it, " + bold(e.variants[v]) + (s.label.empty() ? "" : " at " + code(s.label)) +
                      " (the kernel preempts the CPU task instead): " + preempted(e, (*p)->cells[v]) + ".");
    }
  if (!threads_here)  // threads measured in another yield experiment on this machine
    for (const auto& other : a.experiments) {
      if (&other == &e || other.host != e.host || other.scenario != e.scenario) continue;
      for (std::size_t v = 0; v < other.variants.size(); ++v) {
        if (!is_kernel_scheduled(other.variant_models[v])) continue;
        std::vector<std::string> parts;
        for (const auto& p : other.points)
          if (p.cells[v].measured()) {
            const std::string where = describe(other, p);
            parts.push_back(preempted(other, p.cells[v]) + (where.empty() ? "" : " at " + code(where)));
          }
        if (!parts.empty())
          items.push_back("Beside it, " + bold(other.variants[v]) + " in " + code(other.title()) +
                          " (the kernel preempts the CPU task instead): " + join(parts, "; ") + ".");
      }
    }
  if (items.empty()) return out;
  out.push_back(paragraph("The yield curve (" + code("yield_every") + " = samples between yields; 0 = never):"));
  out.push_back(bullets(items));
  return out;
}

// The ideal latency on the latency chart, then what yielding costs the CPU task.
void yield_charts(const analysed_experiment& e, metric_charts& charts) {
  if (chart* c = charts.primary()) {
    std::optional<double> ideal;
    for (const auto& p : e.points)
      for (const auto& cl : p.cells)
        if (auto it = cl.metrics.find(metric_keys::io_ideal_ms); it != cl.metrics.end()) ideal = it->second;
    if (ideal) c->reference_lines.emplace_back("ideal: io_ms", *ideal * 1e-3 / charts.primary_unit().scale);
  }
  if (!reports(e, metric_keys::cpu_slowdown)) return;
  if (chart* c = charts.make(charts.curve() + "CPU slowdown" + charts.sweep(), "CPU task time / alone (×)",
                             metric_value(metric_keys::cpu_slowdown, 1))) {
    c->log_y = false;
    c->reference_lines.emplace_back("no overhead", 1.0);
    c->caption = "The CPU task's time beside the I/O task over its time alone; 1 = yielding costs nothing.";
  }
}

scenario_part yield_part() {
  scenario_part part;
  part.scenario = scenario_names::yield;
  part.verdict = yield_blocks;
  part.charts = yield_charts;
  return part;
}

const register_part registered{yield_part};

}  // namespace

}  // namespace lab::report
