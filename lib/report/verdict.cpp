// "Which concurrency do I want?": every sentence here is built from the comparisons of the
// analysis; nothing is canned beyond the sentence shapes.
#include <algorithm>
#include <cmath>
#include <set>

#include "core/text.hpp"
#include "report/document.hpp"
#include "report/format.hpp"
#include "report/scaling.hpp"

namespace lab::report {

namespace {

// Memory differences below this ratio are "similar".
constexpr double memory_margin = 1.10;

std::string bold(const std::string& s) { return "**" + s + "**"; }
std::string code(const std::string& s) { return "`" + s + "`"; }

std::string runs(std::size_t a, std::size_t b) {
  return std::to_string(a) + " vs " + std::to_string(b) + " runs";
}

std::size_t ok_variants(const point& p) {
  return static_cast<std::size_t>(std::count_if(p.cells.begin(), p.cells.end(), [](const cell& c) { return c.ok > 0; }));
}

double noise_of(const cell& a, const cell& b) { return std::max({min_effect, a.wall.cv, b.wall.cv}); }

std::string memory_compare(const experiment& e, std::size_t a, std::size_t b, const point& p) {
  const cell& ca = p.cells[a];
  const cell& cb = p.cells[b];
  const double lo = std::min(ca.rss_kib, cb.rss_kib), hi = std::max(ca.rss_kib, cb.rss_kib);
  if (lo <= 0 || hi / lo < memory_margin)
    return "They use similar memory (" + fmt::kib(ca.rss_kib) + " vs " + fmt::kib(cb.rss_kib) + " peak).";
  const std::size_t lighter = ca.rss_kib < cb.rss_kib ? a : b;
  return "Of the two, " + bold(e.variants[lighter]) + " uses less memory: " + fmt::kib(p.cells[lighter].rss_kib) +
         " vs " + fmt::kib(p.cells[lighter == a ? b : a].rss_kib) + " peak.";
}

// One point's comparison in a few sentences.
std::string point_sentences(const experiment& e, const point& p) {
  const comparison& v = p.verdict;
  const cell& best = p.cells[v.best];
  const cell& next = p.cells[v.runner_up];
  const std::string& b = e.variants[v.best];
  const std::string& r = e.variants[v.runner_up];
  switch (v.kind) {
    case outcome::none:
      if (ok_variants(p) == 0) return "Every run failed (see the failed runs under the experiment).";
      return "Only " + bold(b) + " ran successfully: " + fmt::seconds(best.wall.median) + " median at " +
             fmt::kib(best.rss_kib) + " peak memory.";
    case outcome::winner:
      return bold(b) + " is fastest: " + fmt::seconds(best.wall.median) + " median vs " +
             fmt::seconds(next.wall.median) + " for " + bold(r) + ", " + fmt::ratio(v.ratio) + " faster (" +
             fmt::p_value(v.p) + ", " + runs(v.n_best, v.n_runner_up) + "), at " + fmt::kib(best.rss_kib) +
             " peak memory vs " + fmt::kib(next.rss_kib) + ".";
    case outcome::tentative:
      return bold(b) + " looks fastest: " + fmt::seconds(best.wall.median) + " median vs " +
             fmt::seconds(next.wall.median) + " for " + bold(r) + " (" + fmt::ratio(v.ratio) +
             ", every run faster), at " + fmt::kib(best.rss_kib) + " peak memory vs " + fmt::kib(next.rss_kib) +
             "; but " + runs(v.n_best, v.n_runner_up) + " cannot reach p < 0.05 (the smallest possible is " +
             fmt::sig(v.min_p, 2) + "), so rerun with more repetitions to confirm.";
    case outcome::tie: {
      const std::string reason = v.ratio - 1 <= noise_of(best, next)
                                     ? fmt::percent(v.ratio - 1) + " apart, within run-to-run noise"
                                     : "not significant, " + fmt::p_value(v.p);
      return bold(b) + " and " + bold(r) + " are indistinguishable: " + fmt::seconds(best.wall.median) + " vs " +
             fmt::seconds(next.wall.median) + " median (" + reason + "; " + runs(v.n_best, v.n_runner_up) + "). " +
             memory_compare(e, v.best, v.runner_up, p);
    }
  }
  return {};
}

// Every variant fastest first, for points with more than two.
std::string ranking(const experiment& e, const point& p) {
  std::vector<std::size_t> order;
  for (std::size_t v = 0; v < p.cells.size(); ++v)
    if (p.cells[v].runs > 0) order.push_back(v);
  if (order.size() < 3) return {};
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const cell &ca = p.cells[a], &cb = p.cells[b];
    if ((ca.ok > 0) != (cb.ok > 0)) return ca.ok > 0;
    return ca.wall.median < cb.wall.median;
  });
  std::vector<std::string> parts;
  for (std::size_t v : order) {
    const cell& c = p.cells[v];
    parts.push_back(e.variants[v] + " " +
                    (c.ok > 0 ? fmt::seconds(c.wall.median) : "(all " + std::to_string(c.runs) + " runs failed)"));
  }
  return "Fastest first: " + join(parts, ", ") + ".";
}

std::string best_context(const experiment& e, const point& p) {
  if (p.verdict.kind == outcome::none && ok_variants(p) == 0) return {};
  const cell& c = p.cells[p.verdict.best];
  std::vector<std::string> parts;
  if (c.efficiency) parts.push_back(fmt::percent(*c.efficiency) + " of the ideal time");
  if (c.speedup && e.variant_models[p.verdict.best] != "serial") parts.push_back(fmt::ratio(*c.speedup) + " the speed of serial");
  if (parts.empty()) return {};
  return bold(e.variants[p.verdict.best]) + " reaches " + join(parts, " and ") + ".";
}

std::string along(const experiment& e, const point& p) {
  return code(e.axes[0] + "=" + p.at[0].text);
}

// Consecutive points along the primary axis with the same answer.
struct segment {
  enum class kind { win, tie, none } what = kind::none;
  std::vector<std::size_t> variants;  // the winner; the tied pair; the one survivor
  std::vector<const point*> points;
};

segment::kind kind_of(const point& p) {
  switch (p.verdict.kind) {
    case outcome::winner:
    case outcome::tentative: return segment::kind::win;
    case outcome::tie: return segment::kind::tie;
    default: return segment::kind::none;
  }
}

std::vector<std::size_t> subjects_of(const point& p) {
  switch (p.verdict.kind) {
    case outcome::winner:
    case outcome::tentative: return {p.verdict.best};
    case outcome::tie: {
      std::vector<std::size_t> s{p.verdict.best, p.verdict.runner_up};
      std::sort(s.begin(), s.end());
      return s;
    }
    default: return ok_variants(p) ? std::vector<std::size_t>{p.verdict.best} : std::vector<std::size_t>{};
  }
}

std::vector<segment> segments(const std::vector<const point*>& points) {
  std::vector<segment> out;
  for (const point* p : points) {
    const auto k = kind_of(*p);
    const auto s = subjects_of(*p);
    if (out.empty() || out.back().what != k || out.back().variants != s) out.push_back({k, s, {}});
    out.back().points.push_back(p);
  }
  return out;
}

// The primary-axis values of consecutive points: "16–256" for numbers, "gauss, uniform" else.
std::string values_text(const std::vector<const point*>& points) {
  const std::string& first = points.front()->at[0].text;
  const std::string& last = points.back()->at[0].text;
  if (first == last) return first;
  if (points.front()->at[0].num && points.back()->at[0].num) return first + "–" + last;
  std::vector<std::string> all;
  for (const point* p : points)
    if (all.empty() || all.back() != p->at[0].text) all.push_back(p->at[0].text);
  return join(all, ", ");
}

std::string range_text(const experiment& e, const segment& s) {
  return code(e.axes[0]) + " = " + values_text(s.points);
}

std::string memory_pair(const cell& a, const cell& b) {
  return "peak memory " + fmt::kib(a.rss_kib) + " vs " + fmt::kib(b.rss_kib);
}

// The third-fastest at a point, when there is one.
std::string next_after(const experiment& e, const point& p) {
  std::optional<std::size_t> third;
  for (std::size_t v = 0; v < p.cells.size(); ++v) {
    if (v == p.verdict.best || v == p.verdict.runner_up || p.cells[v].ok == 0) continue;
    if (!third || p.cells[v].wall.median < p.cells[*third].wall.median) third = v;
  }
  if (!third) return {};
  return "; next: " + e.variants[*third] + " " + fmt::seconds(p.cells[*third].wall.median);
}

std::string segment_bullet(const experiment& e, const segment& s) {
  const point& last = *s.points.back();
  const comparison& v = last.verdict;
  const bool one = s.points.size() == 1;
  // One point: its numbers directly; several: the range, then the numbers at the last.
  const std::string at = one ? ": " : "; at " + along(e, last) + ": ";
  const cell& cb = last.cells[v.best];
  const cell& cr = last.cells[v.runner_up];
  switch (s.what) {
    case segment::kind::win: {
      double lo = 1e300, hi = 0;
      std::vector<std::string> tentative;
      for (const point* p : s.points) {
        lo = std::min(lo, p->verdict.ratio);
        hi = std::max(hi, p->verdict.ratio);
        if (p->verdict.kind == outcome::tentative) tentative.push_back(p->at[0].text);
      }
      const std::string by = fmt::ratio(lo) == fmt::ratio(hi) ? fmt::ratio(lo) : fmt::ratio(lo) + "–" + fmt::ratio(hi);
      std::string text = range_text(e, s) + ": " + bold(e.variants[v.best]) + " wins, " + by + " faster than " +
                         (one ? e.variants[v.runner_up] : "the runner-up") + at + fmt::seconds(cb.wall.median) +
                         " vs " + fmt::seconds(cr.wall.median) + (one ? "" : " for " + e.variants[v.runner_up]) +
                         " (" + (v.kind == outcome::winner ? fmt::p_value(v.p) : "every run faster") + "), " +
                         memory_pair(cb, cr) + ".";
      if (!tentative.empty())
        text += " Tentative at " + code(e.axes[0]) + " = " + join(tentative, ", ") + ": too few runs for p < 0.05.";
      return text;
    }
    case segment::kind::tie:
      return range_text(e, s) + ": " + bold(e.variants[s.variants[0]]) + " ≈ " + bold(e.variants[s.variants[1]]) +
             ", indistinguishable" + at + e.variants[v.best] + " " + fmt::seconds(cb.wall.median) + ", " +
             e.variants[v.runner_up] + " " + fmt::seconds(cr.wall.median) + " (" + fmt::percent(v.ratio - 1) +
             " apart, " + fmt::p_value(v.p) + "), " + memory_pair(cb, cr) + next_after(e, last) + ".";
    case segment::kind::none:
      if (s.variants.empty()) return range_text(e, s) + ": every run failed.";
      return range_text(e, s) + ": only " + bold(e.variants[s.variants[0]]) + " succeeded" + at +
             fmt::seconds(last.cells[s.variants[0]].wall.median) + ".";
  }
  return {};
}

// Runs that failed, by variant and point.
std::string failures_sentence(const experiment& e, const std::vector<const point*>& points) {
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

// Where a different variant starts to win: between the last point of one winning segment
// and the first of the next one won by another variant (ties in between are named).
struct crossover {
  std::size_t from = 0, to = 0;
  const point* before = nullptr;  // the last point `from` won
  const point* after = nullptr;   // the first point `to` won
  std::vector<const segment*> between;
};

std::vector<crossover> find_crossovers(const std::vector<segment>& segs) {
  std::vector<crossover> out;
  const segment* prev = nullptr;
  std::vector<const segment*> between;
  for (const auto& s : segs) {
    if (s.what != segment::kind::win) {
      if (prev) between.push_back(&s);
      continue;
    }
    if (prev && prev->variants != s.variants)
      out.push_back({prev->variants[0], s.variants[0], prev->points.back(), s.points.front(), between});
    prev = &s;
    between.clear();
  }
  return out;
}

std::vector<std::string> crossovers(const experiment& e, const std::vector<segment>& segs) {
  std::vector<std::string> out;
  for (const auto& c : find_crossovers(segs)) {
    std::string text = "**Crossover:** " + bold(e.variants[c.to]) + " overtakes " + bold(e.variants[c.from]) +
                       " between " + code(e.axes[0]) + " = " + c.before->at[0].text + " and " + c.after->at[0].text;
    if (!c.between.empty()) {
      std::vector<std::string> ties;
      for (const segment* t : c.between) ties.push_back(range_text(e, *t));
      text += " (no clear winner at " + join(ties, ", ") + ")";
    }
    const point& b = *c.after;
    if (b.cells[c.from].ok > 0)
      text += ": at " + along(e, b) + " " + e.variants[c.to] + " takes " + fmt::seconds(b.cells[c.to].wall.median) +
              ", " + e.variants[c.from] + " " + fmt::seconds(b.cells[c.from].wall.median) + ".";
    else
      text += ".";
    out.push_back(text);
  }
  return out;
}

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

// Peak RSS is per process: for procs it misses the other workers.
std::string memory_of(const experiment& e, std::size_t v, const cell& c) {
  return fmt::kib(c.rss_kib) + (e.variant_models[v] == "procs" ? " (largest process)" : "");
}

std::string memory_sentence(const experiment& e, const std::vector<const point*>& points) {
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

// Each variant at its own best point along the sweep, fastest first.
std::string best_of_each(const experiment& e, const std::vector<const point*>& points) {
  std::vector<std::pair<std::size_t, const point*>> best;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    const point* b = nullptr;
    for (const point* p : points)
      if (p->cells[v].ok > 0 && (!b || p->cells[v].wall.median < b->cells[v].wall.median)) b = p;
    if (b) best.emplace_back(v, b);
  }
  std::stable_sort(best.begin(), best.end(), [](const auto& x, const auto& y) {
    return x.second->cells[x.first].wall.median < y.second->cells[y.first].wall.median;
  });
  std::vector<std::string> parts;
  for (const auto& [v, p] : best) {
    const bool everywhere = std::all_of(points.begin(), points.end(), [&](const point* q) {
      return q->cells[v].ok > 0 && q->cells[v].wall.median == p->cells[v].wall.median;
    });
    parts.push_back(e.variants[v] + " " + fmt::seconds(p->cells[v].wall.median) +
                    (everywhere ? "" : " at " + along(e, *p)));
  }
  return "Best time of each variant along the sweep: " + join(parts, ", ") + ".";
}

// Sweeps: per series, the run of answers along the primary axis.
std::vector<block> sweep_blocks(const experiment& e) {
  std::vector<block> out;
  for (const auto& s : series_along_primary(e)) {
    if (!s.label.empty()) out.push_back(paragraph("At " + code(s.label) + ":"));
    // Along a concurrency knob each variant has a best setting; along a size (units, tasks)
    // the smallest always wins and saying so tells nothing.
    const std::string& axis = e.axes[0];
    if (axis == "workers" || axis == "concurrency" || axis.find("threads") != std::string::npos)
      out.push_back(paragraph(best_of_each(e, s.points)));
    const auto segs = segments(s.points);
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

std::string r2_is(double r2) {
  const std::string t = fmt::r2(r2);
  return "r² " + (t[0] == '<' ? t : "= " + t);
}

std::vector<block> amdahl_blocks(const experiment& e) {
  const auto fits = scaling_fits(e);
  if (fits.empty()) return {};
  std::vector<std::string> items;
  double most = 0;
  for (const auto& f : fits) {
    const auto [lo, hi] = std::minmax_element(f.cores.begin(), f.cores.end());
    most = std::max(most, *hi);
    items.push_back(bold(e.variants[f.variant]) + (f.series.empty() ? "" : " at " + code(f.series)) +
                    ": serial fraction f = " + fmt::sig(f.fit.serial_fraction, 2) + " → " +
                    fmt::ratio(f.fit.predict(predict_cores[0])) + " at 16 cores, " +
                    fmt::ratio(f.fit.predict(predict_cores[1])) + " at 64 cores (fitted on " + fmt::plain(*lo) +
                    "–" + fmt::plain(*hi) + " cores, " + r2_is(f.fit.r2) + ").");
  }
  std::string intro = "Scaling, by an Amdahl's-law fit of speedup against cores used — the 16- and 64-core "
                      "figures are a **prediction**, not a measurement";
  if (most < predict_cores[0])
    intro += "; measured on at most " + fmt::plain(most) + " cores, so they extrapolate";
  return {paragraph(intro + ":"), bullets(items)};
}

// Many units: the marginal cost and memory of one more unit, and the per-unit metrics.
std::vector<block> unit_cost_blocks(const experiment& e) {
  std::vector<block> out;
  if (e.points.empty()) return out;
  const bool numeric_axis = !e.axes.empty() && std::all_of(e.points.begin(), e.points.end(), [](const point& p) {
    return p.at[0].num.has_value();
  });
  if (numeric_axis && e.points.size() >= 2) {
    std::vector<std::string> time_parts, mem_parts;
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      std::vector<double> x, t, m;
      for (const auto& p : e.points)
        if (p.cells[v].ok > 0) {
          x.push_back(*p.at[0].num);
          t.push_back(p.cells[v].wall.median);
          m.push_back(p.cells[v].rss_kib);
        }
      if (auto f = stats::fit_line(x, t))
        time_parts.push_back(e.variants[v] + " " + fmt::seconds(f->b) + " (" + r2_is(f->r2) + ")");
      if (auto f = stats::fit_line(x, m)) mem_parts.push_back(e.variants[v] + " " + fmt::kib(f->b));
    }
    if (!time_parts.empty())
      out.push_back(paragraph("Cost of one more unit (slope of the median wall time over " + code(e.axes[0]) +
                              "): " + join(time_parts, ", ") + "."));
    // A per-unit memory metric measured by the runs beats a slope of per-process peaks.
    const bool measured = std::any_of(e.metric_keys.begin(), e.metric_keys.end(), [](const std::string& k) {
      return k.find("mem") != std::string::npos && k.find("per_unit") != std::string::npos;
    });
    const bool procs = std::find(e.variant_models.begin(), e.variant_models.end(), "procs") != e.variant_models.end();
    if (!mem_parts.empty() && !measured)
      out.push_back(paragraph("Memory of one more unit (slope of peak RSS over " + code(e.axes[0]) +
                              "): " + join(mem_parts, ", ") + "." +
                              (procs ? " For procs peak RSS is the largest single process, so its slope misses "
                                       "the workers."
                                     : "")));
  }
  const point& last = e.points.back();
  std::vector<std::string> items;
  for (const auto& key : e.metric_keys) {
    std::vector<std::string> parts;
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      auto it = last.cells[v].metrics.find(key);
      if (it != last.cells[v].metrics.end()) parts.push_back(e.variants[v] + " " + fmt::metric(key, it->second));
    }
    if (!parts.empty()) items.push_back(code(key) + ": " + join(parts, ", "));
  }
  if (!items.empty()) {
    const std::string where = e.axes.empty() ? "" : " at " + along(e, last);
    out.push_back(paragraph("Reported by the runs" + where + ":"));
    out.push_back(bullets(items));
  }
  return out;
}

// One variant along a sweep (the yield curve): where each measured quantity is lowest and
// highest.
std::vector<block> range_blocks(const experiment& e, const std::string& intro) {
  if (e.axes.empty() || e.points.size() < 2) return {};
  std::vector<std::string> items;
  auto describe_key = [&](const std::string& name, auto value_of, auto format) {
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const point *lo = nullptr, *hi = nullptr;
      double vlo = 0, vhi = 0;
      for (const auto& p : e.points) {
        auto x = value_of(p.cells[v]);
        if (!x) continue;
        if (!lo || *x < vlo) lo = &p, vlo = *x;
        if (!hi || *x > vhi) hi = &p, vhi = *x;
      }
      if (!lo || lo == hi) continue;
      items.push_back(code(name) + (e.variants.size() > 1 ? " (" + e.variants[v] + ")" : "") + ": lowest " +
                      format(vlo) + " at " + along(e, *lo) + ", highest " + format(vhi) + " at " + along(e, *hi) +
                      ".");
    }
  };
  describe_key("wall", [](const cell& c) { return c.ok ? std::optional(c.wall.median) : std::nullopt; },
               [](double x) { return fmt::seconds(x); });
  for (const auto& key : e.metric_keys)
    describe_key(key,
                 [&](const cell& c) {
                   auto it = c.metrics.find(key);
                   return it == c.metrics.end() ? std::nullopt : std::optional(it->second);
                 },
                 [&](double x) { return fmt::metric(key, x); });
  if (items.empty()) return {};
  const std::string zero = e.axes[0] == "yield_every" ? " (0: the CPU task never yields)" : "";
  return {paragraph(intro + ", along " + code(e.axes[0]) + zero + ":"), bullets(items)};
}

// One row per compared experiment: the answer at its last point and where it changes.
block glance_table(const analysis& a, const std::string& host) {
  table t;
  t.header = {"workload", "experiment", "fastest", "at", "by", "its peak memory", "along the sweep"};
  t.numeric = {false, false, false, false, true, true, false};
  std::vector<const experiment*> order;
  for (const auto& e : a.experiments)
    if (e.host == host && e.variants.size() > 1 && !e.points.empty()) order.push_back(&e);
  std::stable_sort(order.begin(), order.end(), [](const experiment* x, const experiment* y) {
    return workload_class_rank(x->workload_class()) < workload_class_rank(y->workload_class());
  });
  for (const experiment* e : order) {
    const auto all = series_along_primary(*e);
    const auto& first = all.front();
    const point& p = *first.points.back();
    const comparison& v = p.verdict;
    std::string fastest = "—", by = "—", memory = "—";
    switch (v.kind) {
      case outcome::winner:
        fastest = bold(e->variants[v.best]);
        by = fmt::ratio(v.ratio) + " (" + fmt::p_value(v.p) + ")";
        break;
      case outcome::tentative:
        fastest = bold(e->variants[v.best]) + " (tentative)";
        by = fmt::ratio(v.ratio) + " (too few runs)";
        break;
      case outcome::tie:
        fastest = e->variants[v.best] + " ≈ " + e->variants[v.runner_up];
        by = "indistinguishable";
        break;
      case outcome::none:
        fastest = ok_variants(p) ? "only " + e->variants[v.best] : "every run failed";
        break;
    }
    if (ok_variants(p)) memory = fmt::kib(p.cells[v.best].rss_kib);
    std::string where = e->axes.empty() ? "" : e->axes[0] + "=" + p.at[0].text;
    if (!first.label.empty()) where += ", " + first.label;
    std::string sweep = "—";
    if (!e->axes.empty() && first.points.size() > 1) {
      const auto segs = segments(first.points);
      std::vector<std::string> changes;
      for (const auto& c : find_crossovers(segs))
        changes.push_back(e->variants[c.to] + " overtakes " + e->variants[c.from] + " between " + e->axes[0] + " = " +
                          c.before->at[0].text + " and " + c.after->at[0].text);
      if (changes.empty() && segs.size() > 1)  // no clear winner gives way to another: list the answers
        for (const auto& seg : segs) {
          std::string answer = seg.what == segment::kind::win   ? e->variants[seg.variants[0]]
                               : seg.what == segment::kind::tie ? e->variants[seg.variants[0]] + " ≈ " +
                                                                      e->variants[seg.variants[1]]
                               : seg.variants.empty()           ? std::string("all failed")
                                                                : "only " + e->variants[seg.variants[0]];
          changes.push_back(e->axes[0] + " = " + values_text(seg.points) + ": " + answer);
        }
      sweep = changes.empty() ? "same answer throughout" : join(changes, "; ");
      if (all.size() > 1) sweep += " (at " + first.label + ")";
    }
    t.rows.push_back({e->workload_class(), code(e->title()), fastest, where.empty() ? "—" : code(where), by, memory,
                      sweep});
  }
  block b;
  b.what = block::kind::table;
  b.table = std::move(t);
  return b;
}

std::vector<const point*> pointers(const experiment& e) {
  std::vector<const point*> out;
  for (const auto& p : e.points) out.push_back(&p);
  return out;
}

std::vector<block> experiment_verdict(const experiment& e) {
  std::vector<block> out;
  std::string intro = "In " + code(e.title());
  if (e.name.empty() && e.axes.empty()) intro = "In the " + code(e.scenario) + " runs";
  if (e.points.empty()) return out;
  if (e.points.size() == 1) {
    const point& p = e.points[0];
    std::string text = intro + ": " + point_sentences(e, p);
    for (const auto& extra : {ranking(e, p), best_context(e, p)})
      if (!extra.empty()) text += " " + extra;
    out.push_back(paragraph(text));
    if (auto f = failures_sentence(e, {&p}); !f.empty()) out.push_back(paragraph(f));
  } else if (e.variants.size() == 1) {
    auto more = range_blocks(e, intro);
    out.insert(out.end(), more.begin(), more.end());
    if (auto f = failures_sentence(e, pointers(e)); !f.empty()) out.push_back(paragraph(f));
  } else {
    std::vector<std::string> axes;
    for (const auto& a : e.axes) axes.push_back(code(a));
    out.push_back(paragraph(intro + ", sweeping " + join(axes, " and ") + ":"));
    auto more = sweep_blocks(e);
    out.insert(out.end(), more.begin(), more.end());
  }
  const std::string cls = e.workload_class();
  std::vector<block> extra;
  if (cls == "CPU-bound") extra = amdahl_blocks(e);
  if (cls == "Many units") extra = unit_cost_blocks(e);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// The same experiment run on several machines: each variant at its best point, per host.
std::vector<block> across_machines(const analysis& a) {
  std::vector<block> out;
  std::vector<std::string> titles;
  for (const auto& e : a.experiments)
    if (std::find(titles.begin(), titles.end(), e.title()) == titles.end()) titles.push_back(e.title());
  for (const auto& title : titles) {
    std::vector<const experiment*> runs_on;
    for (const auto& e : a.experiments)
      if (e.title() == title) runs_on.push_back(&e);
    if (runs_on.size() < 2) continue;
    std::vector<std::string> variants;
    for (const experiment* e : runs_on)
      for (const auto& v : e->variants)
        if (std::find(variants.begin(), variants.end(), v) == variants.end()) variants.push_back(v);
    table t;
    t.header = {"machine", "CPUs"};
    t.numeric = {false, true};
    for (const auto& v : variants) {
      t.header.push_back(v);
      t.numeric.push_back(true);
    }
    t.header.push_back("fastest");
    t.numeric.push_back(false);
    for (const experiment* e : runs_on) {
      std::vector<std::string> row{e->host, e->cpus > 0 ? std::to_string(e->cpus) : "?"};
      std::optional<std::size_t> fastest;
      double fastest_s = 0;
      for (const auto& label : variants) {
        const auto it = std::find(e->variants.begin(), e->variants.end(), label);
        const point* best = nullptr;
        std::size_t v = 0;
        if (it != e->variants.end()) {
          v = static_cast<std::size_t>(it - e->variants.begin());
          for (const auto& p : e->points)
            if (p.cells[v].ok > 0 && (!best || p.cells[v].wall.median < best->cells[v].wall.median)) best = &p;
        }
        if (!best) {
          row.push_back("—");
          continue;
        }
        const double s = best->cells[v].wall.median;
        const bool everywhere = std::all_of(e->points.begin(), e->points.end(), [&](const point& p) {
          return p.cells[v].ok > 0 && p.cells[v].wall.median == s;
        });
        const std::string where =
            e->axes.empty() || everywhere ? "" : " at " + e->axes[0] + "=" + best->at[0].text;
        row.push_back(fmt::seconds(s) + where);
        if (!fastest || s < fastest_s) {
          fastest = v;
          fastest_s = s;
        }
      }
      row.push_back(fastest ? e->variants[*fastest] : "—");
      t.rows.push_back(std::move(row));
    }
    t.notes.push_back("Each variant's median wall time at its best point of the sweep on that machine.");
    out.push_back(paragraph(code(title) + " on each machine:"));
    block b;
    b.what = block::kind::table;
    b.table = std::move(t);
    out.push_back(std::move(b));
  }
  if (!out.empty()) out.insert(out.begin(), heading(3, "Across machines"));
  return out;
}

}  // namespace

std::vector<block> verdict_section(const analysis& a) {
  std::vector<block> out;
  out.push_back(heading(2, "Which concurrency do I want?"));
  out.push_back(paragraph(
      "Written from the measurements below. A variant is called the winner only when a Mann-Whitney "
      "test on its runs against the runner-up gives p < 0.05 and the medians differ by more than the "
      "run-to-run noise (" + fmt::percent(min_effect) + " or the larger CV); otherwise the two are called "
      "indistinguishable. Peak memory is the median peak RSS of the runs."));
  const bool several_hosts = a.machines.size() > 1;
  for (const auto& m : a.machines) {
    const int level = several_hosts ? 4 : 3;
    if (several_hosts) out.push_back(heading(3, "On " + code(m.host)));
    if (block glance = glance_table(a, m.host); !glance.table.rows.empty()) {
      glance.table.notes.push_back("At a glance: the answer at the largest value of each sweep; the details follow.");
      out.push_back(std::move(glance));
    }
    std::vector<std::string> classes;
    for (const auto& e : a.experiments)
      if (e.host == m.host && std::find(classes.begin(), classes.end(), e.workload_class()) == classes.end())
        classes.push_back(e.workload_class());
    std::stable_sort(classes.begin(), classes.end(), [](const std::string& x, const std::string& y) {
      return workload_class_rank(x) < workload_class_rank(y);
    });
    for (const auto& cls : classes) {
      std::set<std::string> scen;
      for (const auto& e : a.experiments)
        if (e.host == m.host && e.workload_class() == cls) scen.insert(code(e.scenario));
      out.push_back(heading(level, cls + " (" + join({scen.begin(), scen.end()}, ", ") + ")"));
      for (const auto& e : a.experiments)
        if (e.host == m.host && e.workload_class() == cls) {
          auto blocks = experiment_verdict(e);
          out.insert(out.end(), blocks.begin(), blocks.end());
        }
    }
  }
  if (several_hosts) {
    auto across = across_machines(a);
    out.insert(out.end(), across.begin(), across.end());
  }
  return out;
}

}  // namespace lab::report
