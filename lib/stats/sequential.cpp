#include "stats/sequential.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include <boost/math/distributions/normal.hpp>

#include "stats/paired.hpp"
#include "stats/pairwise.hpp"
#include "stats/stats.hpp"

namespace lab::stats {

double per_look_alpha(int looks) {
  // Pocock's nominal levels for overall two-sided 0.05, K = 1..10, 15, 20.
  static const double table[] = {0.05,   0.0294, 0.0221, 0.0182, 0.0158, 0.0142,
                                 0.0130, 0.0120, 0.0112, 0.0106};
  if (looks <= 1) return 0.05;
  if (looks <= 10) return table[looks - 1];
  if (looks <= 15) return 0.0106 + (0.0086 - 0.0106) * (looks - 10) / 5.0;
  if (looks <= 20) return 0.0086 + (0.0075 - 0.0086) * (looks - 15) / 5.0;
  return 0.0075 * 20.0 / looks;
}

ratio_interval ratio_ci(std::span<const double> a, std::span<const double> b, double level) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  ratio_interval r{std::numeric_limits<double>::quiet_NaN(), 0, inf};
  if (a.empty() || b.empty()) return r;
  std::vector<double> la, lb;
  for (const auto& [from, to] : {std::pair{a, &la}, std::pair{b, &lb}})
    for (double x : from) {
      if (!(x > 0) || !std::isfinite(x)) return r;
      to->push_back(std::log(x));
    }
  std::sort(la.begin(), la.end());
  std::sort(lb.begin(), lb.end());
  // The n x m differences are never formed (stats/pairwise.hpp): at 20,000 runs a point they
  // would be 4 x 10^8 doubles.
  r.estimate = std::exp(median_difference(la, lb));
  const double n = static_cast<double>(a.size()), m = static_cast<double>(b.size()), nm = n * m;
  const double z = boost::math::quantile(boost::math::normal(), 0.5 + level / 2);
  const double k = std::floor(nm / 2 - z * std::sqrt(nm * (n + m + 1) / 12));
  if (k < 0) return r;  // too few runs for this level: the interval is unbounded
  const auto i = static_cast<std::size_t>(k);
  r.lo = std::exp(kth_difference(la, lb, i));
  r.hi = std::exp(kth_difference(la, lb, a.size() * b.size() - 1 - i));
  return r;
}

namespace {
// Equivalent when the interval lies inside the margin; different when significant and larger
// than the noise; open otherwise. `ratio` is the estimate, >= 1 whichever way.
void decide(pair_judgement& j, double ratio, double alpha, double margin) {
  if (j.ratio.lo >= 1 / (1 + margin) && j.ratio.hi <= 1 + margin)
    j.kind = pair_verdict::equivalent;
  else if (j.p < alpha && ratio - 1 > j.noise)
    j.kind = pair_verdict::differ;
}
}  // namespace

pair_judgement judge_pair(std::span<const double> best, std::span<const double> other, double alpha, double margin,
                          double noise) {
  pair_judgement j;
  j.p = mann_whitney_p(best, other);
  j.ratio = ratio_ci(best, other, 1 - 2 * alpha);
  const double mb = median(best), mo = median(other);
  const double ratio = std::max(std::fabs(mb), std::fabs(mo)) / std::max(1e-300, std::min(std::fabs(mb), std::fabs(mo)));
  j.noise = std::max(margin, noise);
  decide(j, ratio, alpha, margin);
  return j;
}

pair_judgement judge_pair(std::span<const double> best, std::span<const int> best_rounds,
                          std::span<const double> other, std::span<const int> other_rounds, double alpha,
                          double margin, double noise) {
  const auto pairs = pair_by_round(best, best_rounds, other, other_rounds);
  // Few pairs cannot show a difference at a small alpha (6 signs give p >= 1/32), where the
  // unpaired test of the same runs can: until they can, judge unpaired.
  if (pairs.a.size() < min_pairs || signed_rank_min_p(pairs.a.size()) >= alpha)
    return judge_pair(best, other, alpha, margin, noise);
  const auto pr = paired_ratio_ci(pairs.a, pairs.b, 1 - 2 * alpha);
  pair_judgement j;
  j.pairs = pr.pairs;
  j.p = pr.p;
  j.ratio = {pr.estimate, pr.lo, pr.hi};
  // The signed-rank test already weighs the pairs' own spread; what is left is the margin.
  j.noise = margin;
  const double ratio = pr.estimate >= 1 ? pr.estimate : 1 / pr.estimate;
  decide(j, ratio, alpha, margin);
  return j;
}

bool median_within(std::span<const double> xs, double margin) {
  const auto ci = median_ci(xs, 0.95);
  const double m = median(xs);
  return !ci.too_few && m > 0 && ci.lo >= m * (1 - margin) && ci.hi <= m * (1 + margin);
}

}  // namespace lab::stats
