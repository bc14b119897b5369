// A sweep's answers as runs of points with the same answer, and where the winner changes.
#include <algorithm>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

namespace {

segment::kind kind_of(const point& p) {
  switch (p.verdict.kind) {
    case verdict_kind::winner:
    case verdict_kind::tentative: return segment::kind::win;
    case verdict_kind::tie: return call_of(p.verdict) == call::tie ? segment::kind::tie : segment::kind::undecided;
    default: return segment::kind::none;
  }
}

std::vector<std::size_t> subjects_of(const analysed_experiment& e, const point& p) {
  switch (p.verdict.kind) {
    case verdict_kind::winner:
    case verdict_kind::tentative: return {p.verdict.best};
    case verdict_kind::tie: {
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

// ", peak memory 3.91 MiB vs 2.93 MiB" where peak memory is part of the answer.
std::string memory_pair(const analysed_experiment& e, const cell& a, const cell& b) {
  if (!e.primary.peak_memory_matters) return {};
  return ", peak memory " + fmt::kib(a.rss_kib) + " vs " + fmt::kib(b.rss_kib);
}

// The third-best contender at a point, when there is one.
std::string next_after(const analysed_experiment& e, const point& p) {
  std::optional<std::size_t> third;
  for (std::size_t v = 0; v < p.cells.size(); ++v) {
    if (v == p.verdict.best || v == p.verdict.runner_up || !p.cells[v].measured() || !e.contender(v)) continue;
    if (!third || e.better(value_of(p, v), value_of(p, *third))) third = v;
  }
  if (!third) return {};
  return "; next: " + e.variants[*third] + " " + e.value_text(value_of(p, *third));
}

}  // namespace

std::vector<segment> segments(const analysed_experiment& e, const std::vector<const point*>& points) {
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

std::string range_text(const analysed_experiment& e, const segment& s) {
  return code(e.axes[0]) + " = " + values_text(s.points);
}

std::string segment_bullet(const analysed_experiment& e, const segment& s) {
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
        lo = std::min(lo, median_ratio(*p));
        hi = std::max(hi, median_ratio(*p));
        if (p->verdict.kind == verdict_kind::tentative) tentative.push_back(p->at[0].text);
      }
      const std::string by = fmt::ratio(lo) == fmt::ratio(hi) ? fmt::ratio(lo) : fmt::ratio(lo) + "–" + fmt::ratio(hi);
      std::string text = range_text(e, s) + ": " + bold(e.variants[v.best]) + " wins, " + by + " " +
                         e.primary.comparative + " than " + (one ? e.variants[v.runner_up] : "the runner-up") + at +
                         e.value_text(cb.value.median) + per + " vs " + e.value_text(cr.value.median) +
                         (one ? "" : " for " + e.variants[v.runner_up]) + " (" +
                         (v.kind == verdict_kind::winner ? test_text(v) : "every run " + e.primary.comparative) + ")" +
                         memory_pair(e, cb, cr) + ".";
      if (!tentative.empty())
        text += " Tentative at " + code(e.axes[0]) + " = " + join(tentative, ", ") + ": too few runs for p < 0.05.";
      return text;
    }
    case segment::kind::tie:
    case segment::kind::undecided: {
      const bool tie = s.what == segment::kind::tie;
      return range_text(e, s) + ": " + bold(e.variants[s.variants[0]]) + (tie ? " and " : " against ") +
             bold(e.variants[s.variants[1]]) + (tie ? " tie" : " undecided") + at + e.variants[v.best] + " " +
             e.value_text(cb.value.median) + per + ", " + e.variants[v.runner_up] + " " +
             e.value_text(cr.value.median) + " (" + margin_text(last) + ", " +
             (tie ? tie_reason(v) : why_undecided(v, e.variants[v.best])) + ")" +
             memory_pair(e, cb, cr) + next_after(e, last) + ".";
    }
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

std::vector<std::string> crossovers(const analysed_experiment& e, const std::vector<segment>& segs) {
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

}  // namespace lab::report::prose
