// The sentences of a sweep: per series the answers along the primary axis, memory, failures.
#include <algorithm>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

namespace {

// The variant with the least peak memory at a point, if it leads by the memory margin.
std::optional<std::size_t> lightest(const point& p) {
  std::vector<std::size_t> ok;
  for (std::size_t v = 0; v < p.cells.size(); ++v)
    if (p.cells[v].ok > 0 && p.cells[v].rss_kib > 0) ok.push_back(v);
  if (ok.size() < 2) return std::nullopt;
  std::sort(ok.begin(), ok.end(), [&](std::size_t a, std::size_t b) { return p.cells[a].rss_kib < p.cells[b].rss_kib; });
  if (p.cells[ok[1]].rss_kib / p.cells[ok[0]].rss_kib < memory_margin) return std::nullopt;
  return ok[0];
}

bool several_processes(const std::string& model) {
  const model_info* m = find_model_info(model);
  return m && !m->one_process;
}

// Peak RSS is per process: for procs it misses the other workers.
std::string memory_of(const analysed_experiment& e, std::size_t v, const cell& c) {
  return fmt::kib(c.rss_kib) + (several_processes(e.variant_models[v]) ? " (largest process)" : "");
}

std::string memory_sentence(const analysed_experiment& e, const std::vector<const point*>& points) {
  if (!e.primary.peak_memory_matters) return {};
  // Where the clearly lightest variant changes along the axis.
  std::vector<std::pair<std::size_t, const point*>> clear;  // lightest, first point of its run
  const point* last_of_prev = nullptr;
  std::vector<std::string> changes;
  for (const point* p : points) {
    const auto v = lightest(*p);
    if (!v) continue;
    if (!clear.empty() && clear.back().first != *v)
      changes.push_back(bold(e.variants[*v]) + " from " + along(e, *p) + " (" + e.variants[clear.back().first] +
                        " up to " + along(e, *last_of_prev) + ")");
    if (clear.empty() || clear.back().first != *v) clear.emplace_back(*v, p);
    last_of_prev = p;
  }
  const point& last = *points.back();
  std::vector<std::size_t> order;
  for (std::size_t v = 0; v < last.cells.size(); ++v)
    if (last.cells[v].ok > 0 && last.cells[v].rss_kib > 0) order.push_back(v);
  if (order.empty()) return {};
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return last.cells[a].rss_kib < last.cells[b].rss_kib; });
  std::vector<std::string> parts;
  for (std::size_t v : order) parts.push_back(e.variants[v] + " " + memory_of(e, v, last.cells[v]));
  std::string text = "Peak memory at " + along(e, last) + ", least first: " + join(parts, ", ") + ".";
  if (!changes.empty()) text += " The lightest changes along " + code(e.axes[0]) + ": " + join(changes, "; ") + ".";
  return text;
}

// Each contender at its own best point along the sweep, best first.
std::string best_of_each(const analysed_experiment& e, const std::vector<const point*>& points) {
  std::vector<std::pair<std::size_t, const point*>> best;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    if (!e.contender(v)) continue;
    const point* b = nullptr;
    for (const point* p : points)
      if (p->cells[v].measured() && (!b || e.better(value_of(*p, v), value_of(*b, v)))) b = p;
    if (b) best.emplace_back(v, b);
  }
  std::stable_sort(best.begin(), best.end(), [&](const auto& x, const auto& y) {
    return e.better(value_of(*x.second, x.first), value_of(*y.second, y.first));
  });
  std::vector<std::string> parts;
  for (const auto& [v, p] : best) {
    const bool everywhere = std::all_of(points.begin(), points.end(), [&, v = v, p = p](const point* q) {  // clang 14: no binding captures
      return q->cells[v].measured() && value_of(*q, v) == value_of(*p, v);
    });
    parts.push_back(e.variants[v] + " " + e.value_text(value_of(*p, v)) + (everywhere ? "" : " at " + along(e, *p)));
  }
  const std::string what = e.primary.wall() ? "time" : e.primary.label;
  return "Best " + what + " of each variant along the sweep: " + join(parts, ", ") + ".";
}

}  // namespace

// Runs that failed, by variant and point.
std::string failures_sentence(const analysed_experiment& e, const std::vector<const point*>& points) {
  std::vector<std::string> parts;
  for (const point* p : points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p->cells[v];
      if (c.ok == c.runs) continue;
      parts.push_back(e.variants[v] + " failed " + std::to_string(c.runs - c.ok) + " of " + std::to_string(c.runs) +
                      " runs" + (e.axes.empty() ? "" : " at " + along(e, *p)));
    }
  if (parts.empty()) return {};
  return "**Failures:** " + join(parts, "; ") + " (the errors are listed under the experiment).";
}

// Sweeps: per series, the run of answers along the primary axis.
std::vector<block> sweep_blocks(const analysed_experiment& e) {
  std::vector<block> out;
  for (const auto& s : series_along_primary(e)) {
    if (!s.label.empty()) out.push_back(paragraph("At " + code(s.label) + ":"));
    // Along a concurrency knob each variant has a best setting; along a size (units, tasks)
    // the smallest always wins and saying so tells nothing.
    const std::string& axis = e.axes[0];
    if (is_concurrency_knob(axis))
      out.push_back(paragraph(best_of_each(e, s.points)));
    const auto segs = segments(e, s.points);
    if (segs.size() == 1 && segs[0].what == segment::kind::win) {
      const point& last = *s.points.back();
      out.push_back(paragraph(bold(e.variants[segs[0].variants[0]]) + " wins at every " + code(e.axes[0]) +
                              " measured (" + values_text(s.points) + "), so there is no crossover. At " + along(e, last) + ": " +
                              point_sentences(e, last)));
    } else {
      std::vector<std::string> items;
      for (const auto& seg : segs) items.push_back(segment_bullet(e, seg));
      out.push_back(bullets(items));
      for (const auto& c : crossovers(e, segs)) out.push_back(paragraph(c));
    }
    if (auto m = memory_sentence(e, s.points); !m.empty()) out.push_back(paragraph(m));
    if (auto f = failures_sentence(e, s.points); !f.empty()) out.push_back(paragraph(f));
  }
  return out;
}

// One variant along a sweep (a wall-time scenario): where its time is lowest and highest.
std::vector<block> range_blocks(const analysed_experiment& e, const std::string& intro) {
  if (e.axes.empty() || e.points.size() < 2) return {};
  std::vector<std::string> items;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    const point *lo = nullptr, *hi = nullptr;
    for (const auto& p : e.points) {
      if (!p.cells[v].measured()) continue;
      if (!lo || value_of(p, v) < value_of(*lo, v)) lo = &p;
      if (!hi || value_of(p, v) > value_of(*hi, v)) hi = &p;
    }
    if (!lo || lo == hi) continue;
    items.push_back(code(e.primary.name()) + (e.variants.size() > 1 ? " (" + e.variants[v] + ")" : "") + ": lowest " +
                    e.value_text(value_of(*lo, v)) + " at " + along(e, *lo) + ", highest " +
                    e.value_text(value_of(*hi, v)) + " at " + along(e, *hi) + ".");
  }
  if (items.empty()) return {};
  return {paragraph(intro + ", along " + code(e.axes[0]) + ":"), bullets(items)};
}

}  // namespace lab::report::prose
