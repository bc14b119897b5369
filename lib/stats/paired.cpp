#include "stats/paired.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include <boost/math/distributions/normal.hpp>

#include "stats/pairwise.hpp"
#include "stats/stats.hpp"

namespace lab::stats {

namespace {

// P(T+ <= t) for t = 0..n(n+1)/2 under the null, without ties: the number of subsets of
// ranks 1..n with each sum, over 2^n.
std::vector<double> signed_rank_cdf(std::size_t n) {
  const std::size_t top = n * (n + 1) / 2;
  std::vector<double> ways(top + 1, 0.0);
  ways[0] = 1;
  for (std::size_t r = 1; r <= n; ++r)
    for (std::size_t s = top; s >= r; --s) ways[s] += ways[s - r];
  const double all = std::ldexp(1.0, static_cast<int>(n));
  double run = 0;
  for (auto& w : ways) {
    run += w;
    w = run / all;
  }
  return ways;
}

}  // namespace

paired_values pair_by_round(std::span<const double> a, std::span<const int> a_rounds, std::span<const double> b,
                            std::span<const int> b_rounds) {
  std::map<int, double> first_b;
  for (std::size_t i = 0; i < b.size() && i < b_rounds.size(); ++i) first_b.emplace(b_rounds[i], b[i]);
  std::map<int, std::pair<double, double>> both;
  for (std::size_t i = 0; i < a.size() && i < a_rounds.size(); ++i)
    if (auto it = first_b.find(a_rounds[i]); it != first_b.end()) both.emplace(a_rounds[i], std::pair{a[i], it->second});
  paired_values out;
  for (const auto& [round, v] : both) {
    out.a.push_back(v.first);
    out.b.push_back(v.second);
  }
  return out;
}

double signed_rank_p(std::span<const double> d) {
  std::vector<double> nz;
  for (double x : d)
    if (x != 0 && std::isfinite(x)) nz.push_back(x);
  const std::size_t n = nz.size();
  if (n == 0) return 1;
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return std::fabs(nz[i]) < std::fabs(nz[j]); });
  std::vector<double> rank(n);
  bool ties = false;
  double tie_term = 0;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j + 1 < n && std::fabs(nz[order[j + 1]]) == std::fabs(nz[order[i]])) ++j;
    const double t = static_cast<double>(j - i + 1);
    if (t > 1) ties = true;
    tie_term += t * t * t - t;
    for (std::size_t k = i; k <= j; ++k) rank[order[k]] = (static_cast<double>(i + j) + 2) / 2;
    i = j + 1;
  }
  double w_plus = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (nz[i] > 0) w_plus += rank[i];
  const double nn = static_cast<double>(n), mean = nn * (nn + 1) / 4;
  if (!ties && n <= 60) {
    const auto cdf = signed_rank_cdf(n);
    const auto t = static_cast<std::size_t>(std::lround(std::min(w_plus, nn * (nn + 1) / 2 - w_plus)));
    return std::min(1.0, 2 * cdf[t]);
  }
  const double var = nn * (nn + 1) * (2 * nn + 1) / 24 - tie_term / 48;
  if (var <= 0) return 1;
  const double z = (std::fabs(w_plus - mean) - 0.5) / std::sqrt(var);
  return std::min(1.0, 2 * boost::math::cdf(boost::math::complement(boost::math::normal(), std::max(0.0, z))));
}

double signed_rank_min_p(std::size_t n) { return n == 0 ? 1 : std::min(1.0, 2 * std::ldexp(1.0, -static_cast<int>(n))); }

paired_ratio paired_ratio_ci(std::span<const double> a, std::span<const double> b, double level) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  paired_ratio r{std::numeric_limits<double>::quiet_NaN(), 0, inf, 1, 0, 0};
  const std::size_t n = std::min(a.size(), b.size());
  if (n == 0) return r;
  std::vector<double> d, ratios;
  for (std::size_t i = 0; i < n; ++i) {
    if (!(a[i] > 0) || !(b[i] > 0) || !std::isfinite(a[i]) || !std::isfinite(b[i])) return r;
    d.push_back(std::log(b[i]) - std::log(a[i]));
    ratios.push_back(b[i] / a[i]);
  }
  r.pairs = n;
  r.p = signed_rank_p(d);
  r.spread = cv(ratios);
  // The n(n+1)/2 Walsh averages are never formed (stats/pairwise.hpp): 2 x 10^8 of them at
  // 20,000 pairs.
  std::sort(d.begin(), d.end());
  const std::size_t walsh = n * (n + 1) / 2;
  r.estimate = std::exp(median_walsh_average(d));
  // The interval is [W(k), W(M + 1 - k)] of the M sorted Walsh averages (1-based), k - 1 the
  // largest t with P(T+ <= t) <= (1 - level) / 2: exact up to 60 pairs, normal beyond. R's
  // wilcox.test draws the same line (exact below 50 values, the normal approximation with a
  // continuity correction above), as does SciPy's wilcoxon (method="auto": exact up to 50
  // pairs). Only the order statistics are then needed, found without the M averages.
  std::size_t k = 0;
  if (n <= 60) {
    const auto cdf = signed_rank_cdf(n);
    while (k < cdf.size() && cdf[k] <= (1 - level) / 2) ++k;
  } else {
    const double nn = static_cast<double>(n);
    const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2);
    k = static_cast<std::size_t>(std::floor(nn * (nn + 1) / 4 - z * std::sqrt(nn * (nn + 1) * (2 * nn + 1) / 24)));
  }
  if (k == 0) return r;  // too few pairs for this level: unbounded
  r.lo = std::exp(kth_walsh_average(d, k - 1));
  r.hi = std::exp(kth_walsh_average(d, walsh - k));
  return r;
}

}  // namespace lab::stats
