// The verdict's small phrases, shared by its sentences and the scenarios' parts.
#include "report/prose.hpp"

#include <algorithm>
#include <cctype>
#include <functional>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"

namespace lab::report::prose {

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
std::string with_per(const analysed_experiment& e, double v) { return e.value_text(v) + e.primary.per; }

double noise_of(const cell& a, const cell& b) { return std::max({min_effect, a.value.cv, b.value.cv}); }

// The test's p, and that it was paired where it was: "p = 0.016" / "round by round, p = 0.016".
std::string test_text(const comparison& v) { return (v.pairs > 0 ? "round by round, " : "") + fmt::p_value(v.p); }

// The 90% interval of the runner-up's ratio to the best: "0.99–1.01".
std::string ratio_interval(const comparison& v) {
  if (!(v.ratio_hi < 1e300)) return "unbounded";
  return fmt::sig(v.ratio_lo, 3) + "–" + fmt::sig(v.ratio_hi, 3);
}

// Why the runs could not decide, and what more would. The ratio's interval narrows as
// 1/sqrt(runs) around its centre (not the ratio of medians: that is where more runs converge):
// a centre beyond ±min_effect leans to a winner the test's level did not yet confirm; one within
// it is a tie the interval is still too wide to show, which says how many runs it would take;
// one at the edge takes many.
std::string why_undecided(const comparison& v, const std::string& best) {
  if (!(v.ratio_hi < 1e300) || v.n_best == 0 || v.ratio_lo <= 0) return "too few runs to bound the ratio";
  const double centre = std::sqrt(v.ratio_lo * v.ratio_hi);
  const double half = (v.ratio_hi - v.ratio_lo) / 2, room = min_effect - std::fabs(centre - 1);
  if (centre - 1 >= 2 * min_effect || v.ratio_lo > 1 + min_effect / 2)
    return "the runs lean to " + best + " by about " + fmt::percent(centre - 1) +
           ", short of the test's level (more runs would likely settle it)";
  if (room <= 0.25 * min_effect) {
    // A wide interval centred near the edge is spread runs, not a small difference: medians
    // 10% apart can have their ratio's interval centred at +2%.
    if (half > min_effect)
      return "the runs are too spread to place it (the ratio's 90% interval is " + ratio_interval(v) +
             ") and centred near the ±" + fmt::percent(min_effect) + " edge: it takes many more runs to place";
    return "a difference this close to ±" + fmt::percent(min_effect) + " takes many more runs to place";
  }
  const double n = static_cast<double>(std::min(v.n_best, v.n_runner_up));
  const double need = std::ceil(n * (half / room) * (half / room) - 1e-9);  // 9.000000001 is 9
  return "too spread for ±" + fmt::percent(min_effect) + ": about " + fmt::count(need) + " runs each would show a tie";
}

// A tie that is not shown to be one, and why not.
std::string undecided(const comparison& v, const std::string& best) {
  return "undecided after " + runs(v.n_best, v.n_runner_up) + (v.pairs > 0 ? ", paired by round" : "") +
         ": the ratio's 90% interval (" + ratio_interval(v) + ") is not within ±" + fmt::percent(min_effect) + "; " +
         why_undecided(v, best);
}

// Why a margin the test would call a win is called a tie (analysis.hpp, comparison::bias).
std::string within_bias(const comparison& v) {
  return "within the " + fmt::percent(v.bias - 1) + " the fairness check found between models on identical work";
}

call call_of(const comparison& v) {
  switch (v.kind) {
    case verdict_kind::winner: return call::winner;
    case verdict_kind::tentative: return call::tentative;
    case verdict_kind::tie: return v.bias > 1 || v.equivalent ? call::tie : call::undecided;
    case verdict_kind::none: return call::none;
  }
  return call::none;
}

double median_ratio(const point& p, const comparison& v) {
  const double b = value_of(p, v.best), r = value_of(p, v.runner_up);
  const double lo = std::min(b, r), hi = std::max(b, r);
  return lo > 0 ? hi / lo : 0;
}

std::string apart(const point& p, const comparison& v) {
  const double x = median_ratio(p, v);
  if (!(x > 0)) return "";
  // Past 2× a ratio reads better than a percentage ("13.2× apart", not "1220% apart").
  return x >= 2 ? fmt::ratio(x) + " apart" : fmt::percent(x - 1) + " apart";
}

std::string margin_text(const point& p, const comparison& v) {
  std::string text = apart(p, v);
  if (v.pairs > 0)
    return text + "; round by round " + (v.ratio >= 2 ? fmt::ratio(v.ratio) : fmt::percent(v.ratio - 1)) + ", " +
           fmt::p_value(v.p);
  return text + ", " + fmt::p_value(v.p);
}

std::string tie_reason(const comparison& v) {
  if (v.bias > 1) return within_bias(v);
  return "the ratio's 90% interval " + ratio_interval(v) + " lies within ±" + fmt::percent(min_effect);
}

std::string signed_percent(double d) { return (d >= 0 ? "+" : "−") + fmt::percent(std::fabs(d)); }

std::string along(const analysed_experiment& e, const point& p) {
  return code(e.axes[0] + "=" + p.at[0].text);
}

// The contenders at a point that measured the primary metric, best first.
std::vector<std::size_t> ranked(const analysed_experiment& e, const point& p) {
  std::vector<std::size_t> order;
  for (std::size_t v = 0; v < p.cells.size(); ++v)
    if (p.cells[v].measured() && e.contender(v)) order.push_back(v);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return e.better(value_of(p, a), value_of(p, b)); });
  return order;
}

std::optional<std::size_t> serial_floor(const analysed_experiment& e, const point& p) {
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
std::vector<block> per_point(const analysed_experiment& e, const std::string& intro,
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

// "threads condvar": the variant and the mechanism its runs used.
std::string pairing(const analysed_experiment& e, const point& p, std::size_t v) {
  const std::string& how = how_metric_of(e.scenario);
  const std::string mech = how.empty() ? "" : p.cells[v].text(how);
  std::string name = e.variants[v];
  if (!mech.empty() && name.find(mech) == std::string::npos) name += " " + mech;
  return name;
}

}  // namespace lab::report::prose
