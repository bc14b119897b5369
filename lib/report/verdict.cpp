// "Which concurrency do I want?": every sentence here is built from the comparisons of the
// analysis; nothing is canned beyond the sentence shapes. Each scenario is judged on its
// primary metric (analysis.hpp): wall time, or the cost per unit (spawn), per hand-off
// (switch), the I/O latency (yield). The scenarios whose answer is a metric get their own
// sentences (unit_cost_blocks, handoff_blocks, yield_blocks); io adds latency percentiles
// and mixed the comparison with S + L and max(S, L).
#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "core/text.hpp"
#include "report/document.hpp"
#include "report/format.hpp"
#include "report/scaling.hpp"
#include "stats/sequential.hpp"

namespace lab::report {

namespace {

// Memory differences below this ratio are "similar".
constexpr double memory_margin = 1.10;
// yield: an interval is affordable when it slows the CPU task by at most this much, and
// the I/O latency is near its ideal within this fraction.
constexpr double yield_cpu_budget = 0.05;
constexpr double near_ideal = 0.10;

std::string bold(const std::string& s) { return "**" + s + "**"; }
std::string code(const std::string& s) { return "`" + s + "`"; }

std::string capitalized(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
  return s;
}

std::string runs(std::size_t a, std::size_t b) {
  return std::to_string(a) + " vs " + std::to_string(b) + " runs";
}

std::size_t ok_variants(const point& p) {
  return static_cast<std::size_t>(std::count_if(p.cells.begin(), p.cells.end(), [](const cell& c) { return c.ok > 0; }));
}

double value_of(const point& p, std::size_t v) { return p.cells[v].value.median; }

// The primary value with what it is: "1.00 s median", "310 ns per unit".
std::string with_per(const experiment& e, double v) { return e.value_text(v) + e.primary.per; }

double noise_of(const cell& a, const cell& b) { return std::max({min_effect, a.value.cv, b.value.cv}); }

// The test's p, and that it was paired where it was: "p = 0.016" / "round by round, p = 0.016".
std::string test_text(const comparison& v) { return (v.pairs > 0 ? "round by round, " : "") + fmt::p_value(v.p); }

// The 90% interval of the runner-up's ratio to the best: "0.99–1.01".
std::string ratio_interval(const comparison& v) {
  if (!(v.ratio_hi < 1e300)) return "unbounded";
  return fmt::sig(v.ratio_lo, 3) + "–" + fmt::sig(v.ratio_hi, 3);
}

// A tie that is not shown to be one, and why not.
std::string undecided(const comparison& v) {
  return "undecided after " + runs(v.n_best, v.n_runner_up) + (v.pairs > 0 ? ", paired by round" : "") +
         ": the ratio's 90% interval (" + ratio_interval(v) +
         ") is not within ±" + fmt::percent(min_effect);
}

// Why a margin the test would call a win is called a tie (analysis.hpp, comparison::bias).
std::string within_bias(const comparison& v) {
  return "within the " + fmt::percent(v.bias - 1) + " the fairness check found between models on identical work";
}

std::string signed_percent(double d) { return (d >= 0 ? "+" : "−") + fmt::percent(std::fabs(d)); }

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

// ", at 3.91 MiB peak memory vs 2.93 MiB" where peak memory is part of the answer.
std::string peak_clause(const experiment& e, const cell& a, const cell& b) {
  if (!e.primary.peak_memory_matters) return {};
  return ", at " + fmt::kib(a.rss_kib) + " peak memory vs " + fmt::kib(b.rss_kib);
}

// One point's comparison in a few sentences.
std::string point_sentences(const experiment& e, const point& p) {
  const comparison& v = p.verdict;
  const cell& best = p.cells[v.best];
  const cell& next = p.cells[v.runner_up];
  const std::string& b = e.variants[v.best];
  const std::string& r = e.variants[v.runner_up];
  const primary_metric& m = e.primary;
  switch (v.kind) {
    case outcome::none:
      if (ok_variants(p) == 0) return "Every run failed (see the failed runs under the experiment).";
      if (!best.measured() || !e.contender(v.best)) return "No variant to compare reported " + code(m.name()) + ".";
      return "Only " + bold(b) + (ok_variants(p) == 1 ? " ran successfully: " : " is compared: ") + with_per(e, best.value.median) +
             (m.peak_memory_matters ? " at " + fmt::kib(best.rss_kib) + " peak memory" : "") + ".";
    case outcome::winner:
      return bold(b) + " is " + m.superlative + ": " + with_per(e, best.value.median) + " vs " +
             e.value_text(next.value.median) + " for " + bold(r) + ", " + fmt::ratio(v.ratio) + " " + m.comparative +
             " (" + test_text(v) + ", " + runs(v.n_best, v.n_runner_up) + ")" + peak_clause(e, best, next) + ".";
    case outcome::tentative:
      return bold(b) + " looks " + m.superlative + ": " + with_per(e, best.value.median) + " vs " +
             e.value_text(next.value.median) + " for " + bold(r) + " (" + fmt::ratio(v.ratio) + ", every run " +
             m.comparative + ")" + peak_clause(e, best, next) + "; but " + runs(v.n_best, v.n_runner_up) +
             " cannot reach p < 0.05 (the smallest possible is " + fmt::sig(v.min_p, 2) +
             "), so rerun with more repetitions to confirm.";
    case outcome::tie: {
      std::string reason =
          v.bias > 1 ? fmt::percent(v.ratio - 1) + " apart, " + within_bias(v)
          : v.equivalent ? fmt::percent(v.ratio - 1) + " apart, within ±" + fmt::percent(min_effect) +
                               " (90% interval of the ratio " + ratio_interval(v) + ")"
          : v.ratio - 1 <= noise_of(best, next) ? fmt::percent(v.ratio - 1) + " apart, within run-to-run noise"
                                                : "not significant, " + test_text(v);
      if (v.bias <= 1 && !v.equivalent) reason += "; " + undecided(v);
      return bold(b) + " and " + bold(r) + " are indistinguishable: " + e.value_text(best.value.median) + " vs " +
             with_per(e, next.value.median) + " (" + reason + "; " + runs(v.n_best, v.n_runner_up) + ")." +
             (m.peak_memory_matters ? " " + memory_compare(e, v.best, v.runner_up, p) : "");
    }
  }
  return {};
}

// Every contender best first, for points with more than two.
std::string ranking(const experiment& e, const point& p) {
  std::vector<std::size_t> order;
  for (std::size_t v = 0; v < p.cells.size(); ++v)
    if (p.cells[v].runs > 0 && e.contender(v)) order.push_back(v);
  if (order.size() < 3) return {};
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const cell &ca = p.cells[a], &cb = p.cells[b];
    if (ca.measured() != cb.measured()) return ca.measured();
    return e.better(ca.value.median, cb.value.median);
  });
  std::vector<std::string> parts;
  for (std::size_t v : order) {
    const cell& c = p.cells[v];
    parts.push_back(e.variants[v] + " " +
                    (c.measured() ? e.value_text(c.value.median)
                     : c.ok == 0  ? "(all " + std::to_string(c.runs) + " runs failed)"
                                  : "(no " + e.primary.name() + ")"));
  }
  return capitalized(e.primary.superlative) + " first: " + join(parts, ", ") + ".";
}

std::string best_context(const experiment& e, const point& p) {
  if (!e.primary.wall()) return {};
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

std::vector<std::size_t> subjects_of(const experiment& e, const point& p) {
  switch (p.verdict.kind) {
    case outcome::winner:
    case outcome::tentative: return {p.verdict.best};
    case outcome::tie: {
      std::vector<std::size_t> s{p.verdict.best, p.verdict.runner_up};
      std::sort(s.begin(), s.end());
      return s;
    }
    default: {
      const cell& c = p.cells[p.verdict.best];
      return c.measured() && e.contender(p.verdict.best) ? std::vector<std::size_t>{p.verdict.best}
                                                        : std::vector<std::size_t>{};
    }
  }
}

std::vector<segment> segments(const experiment& e, const std::vector<const point*>& points) {
  std::vector<segment> out;
  for (const point* p : points) {
    const auto k = kind_of(*p);
    const auto s = subjects_of(e, *p);
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

// ", peak memory 3.91 MiB vs 2.93 MiB" where peak memory is part of the answer.
std::string memory_pair(const experiment& e, const cell& a, const cell& b) {
  if (!e.primary.peak_memory_matters) return {};
  return ", peak memory " + fmt::kib(a.rss_kib) + " vs " + fmt::kib(b.rss_kib);
}

// The third-best contender at a point, when there is one.
std::string next_after(const experiment& e, const point& p) {
  std::optional<std::size_t> third;
  for (std::size_t v = 0; v < p.cells.size(); ++v) {
    if (v == p.verdict.best || v == p.verdict.runner_up || !p.cells[v].measured() || !e.contender(v)) continue;
    if (!third || e.better(value_of(p, v), value_of(p, *third))) third = v;
  }
  if (!third) return {};
  return "; next: " + e.variants[*third] + " " + e.value_text(value_of(p, *third));
}

std::string segment_bullet(const experiment& e, const segment& s) {
  const point& last = *s.points.back();
  const comparison& v = last.verdict;
  const bool one = s.points.size() == 1;
  // One point: its numbers directly; several: the range, then the numbers at the last.
  const std::string at = one ? ": " : "; at " + along(e, last) + ": ";
  const cell& cb = last.cells[v.best];
  const cell& cr = last.cells[v.runner_up];
  const std::string per = e.primary.wall() ? "" : e.primary.per;
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
      std::string text = range_text(e, s) + ": " + bold(e.variants[v.best]) + " wins, " + by + " " +
                         e.primary.comparative + " than " + (one ? e.variants[v.runner_up] : "the runner-up") + at +
                         e.value_text(cb.value.median) + per + " vs " + e.value_text(cr.value.median) +
                         (one ? "" : " for " + e.variants[v.runner_up]) + " (" +
                         (v.kind == outcome::winner ? test_text(v) : "every run " + e.primary.comparative) + ")" +
                         memory_pair(e, cb, cr) + ".";
      if (!tentative.empty())
        text += " Tentative at " + code(e.axes[0]) + " = " + join(tentative, ", ") + ": too few runs for p < 0.05.";
      return text;
    }
    case segment::kind::tie:
      return range_text(e, s) + ": " + bold(e.variants[s.variants[0]]) + " ≈ " + bold(e.variants[s.variants[1]]) +
             ", indistinguishable" + at + e.variants[v.best] + " " + e.value_text(cb.value.median) + per + ", " +
             e.variants[v.runner_up] + " " + e.value_text(cr.value.median) + " (" + fmt::percent(v.ratio - 1) +
             " apart, " +
             (v.bias > 1 ? within_bias(v) : v.equivalent ? "within ±" + fmt::percent(min_effect) : test_text(v)) + ")" + memory_pair(e, cb, cr) +
             next_after(e, last) + ".";
    case segment::kind::none:
      if (s.variants.empty()) {
        const bool failed = std::all_of(s.points.begin(), s.points.end(), [](const point* p) { return ok_variants(*p) == 0; });
        return range_text(e, s) + (failed ? ": every run failed." : ": nothing to compare.");
      }
      return range_text(e, s) + ": only " + bold(e.variants[s.variants[0]]) + " succeeded" + at +
             with_per(e, value_of(last, s.variants[0])) + ".";
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
    if (b.cells[c.from].measured()) {
      const std::string per = e.primary.wall() ? "" : e.primary.per;
      text += ": at " + along(e, b) + " " + e.variants[c.to] + (e.primary.wall() ? " takes " : " ") +
              e.value_text(value_of(b, c.to)) + per + ", " + e.variants[c.from] + " " + e.value_text(value_of(b, c.from)) +
              ".";
    } else {
      text += ".";
    }
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
std::string best_of_each(const experiment& e, const std::vector<const point*>& points) {
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

// The contenders at a point that measured the primary metric, best first.
std::vector<std::size_t> ranked(const experiment& e, const point& p) {
  std::vector<std::size_t> order;
  for (std::size_t v = 0; v < p.cells.size(); ++v)
    if (p.cells[v].measured() && e.contender(v)) order.push_back(v);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return e.better(value_of(p, a), value_of(p, b)); });
  return order;
}

std::optional<std::size_t> serial_floor(const experiment& e, const point& p) {
  const auto s = e.serial_variant();
  if (!s || e.contender(*s) || !p.cells[*s].measured()) return std::nullopt;
  return s;
}

// "135×" when both are positive; a fit's slope can come out at or below zero in noise.
std::optional<std::string> times(double num, double den) {
  if (!(num > 0) || !(den > 0)) return std::nullopt;
  return fmt::ratio(num / den);
}

// A scenario's lines: one paragraph for a one-point experiment, else a bullet per point.
std::vector<block> per_point(const experiment& e, const std::string& intro,
                             const std::function<std::string(const point&)>& line) {
  if (e.points.size() == 1) {
    const std::string text = line(e.points[0]);
    if (text.empty()) return {};
    return {paragraph(intro + ": " + text)};
  }
  std::vector<std::string> items;
  for (const auto& p : e.points)
    if (auto text = line(p); !text.empty()) items.push_back(code(describe(e, p)) + ": " + text);
  if (items.empty()) return {};
  return {paragraph(intro + ":"), bullets(items)};
}

// ---- spawn ----------------------------------------------------------------------------------

// "8.40 KiB + 16.0 KiB kernel stack": what one more unit alive holds.
std::string unit_memory(const cell& c) {
  const auto mem = c.metric("mem_per_unit_kib");
  if (!mem) return {};
  std::string text = fmt::kib(*mem) + (c.text("mem_method") == "pss_sum_children" ? " PSS" : "");
  if (auto k = c.metric("kernel_stack_per_unit_kib"); k && *k >= 0.5) text += " + " + fmt::kib(*k) + " kernel stack";
  if (auto t = c.metric("page_tables_per_unit_kib"); t && *t >= 0.5) text += " + " + fmt::kib(*t) + " page tables";
  return text;
}

std::string spawn_line(const experiment& e, const point& p) {
  const auto order = ranked(e, p);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t v = order[i];
    const cell& c = p.cells[v];
    std::vector<std::string> notes;
    const auto r2 = c.metric("per_unit_r2");
    if (i == 0 && r2) notes.push_back("r² " + fmt::r2(*r2));
    if (i > 0)
      if (auto x = times(c.value.median, value_of(p, order[0]))) notes.push_back(*x + " " + e.variants[order[0]]);
    if (i > 1)
      if (auto x = times(c.value.median, value_of(p, order[i - 1]))) notes.push_back(*x + " " + e.variants[order[i - 1]]);
    if (i > 0 && r2 && *r2 < 0.95) notes.push_back("r² " + fmt::r2(*r2) + ": a poor fit");
    std::string text = e.variants[v] + " " + e.value_text(c.value.median) + (notes.empty() ? "" : " (" + join(notes, ", ") + ")");
    if (auto mem = unit_memory(c); !mem.empty()) text += ", " + mem + (i == 0 ? " per unit alive" : "");
    const auto alive = c.metric("alive_when_sampled");
    const auto units = c.metric("units");
    if (alive && units && *alive < *units)
      text += " (only " + fmt::plain(*alive) + " of " + fmt::plain(*units) + " alive when sampled)";
    parts.push_back(text);
  }
  std::string text = join(parts, "; ");
  if (auto s = serial_floor(e, p))
    text += std::string(text.empty() ? "" : ". ") + "The floor, " + e.variants[*s] + " (a plain call): " +
            e.value_text(value_of(p, *s)) + ", nothing held";
  return text.empty() ? text : text + ".";
}

std::vector<block> unit_cost_blocks(const experiment& e) {
  // How many units were alive for the memory figure, when every contender agrees.
  std::set<double> held;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v)
      if (e.contender(v))
        if (auto n = p.cells[v].metric("units")) held.insert(*n);
  const std::string alive = held.size() == 1 ? fmt::plain(*held.begin()) + " alive at once" : code("units") + " alive at once";
  return per_point(e,
                   "Cost of one more unit, cheapest first (the slope of a least-squares fit of time over 1, 3, 10, … "
                   "units), and memory per unit with " + alive,
                   [&](const point& p) { return spawn_line(e, p); });
}

// ---- switch ---------------------------------------------------------------------------------

// "threads condvar": the variant and the mechanism its runs used.
std::string pairing(const experiment& e, const point& p, std::size_t v) {
  const std::string mech = p.cells[v].text("mechanism");
  std::string name = e.variants[v];
  if (!mech.empty() && name.find(mech) == std::string::npos) name += " " + mech;
  return name;
}

std::string switch_line(const experiment& e, const point& p) {
  const auto order = ranked(e, p);
  std::vector<std::string> sentences;
  if (!order.empty()) {
    std::string lead = bold(pairing(e, p, order[0])) + " " + with_per(e, value_of(p, order[0]));
    std::vector<std::string> than;
    for (std::size_t i = 1; i < order.size(); ++i)
      if (auto x = times(value_of(p, order[i]), value_of(p, order[0])))
        than.push_back(*x + " " + e.primary.comparative + " than " + pairing(e, p, order[i]) + " (" +
                       e.value_text(value_of(p, order[i])) + ")");
    if (!than.empty()) lead += ", " + join(than, " and ");
    sentences.push_back(lead);
    std::vector<std::string> kernel;
    for (std::size_t v : order)
      if (auto k = p.cells[v].metric("ctx_switches_per_handoff"))
        kernel.push_back(pairing(e, p, v) + " " + (*k > 0 && *k < 0.01 ? "< 0.01" : fmt::sig(*k, 2)));
    if (!kernel.empty() && order.size() > 1)
      sentences.push_back("Kernel context switches per hand-off: " + join(kernel, ", "));
  }
  if (auto s = serial_floor(e, p))
    sentences.push_back("The floor, " + e.variants[*s] + " (a plain " +
                        (p.cells[*s].text("mechanism").empty() ? "call" : p.cells[*s].text("mechanism")) +
                        "): " + e.value_text(value_of(p, *s)));
  return sentences.empty() ? std::string() : join(sentences, ". ") + ".";
}

// Placement: a hand-off between two kernel-scheduled units costs ~10x more across CPUs than
// on one; a figure without its placement misleads.
std::vector<block> pin_blocks(const experiment& e) {
  bool kernel_units = false;
  for (std::size_t v = 0; v < e.variants.size(); ++v)
    kernel_units = kernel_units || (e.contender(v) && (e.variant_models[v] == "threads" || e.variant_models[v] == "procs"));
  if (!kernel_units) return {};
  const auto axis = std::find(e.axes.begin(), e.axes.end(), "pin");
  if (axis == e.axes.end()) {
    const std::string pin = e.fixed_value("pin").value_or("none");
    if (pin == "none")
      return {paragraph("Measured at " + code("pin=none") + ": the kernel chose where the two units ran, and a "
                        "hand-off between threads or processes on one CPU and one across CPUs differ by about 10×; "
                        "sweep " + code("pin = same, spread") + " to see both.")};
    return {paragraph("Measured at " + code("pin=" + pin) + " only; the other placement can differ by about 10×.")};
  }
  const auto k = static_cast<std::size_t>(axis - e.axes.begin());
  // Points grouped by every other axis; per group and variant, the figure at each placement.
  std::map<std::string, std::vector<const point*>> groups;
  std::vector<std::string> order;
  for (const auto& p : e.points) {
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < e.axes.size(); ++i)
      if (i != k && e.axes[i] != "mechanism") rest.push_back(e.axes[i] + "=" + p.at[i].text);
    std::string key = join(rest, ", ");
    for (std::size_t i = 0; i < e.axes.size(); ++i)
      if (e.axes[i] == "mechanism") key += "\x1f" + p.at[i].text;
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(&p);
  }
  std::vector<std::string> items;
  for (const auto& key : order) {
    const auto& pts = groups[key];
    const std::string where = key.substr(0, key.find('\x1f'));
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (!e.contender(v)) continue;
      std::vector<std::string> parts;
      std::map<std::string, double> by_pin;
      const point* named = nullptr;
      for (const point* p : pts)
        if (p->cells[v].measured()) {
          parts.push_back(e.value_text(value_of(*p, v)) + " at " + code("pin=" + p->at[k].text));
          by_pin[p->at[k].text] = value_of(*p, v);
          if (!named) named = p;
        }
      if (parts.size() < 2) continue;
      std::string text = pairing(e, *named, v) + (where.empty() ? "" : " at " + code(where)) + ": " + join(parts, ", ");
      if (by_pin.count("same") && by_pin.count("spread"))
        if (auto x = times(std::max(by_pin["same"], by_pin["spread"]), std::min(by_pin["same"], by_pin["spread"])))
          text += " (" + std::string(by_pin["spread"] > by_pin["same"] ? "across CPUs" : "on one CPU") + " " + *x +
                  " dearer)";
      items.push_back(text);
    }
  }
  if (items.empty()) return {};
  return {paragraph("Where the units run (" + code("pin") + ": same = one CPU, spread = different CPUs):"),
          bullets(items)};
}

std::vector<block> handoff_blocks(const experiment& e) {
  auto out = per_point(e, "One-way hand-off, cheapest first", [&](const point& p) { return switch_line(e, p); });
  auto pin = pin_blocks(e);
  out.insert(out.end(), pin.begin(), pin.end());
  return out;
}

// ---- yield ----------------------------------------------------------------------------------

std::optional<double> ideal_latency(const experiment& e, const cell& c) {
  if (auto x = c.metric("io_ideal_ms")) return x;
  if (auto f = e.fixed_value("io_ms")) return std::strtod(f->c_str(), nullptr);
  return std::nullopt;
}

// "10.2 ms I/O latency (+1.9% over its ideal 10.0 ms)"
std::string latency_text(const experiment& e, const cell& c) {
  std::string text = e.value_text(c.value.median) + " I/O latency";
  if (auto ideal = ideal_latency(e, c); ideal && *ideal > 0)
    text += " (" + signed_percent(c.value.median / *ideal - 1) + " over its ideal " + fmt::metric("io_ideal_ms", *ideal) + ")";
  return text;
}

std::string cpu_overhead(const cell& c) {
  const auto s = c.metric("cpu_slowdown");
  if (!s) return "";
  return *s >= 2 ? fmt::ratio(*s) + " the CPU time" : signed_percent(*s - 1) + " CPU time";
}

// One async variant along yield_every: the best affordable interval, the cost of the
// smallest, the intervals whose latency is far from its ideal, and the greedy task.
std::string yield_curve(const experiment& e, const std::vector<const point*>& points, std::size_t v) {
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
    const auto n = c.metric("yields");
    if (x == 0 || (n && *n == 0)) greedy.push_back({x, p, &c});
    else yielding.push_back({x, p, &c});
  }
  std::vector<std::string> sentences;
  const auto slow = [](const at& a) { return a.c->metric("cpu_slowdown").value_or(1e300); };
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
    if (auto ns = s.c->metric("ns_per_yield")) text += " (" + fmt::seconds(*ns * 1e-9) + " per yield)";
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
std::string preempted(const experiment& e, const cell& c) {
  std::string text = latency_text(e, c);
  if (auto o = cpu_overhead(c); !o.empty()) text += " at " + o;
  return text;
}

std::vector<block> yield_blocks(const analysis& a, const experiment& e) {
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
      if (e.variant_models[v] == "async")
        if (auto text = yield_curve(e, s.points, v); !text.empty())
          items.push_back((s.label.empty() ? "" : "At " + code(s.label) + ", ") + text);
  // threads carry no yield_every: the same runs sit at every point of a series.
  bool threads_here = false;
  for (const auto& s : series)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (e.variant_models[v] != "threads") continue;
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
        if (other.variant_models[v] != "threads") continue;
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

// ---- io and mixed -----------------------------------------------------------------------------

std::vector<block> latency_blocks(const experiment& e) {
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), "p99_ms") == e.metric_keys.end()) return {};
  std::string intro = "Latency of one request, p50 / p99, lowest p99 first";
  if (auto d = e.fixed_value("delay_ms")) intro += " (the server answers after " + code("delay_ms") + " = " + *d + " ms)";
  return per_point(e, intro, [&](const point& p) {
    std::vector<std::size_t> order;
    for (std::size_t v = 0; v < p.cells.size(); ++v)
      if (p.cells[v].metric("p99_ms")) order.push_back(v);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return *p.cells[a].metric("p99_ms") < *p.cells[b].metric("p99_ms");
    });
    std::vector<std::string> parts;
    for (std::size_t v : order) {
      const cell& c = p.cells[v];
      const auto p50 = c.metric("p50_ms");
      parts.push_back(e.variants[v] + " " + (p50 ? fmt::metric("p50_ms", *p50) + " / " : "") +
                      fmt::metric("p99_ms", *c.metric("p99_ms")));
    }
    return parts.empty() ? std::string() : join(parts, ", ") + ".";
  });
}

// mixed: each variant's wall against its two parts as its runs timed them, S (the request,
// the server's sum) and L (the local sum): max(S, L) is a full overlap, S + L none. serial
// times the parts alone; where overlapped parts ran much slower than that, the machine (its
// CPUs shared by the two sums) bounds the overlap, and the sentence says so.
std::vector<block> overlap_blocks(const experiment& e) {
  return per_point(e, "Against its two parts timed in every run, S (the request: the server's sum) and L (the local sum)",
                   [&](const point& p) {
    struct parts {
      std::size_t v;
      double s, l;
    };
    std::vector<parts> order;
    for (std::size_t v = 0; v < p.cells.size(); ++v) {
      const cell& c = p.cells[v];
      const auto s = c.metric("server_s"), l = c.metric("local_s");
      if (c.ok > 0 && s && l && *s > 0 && *l > 0) order.push_back({v, *s, *l});
    }
    if (order.empty()) return std::string();
    std::stable_sort(order.begin(), order.end(),
                     [&](const parts& a, const parts& b) { return p.cells[a.v].wall.median < p.cells[b.v].wall.median; });
    std::vector<std::string> texts;
    for (const auto& x : order) {
      const double wall = p.cells[x.v].wall.median;
      const double to_max = wall / std::max(x.s, x.l), to_sum = wall / (x.s + x.l);
      std::string text = e.variants[x.v] + " " + fmt::seconds(wall);
      if (std::fabs(std::log(to_max)) <= std::fabs(std::log(to_sum))) text += " = " + fmt::sig(to_max) + " × max(S, L)";
      else if (std::fabs(to_sum - 1) <= 0.03) text += " ≈ S + L";
      else text += " = " + fmt::sig(to_sum) + " × (S + L)";
      texts.push_back(text + " (S " + fmt::seconds(x.s) + ", L " + fmt::seconds(x.l) + ")");
    }
    std::string out = join(texts, "; ") + ".";
    // The parts alone, as serial ran them, against the best overlapped run.
    const auto serial = e.serial_variant();
    const auto alone = std::find_if(order.begin(), order.end(), [&](const parts& x) { return serial && x.v == *serial; });
    const auto best = std::find_if(order.begin(), order.end(), [&](const parts& x) { return !serial || x.v != *serial; });
    if (alone != order.end() && best != order.end()) {
      const double ideal = std::max(alone->s, alone->l);
      const double ratio = p.cells[best->v].wall.median / ideal;
      if (ratio > 1 + near_ideal)
        out += " Against the parts alone, as serial ran them (max(S, L) = " + fmt::seconds(ideal) + "), the best, " +
               e.variants[best->v] + ", takes " + fmt::ratio(ratio) + ": overlapped, its parts ran slower (S " +
               fmt::seconds(best->s) + " vs " + fmt::seconds(alone->s) + ", L " + fmt::seconds(best->l) + " vs " +
               fmt::seconds(alone->l) + "), so the CPUs they share, not the model, bound the overlap.";
    }
    return out;
  });
}

// ---- the section ------------------------------------------------------------------------------

// One variant along a sweep (a wall-time scenario): where its time is lowest and highest.
std::vector<block> range_blocks(const experiment& e, const std::string& intro) {
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

// One row per compared experiment: the answer at its last point and where it changes.
block glance_table(const analysis& a, const std::string& host) {
  table t;
  t.header = {"workload (judged on)", "experiment, at", "best", "by", "its memory", "along the sweep"};
  t.numeric = {false, false, false, true, true, false};
  for (const auto& row : glance_rows(a, host)) {
    const experiment* e = row.e;
    const auto all = series_along_primary(*e);
    const auto& first = all.front();
    const point& p = *row.p;
    const comparison& v = p.verdict;
    std::string best = "—", by = "—", memory = "—";
    switch (v.kind) {
      case outcome::winner:
        best = bold(e->variants[v.best]);
        by = fmt::ratio(v.ratio) + " (" + test_text(v) + ")";
        break;
      case outcome::tentative:
        best = bold(e->variants[v.best]) + " (tentative)";
        by = fmt::ratio(v.ratio) + " (too few runs)";
        break;
      case outcome::tie:
        best = e->variants[v.best] + " ≈ " + e->variants[v.runner_up];
        by = v.bias > 1     ? "within the fairness check's bias"
             : v.equivalent ? "indistinguishable (within ±" + fmt::percent(min_effect) + ")"
                            : "undecided (" + runs(v.n_best, v.n_runner_up) + ", ratio " + ratio_interval(v) + ")";
        break;
      case outcome::none:
        best = ok_variants(p) == 0            ? std::string("every run failed")
               : p.cells[v.best].measured() ? "only " + e->variants[v.best]
                                            : std::string("nothing to compare");
        break;
    }
    if (p.cells[v.best].ok > 0) {
      const cell& c = p.cells[v.best];
      const auto per_unit = c.metric("mem_per_unit_kib");
      memory = e->scenario == "spawn" && per_unit ? fmt::kib(*per_unit) + " per unit" : fmt::kib(c.rss_kib) + " peak";
    }
    std::string where = e->axes.empty() ? "" : e->axes[0] + "=" + p.at[0].text;
    if (!first.label.empty()) where += ", " + first.label;
    std::string sweep = "—";
    if (!e->axes.empty() && first.points.size() > 1) {
      const auto segs = segments(*e, first.points);
      std::vector<std::string> changes;
      for (const auto& c : find_crossovers(segs))
        changes.push_back(e->variants[c.to] + " overtakes " + e->variants[c.from] + " between " + e->axes[0] + " = " +
                          c.before->at[0].text + " and " + c.after->at[0].text);
      if (changes.empty() && segs.size() > 1)  // no clear winner gives way to another: list the answers
        for (const auto& seg : segs) {
          std::string answer = seg.what == segment::kind::win   ? e->variants[seg.variants[0]]
                               : seg.what == segment::kind::tie ? e->variants[seg.variants[0]] + " ≈ " +
                                                                      e->variants[seg.variants[1]]
                               : seg.variants.empty()           ? std::string("none compared")
                                                                : "only " + e->variants[seg.variants[0]];
          changes.push_back(e->axes[0] + " = " + values_text(seg.points) + ": " + answer);
        }
      sweep = changes.empty() ? "same answer throughout" : join(changes, "; ");
      if (all.size() > 1) sweep += " (at " + first.label + ")";
    }
    t.rows.push_back({e->workload_class() + " (" + e->primary.label + ")",
                      code(e->title()) + (where.empty() ? "" : " at " + code(where)), best, by, memory, sweep});
  }
  block b = table_block(std::move(t));
  return b;
}

std::vector<const point*> pointers(const experiment& e) {
  std::vector<const point*> out;
  for (const auto& p : e.points) out.push_back(&p);
  return out;
}

std::vector<block> experiment_verdict(const analysis& a, const experiment& e) {
  std::vector<block> out;
  std::string intro = "In " + code(e.title());
  if (e.name.empty() && e.axes.empty()) intro = "In the " + code(e.scenario) + " runs";
  if (e.points.empty()) return out;
  std::size_t contenders = 0;
  for (std::size_t v = 0; v < e.variants.size(); ++v) contenders += e.contender(v) ? 1 : 0;
  if (e.points.size() == 1) {
    const point& p = e.points[0];
    std::string text = intro + ": " + point_sentences(e, p);
    if (e.primary.wall())
      for (const auto& extra : {ranking(e, p), best_context(e, p)})
        if (!extra.empty()) text += " " + extra;
    out.push_back(paragraph(text));
    if (auto f = failures_sentence(e, {&p}); !f.empty()) out.push_back(paragraph(f));
  } else if (contenders <= 1) {
    if (e.primary.wall()) {
      auto more = range_blocks(e, intro);
      out.insert(out.end(), more.begin(), more.end());
    } else {
      std::vector<std::string> axes;
      for (const auto& x : e.axes) axes.push_back(code(x));
      out.push_back(paragraph(intro + ", sweeping " + join(axes, " and ") + ":"));
    }
    if (auto f = failures_sentence(e, pointers(e)); !f.empty()) out.push_back(paragraph(f));
  } else {
    std::vector<std::string> axes;
    for (const auto& x : e.axes) axes.push_back(code(x));
    out.push_back(paragraph(intro + ", sweeping " + join(axes, " and ") + ":"));
    auto more = sweep_blocks(e);
    out.insert(out.end(), more.begin(), more.end());
  }
  std::vector<block> extra;
  if (e.scenario == "cpu") extra = amdahl_blocks(e);
  else if (e.scenario == "io") extra = latency_blocks(e);
  else if (e.scenario == "mixed") extra = overlap_blocks(e);
  else if (e.scenario == "spawn") extra = unit_cost_blocks(e);
  else if (e.scenario == "switch") extra = handoff_blocks(e);
  else if (e.scenario == "yield") extra = yield_blocks(a, e);
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
    const experiment& e0 = *runs_on.front();
    table t;
    t.header = {"machine", "CPUs"};
    t.numeric = {false, true};
    for (const auto& v : variants) {
      t.header.push_back(v);
      t.numeric.push_back(true);
    }
    t.header.push_back(e0.primary.wall() ? "fastest" : e0.primary.superlative);
    t.numeric.push_back(false);
    for (const experiment* e : runs_on) {
      std::vector<std::string> row{e->host, e->cpus > 0 ? std::to_string(e->cpus) : "?"};
      std::optional<std::size_t> leader;
      double leader_value = 0;
      for (const auto& label : variants) {
        const auto it = std::find(e->variants.begin(), e->variants.end(), label);
        const point* best = nullptr;
        std::size_t v = 0;
        if (it != e->variants.end()) {
          v = static_cast<std::size_t>(it - e->variants.begin());
          for (const auto& p : e->points)
            if (p.cells[v].measured() && (!best || e->better(value_of(p, v), value_of(*best, v)))) best = &p;
        }
        if (!best) {
          row.push_back("—");
          continue;
        }
        const double x = value_of(*best, v);
        const bool everywhere = std::all_of(e->points.begin(), e->points.end(), [&](const point& p) {
          return p.cells[v].measured() && value_of(p, v) == x;
        });
        const std::string where =
            e->axes.empty() || everywhere ? "" : " at " + e->axes[0] + "=" + best->at[0].text;
        row.push_back(e->value_text(x) + where);
        if (e->contender(v) && (!leader || e->better(x, leader_value))) {
          leader = v;
          leader_value = x;
        }
      }
      row.push_back(leader ? e->variants[*leader] : "—");
      t.rows.push_back(std::move(row));
    }
    t.notes.push_back("Each variant's median " + (e0.primary.wall() ? std::string("wall time") : code(e0.primary.key)) +
                      " at its best point of the sweep on that machine.");
    out.push_back(paragraph(code(title) + " on each machine:"));
    block b = table_block(std::move(t));
    out.push_back(std::move(b));
  }
  if (!out.empty()) out.insert(out.begin(), heading(3, "Across machines"));
  return out;
}

// spawn and switch split over several experiments (one per model, placement, mechanism):
// each model from its best to its worst figure across them, so they meet in one sentence.
std::vector<block> scenario_digest(const analysis& a, const std::string& host, const std::string& scenario) {
  std::vector<const experiment*> exps;
  for (const auto& e : a.experiments)
    if (e.host == host && e.scenario == scenario && !e.primary.wall()) exps.push_back(&e);
  if (exps.size() < 2) return {};
  struct end {
    double value;
    std::string where;
  };
  struct span {
    std::string model;
    end lo, hi;
  };
  std::vector<span> spans;
  std::optional<end> floor;
  for (const experiment* e : exps)
    for (const auto& p : e->points)
      for (std::size_t v = 0; v < e->variants.size(); ++v) {
        if (!p.cells[v].measured()) continue;
        const double x = value_of(p, v);
        const std::string desc = describe(*e, p);
        const std::string mech = p.cells[v].text("mechanism");
        const end here{x, (mech.empty() || desc.find("mechanism=") != std::string::npos ? "" : mech + ", ") +
                              code(e->title() + (desc.empty() ? "" : ": " + desc))};
        if (!e->contender(v)) {
          if (!floor || e->better(x, floor->value)) floor = here;
          continue;
        }
        const std::string& model = e->variants[v];
        auto it = std::find_if(spans.begin(), spans.end(), [&](const span& s) { return s.model == model; });
        if (it == spans.end()) {
          spans.push_back({model, here, here});
          continue;
        }
        if (e->better(x, it->lo.value)) it->lo = here;
        if (e->better(it->hi.value, x)) it->hi = here;
      }
  if (spans.size() < 2) return {};
  const experiment& e0 = *exps.front();
  std::stable_sort(spans.begin(), spans.end(), [&](const span& x, const span& y) { return e0.better(x.lo.value, y.lo.value); });
  std::vector<std::string> parts;
  for (const auto& s : spans) {
    std::string text = s.model + " " + e0.value_text(s.lo.value) + " (" + s.lo.where + ")";
    if (s.hi.value != s.lo.value) text += " to " + e0.value_text(s.hi.value) + " (" + s.hi.where + ")";
    if (&s != &spans.front())
      if (auto x = times(s.lo.value, spans.front().lo.value)) text += ", at best " + *x + " " + spans.front().model;
    parts.push_back(text);
  }
  std::string text = "Across the " + code(scenario) + " experiments, each variant from its best to its worst " +
                     e0.primary.label + ": " + join(parts, "; ") + ".";
  if (floor) text += " The floor, serial (a plain call): " + e0.value_text(floor->value) + ".";
  return {paragraph(text)};
}

// The scenarios present that are judged on a metric rather than wall time.
std::string measures_sentence(const analysis& a) {
  std::vector<std::string> scenarios, parts;
  bool floor = false;
  for (const auto& e : a.experiments) {
    if (e.primary.wall() || std::find(scenarios.begin(), scenarios.end(), e.scenario) != scenarios.end()) continue;
    scenarios.push_back(e.scenario);
    parts.push_back(code(e.scenario) + " on " + e.primary.label + " (" + code(e.primary.key) + ")");
    floor = floor || e.primary.serial_is_floor;
  }
  if (parts.empty()) return {};
  std::string text = " Experiments are judged on wall time, except " + join(parts, ", ") +
                     ", where the wall time of a run is not the question (it stays in the tables)";
  if (floor) text += "; there serial, a plain function call, is the floor rather than a contender";
  return text + ".";
}

}  // namespace

std::vector<block> verdict_section(const analysis& a) {
  std::vector<block> out;
  out.push_back(heading(2, "Which concurrency do I want?"));
  const bool several_hosts = a.machines.size() > 1;
  // The answer first, a table and a picture per machine; the details after the contents.
  for (const auto& m : a.machines) {
    if (several_hosts) out.push_back(paragraph("On " + code(m.host) + ":"));
    if (block glance = glance_table(a, m.host); !glance.table.rows.empty()) {
      glance.table.notes.push_back("At a glance: the answer at the largest value of each sweep; the details follow.");
      out.push_back(std::move(glance));
      block picture = chart_block(summary_chart(a, m.host));
      if (!picture.chart.series.empty()) out.push_back(std::move(picture));
    }
  }
  block contents;
  contents.what = block::kind::contents;
  out.push_back(contents);
  out.push_back(paragraph(
      "Written from the measurements below. A variant is called the winner only when a Mann-Whitney "
      "test on its runs against the runner-up gives p < 0.05 and the medians differ by more than the "
      "run-to-run noise (" + fmt::percent(min_effect) + " or the larger CV); two variants are "
      "indistinguishable within ±" + fmt::percent(min_effect) + " when the 90% interval of their ratio lies "
      "inside it, and undecided otherwise. Where the two ran in at least " + std::to_string(stats::min_pairs) +
      " of the same rounds (a sweep's interleaved rounds; single-unit runs of a round share a CPU), they are "
      "compared round by round instead: a Wilcoxon signed-rank test and the Hodges-Lehmann interval of the "
      "per-round ratios, with " + fmt::percent(min_effect) + " as the only noise floor, so that a CPU or a "
      "minute both shared does not count as noise. Peak memory is the median peak RSS of the runs." +
      measures_sentence(a)));
  for (const auto& m : a.machines) {
    const int level = several_hosts ? 4 : 3;
    if (several_hosts) out.push_back(heading(3, "On " + code(m.host)));
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
          auto blocks = experiment_verdict(a, e);
          out.insert(out.end(), blocks.begin(), blocks.end());
        }
      for (const auto& sc : scen) {
        auto digest = scenario_digest(a, m.host, sc.substr(1, sc.size() - 2));  // scen holds `code` names
        out.insert(out.end(), digest.begin(), digest.end());
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
