// One point's comparison in sentences: the winner, the tie, the ranking.
#include <algorithm>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

namespace {

// " They use similar memory ...": the pair's memory, after a tie (a leading space: GCC 12 warns
// -Wrestrict on " " + a returned string).
std::string memory_compare(const analysed_experiment& e, std::size_t a, std::size_t b, const point& p) {
  const cell& ca = p.cells[a];
  const cell& cb = p.cells[b];
  const double lo = std::min(ca.rss_kib, cb.rss_kib), hi = std::max(ca.rss_kib, cb.rss_kib);
  if (lo <= 0 || hi / lo < memory_margin)
    return " They use similar memory (" + fmt::kib(ca.rss_kib) + " vs " + fmt::kib(cb.rss_kib) + " peak).";
  const std::size_t lighter = ca.rss_kib < cb.rss_kib ? a : b;
  return " Of the two, " + bold(e.variants[lighter]) + " uses less memory: " + fmt::kib(p.cells[lighter].rss_kib) +
         " vs " + fmt::kib(p.cells[lighter == a ? b : a].rss_kib) + " peak.";
}

// ", at 3.91 MiB peak memory vs 2.93 MiB" where peak memory is part of the answer.
std::string peak_clause(const analysed_experiment& e, const cell& a, const cell& b) {
  if (!e.primary.peak_memory_matters) return {};
  return ", at " + fmt::kib(a.rss_kib) + " peak memory vs " + fmt::kib(b.rss_kib);
}

}  // namespace

// One point's comparison in a few sentences.
std::string point_sentences(const analysed_experiment& e, const point& p) {
  const comparison& v = p.verdict;
  const cell& best = p.cells[v.best];
  const cell& next = p.cells[v.runner_up];
  const std::string& b = e.variants[v.best];
  const std::string& r = e.variants[v.runner_up];
  const primary_metric& m = e.primary;
  switch (v.kind) {
    case verdict_kind::none:
      if (ok_variants(p) == 0) return "Every run failed (see the failed runs under the experiment).";
      if (!best.measured() || !e.contender(v.best)) return "No variant to compare reported " + code(m.name()) + ".";
      return "Only " + bold(b) + (ok_variants(p) == 1 ? " ran successfully: " : " is compared: ") + with_per(e, best.value.median) +
             (m.peak_memory_matters ? " at " + fmt::kib(best.rss_kib) + " peak memory" : "") + ".";
    case verdict_kind::winner:
      return bold(b) + " is " + m.superlative + ": " + with_per(e, best.value.median) + " vs " +
             e.value_text(next.value.median) + " for " + bold(r) + " (" + margin_text(p) + ", " +
             runs(v.n_best, v.n_runner_up) + ")" + peak_clause(e, best, next) + ".";
    case verdict_kind::tentative:
      return bold(b) + " looks " + m.superlative + ": " + with_per(e, best.value.median) + " vs " +
             e.value_text(next.value.median) + " for " + bold(r) + " (" + apart(p) + ", every run " +
             m.comparative + ")" + peak_clause(e, best, next) + "; but " + runs(v.n_best, v.n_runner_up) +
             " cannot reach p < 0.05 (the smallest possible is " + fmt::sig(v.min_p, 2) +
             "), so rerun with more repetitions to confirm.";
    case verdict_kind::tie: {
      const std::string figures = e.value_text(best.value.median) + " vs " + with_per(e, next.value.median) + " (" +
                                  margin_text(p) + ", " + runs(v.n_best, v.n_runner_up) + ")";
      const std::string memory = m.peak_memory_matters ? memory_compare(e, v.best, v.runner_up, p) : "";
      if (call_of(v) == call::tie)
        return bold(b) + " and " + bold(r) + " tie: " + figures + ", " + tie_reason(v) + "." + memory;
      return bold(b) + " against " + bold(r) + " is undecided: " + figures + "; the ratio's 90% interval (" +
             ratio_interval(v) + ") is not within ±" + fmt::percent(min_effect) + ": " + why_undecided(v, b) + "." +
             memory;
    }
  }
  return {};
}

// Every contender best first, for points with more than two.
std::string ranking(const analysed_experiment& e, const point& p) {
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

std::string best_context(const analysed_experiment& e, const point& p) {
  if (!e.primary.wall()) return {};
  if (p.verdict.kind == verdict_kind::none && ok_variants(p) == 0) return {};
  const cell& c = p.cells[p.verdict.best];
  std::vector<std::string> parts;
  if (c.efficiency) parts.push_back(fmt::percent(*c.efficiency) + " of the ideal time");
  if (c.speedup && !is_baseline_model(e.variant_models[p.verdict.best])) parts.push_back(fmt::ratio(*c.speedup) + " the speed of serial");
  if (parts.empty()) return {};
  return bold(e.variants[p.verdict.best]) + " reaches " + join(parts, " and ") + ".";
}

}  // namespace lab::report::prose
