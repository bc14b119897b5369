#include "stats/stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lab::stats {

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> sorted(std::span<const double> xs) {
  std::vector<double> v(xs.begin(), xs.end());
  std::sort(v.begin(), v.end());
  return v;
}

double median_of_sorted(const std::vector<double>& v) {
  if (v.empty()) return nan;
  const std::size_t h = v.size() / 2;
  return v.size() % 2 ? v[h] : (v[h - 1] + v[h]) / 2;
}

// P(B = i) for B ~ Binomial(n, 1/2), in log space so large n does not underflow.
double binomial_half_pmf(std::size_t n, std::size_t i) {
  const double dn = static_cast<double>(n), di = static_cast<double>(i);
  return std::exp(std::lgamma(dn + 1) - std::lgamma(di + 1) - std::lgamma(dn - di + 1) - dn * std::log(2.0));
}

double choose(std::size_t n, std::size_t k) {
  double c = 1;
  for (std::size_t i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return c;
}

double sum_sq_dev(std::span<const double> xs, double m) {
  double s = 0;
  for (double x : xs) s += (x - m) * (x - m);
  return s;
}

}  // namespace

double median(std::span<const double> xs) { return median_of_sorted(sorted(xs)); }

// Hyndman & Fan (1996), definition 7: the default of R and NumPy, so p50 of {1, 2} is 1.5.
double percentile(std::span<const double> sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= sorted.size()) return sorted.back();
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[lo + 1] - sorted[lo]);
}

double min(std::span<const double> xs) { return xs.empty() ? nan : *std::min_element(xs.begin(), xs.end()); }

double max(std::span<const double> xs) { return xs.empty() ? nan : *std::max_element(xs.begin(), xs.end()); }

double mean(std::span<const double> xs) {
  if (xs.empty()) return nan;
  return std::accumulate(xs.begin(), xs.end(), 0.0) / static_cast<double>(xs.size());
}

double stddev(std::span<const double> xs) {
  if (xs.size() < 2) return xs.empty() ? nan : 0.0;
  return std::sqrt(sum_sq_dev(xs, mean(xs)) / static_cast<double>(xs.size() - 1));
}

double cv(std::span<const double> xs) {
  if (xs.empty()) return nan;
  const double sd = stddev(xs);
  const double m = std::fabs(mean(xs));
  if (sd == 0) return 0;
  return m == 0 ? std::numeric_limits<double>::infinity() : sd / m;
}

// Distribution-free confidence interval of the median from order statistics: the number of
// samples below the true median is Binomial(n, 1/2), so [x(k), x(n+1-k)] (1-based) holds it
// with probability 1 - 2 P(B <= k-1). We take the narrowest such interval whose coverage is
// at least `level` (Conover, Practical Nonparametric Statistics, 3rd ed., section 3.2).
// Below n = 6 even [min, max] covers less than 95%: we return the full range and say so.
interval median_ci(std::span<const double> xs, double level) {
  const auto v = sorted(xs);
  const std::size_t n = v.size();
  if (n == 0) return {nan, nan, 0, true};
  const double alpha = 1 - level;
  std::size_t best_k = 0;
  double best_coverage = 0;
  double tail = 0;  // P(B <= k - 1), accumulated as k grows
  for (std::size_t k = 1; k <= (n + 1) / 2; ++k) {
    tail += binomial_half_pmf(n, k - 1);
    if (2 * tail > alpha) break;
    best_k = k;
    best_coverage = 1 - 2 * tail;
  }
  if (best_k == 0) return {v.front(), v.back(), std::max(0.0, 1 - 2 * binomial_half_pmf(n, 0)), true};
  return {v[best_k - 1], v[n - best_k], best_coverage, false};
}

// Outliers by the median absolute deviation: sigma ~ 1.4826 x MAD for normal data (1.4826 =
// 1 / Phi^-1(3/4)); a value is an outlier when |x - median| > k sigma (Leys et al. 2013,
// "Detecting outliers: Do not use standard deviation around the mean"). When more than half
// the values are equal MAD is 0; we then use the mean absolute deviation scaled by
// 1.2533 = sqrt(pi/2) (as in Iglewicz & Hoaglin's modified z-score), and when that is 0 too
// every value equals the median and none is an outlier.
std::vector<std::size_t> mad_outliers(std::span<const double> xs, double k) {
  std::vector<std::size_t> out;
  if (xs.size() < 3) return out;
  const double m = median(xs);
  std::vector<double> dev;
  for (double x : xs) dev.push_back(std::fabs(x - m));
  double sigma = 1.4826 * median(dev);
  if (sigma == 0) sigma = 1.2533 * mean(dev);
  if (sigma == 0) return out;
  for (std::size_t i = 0; i < xs.size(); ++i)
    if (dev[i] > k * sigma) out.push_back(i);
  return out;
}

// Mann-Whitney U (Wilcoxon rank-sum), two-sided. Ties get mid-ranks. For n1 + n2 <= 40 the
// p-value is exact: the permutation distribution of the rank sum given these (mid-)ranks,
// counted by dynamic programming, so it stays exact with ties. Above that, the normal
// approximation with tie-corrected variance and a continuity correction (Lehmann,
// Nonparametrics, 1975, ch. 1).
double mann_whitney_p(std::span<const double> a, std::span<const double> b) {
  const std::size_t n1 = a.size(), n2 = b.size(), n = n1 + n2;
  if (n1 == 0 || n2 == 0) return 1;
  std::vector<std::pair<double, bool>> pooled;  // value, from a
  for (double x : a) pooled.emplace_back(x, true);
  for (double x : b) pooled.emplace_back(x, false);
  std::sort(pooled.begin(), pooled.end(), [](const auto& l, const auto& r) { return l.first < r.first; });
  // Doubled mid-ranks are integers: a tie group over positions i..j-1 (0-based) gets i + j + 1.
  std::vector<long long> rank2(n);
  double tie_term = 0;  // sum over tie groups of t^3 - t
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i;
    while (j < n && pooled[j].first == pooled[i].first) ++j;
    for (std::size_t q = i; q < j; ++q) rank2[q] = static_cast<long long>(i + j + 1);
    const double t = static_cast<double>(j - i);
    tie_term += t * t * t - t;
    i = j;
  }
  long long w2 = 0;  // doubled rank sum of a
  for (std::size_t i = 0; i < n; ++i)
    if (pooled[i].second) w2 += rank2[i];
  const long long mean2 = static_cast<long long>(n1) * static_cast<long long>(n + 1);  // E[2W]
  const long long observed = std::llabs(w2 - mean2);

  if (n <= 40) {
    const long long max_sum = std::accumulate(rank2.begin(), rank2.end(), 0LL);
    // ways[k][s]: subsets of k of the ranks seen so far whose doubled sum is s.
    std::vector<std::vector<double>> ways(n1 + 1, std::vector<double>(static_cast<std::size_t>(max_sum) + 1, 0.0));
    ways[0][0] = 1;
    for (std::size_t i = 0; i < n; ++i) {
      const auto r = static_cast<std::size_t>(rank2[i]);
      for (std::size_t k = std::min(i + 1, n1); k >= 1; --k)
        for (std::size_t s = static_cast<std::size_t>(max_sum); s >= r; --s) ways[k][s] += ways[k - 1][s - r];
    }
    double extreme = 0;
    for (std::size_t s = 0; s <= static_cast<std::size_t>(max_sum); ++s)
      if (std::llabs(static_cast<long long>(s) - mean2) >= observed) extreme += ways[n1][s];
    return std::min(1.0, extreme / choose(n, n1));
  }

  const double dn1 = static_cast<double>(n1), dn2 = static_cast<double>(n2), dn = static_cast<double>(n);
  const double var = dn1 * dn2 / 12.0 * ((dn + 1) - tie_term / (dn * (dn - 1)));
  if (var <= 0) return 1;  // every value tied
  const double z = std::max(0.0, static_cast<double>(observed) / 2.0 - 0.5) / std::sqrt(var);
  return std::min(1.0, std::erfc(z / std::sqrt(2.0)));
}

double mann_whitney_min_p(std::size_t n1, std::size_t n2) {
  if (n1 == 0 || n2 == 0) return 1;
  return std::min(1.0, 2.0 / choose(n1 + n2, n1));
}

// Ordinary least squares: b = Sxy / Sxx, a = mean(y) - b mean(x), r^2 = 1 - SSres / SStot
// (r^2 = 1 when every y is equal and the line passes through them all).
// Ordinary least squares on centred sums, which keeps x in the millions (unit counts) and y in
// seconds accurate.
std::optional<line_fit> fit_line(std::span<const double> xs, std::span<const double> ys) {
  const std::size_t n = xs.size();
  if (n != ys.size() || n < 2) return std::nullopt;
  const double mx = mean(xs), my = mean(ys);
  double sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxx += (xs[i] - mx) * (xs[i] - mx);
    sxy += (xs[i] - mx) * (ys[i] - my);
  }
  if (sxx == 0) return std::nullopt;
  line_fit f;
  f.b = sxy / sxx;
  f.a = my - f.b * mx;
  double ss_res = 0;
  for (std::size_t i = 0; i < n; ++i) ss_res += (ys[i] - f.at(xs[i])) * (ys[i] - f.at(xs[i]));
  const double ss_tot = sum_sq_dev(ys, my);
  f.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res == 0 ? 1.0 : 0.0);
  return f;
}

double amdahl_fit::predict(double n) const { return 1.0 / (serial_fraction + (1 - serial_fraction) / n); }

// Amdahl's law (Amdahl 1967): speedup(n) = 1 / (f + (1 - f)/n). f minimises the squared
// error of the speedups themselves (not of a linearised form) over [0, 1]: a grid of 1001
// values finds the basin, golden-section search refines it.
std::optional<amdahl_fit> fit_amdahl(std::span<const double> n, std::span<const double> speedup) {
  const std::size_t m = std::min(n.size(), speedup.size());
  if (m < 2) return std::nullopt;
  const auto [lo_n, hi_n] = std::minmax_element(n.begin(), n.begin() + static_cast<std::ptrdiff_t>(m));
  if (*lo_n == *hi_n) return std::nullopt;
  auto sse = [&](double f) {
    double s = 0;
    for (std::size_t i = 0; i < m; ++i) {
      const double e = speedup[i] - amdahl_fit{f, 0}.predict(n[i]);
      s += e * e;
    }
    return s;
  };
  constexpr int grid = 1000;
  int best = 0;
  for (int i = 1; i <= grid; ++i)
    if (sse(i / double(grid)) < sse(best / double(grid))) best = i;
  double lo = std::max(0, best - 1) / double(grid), hi = std::min(grid, best + 1) / double(grid);
  const double g = (std::sqrt(5.0) - 1) / 2;
  for (int it = 0; it < 60; ++it) {
    const double c = hi - g * (hi - lo), d = lo + g * (hi - lo);
    if (sse(c) < sse(d)) hi = d;
    else lo = c;
  }
  amdahl_fit fit{(lo + hi) / 2, 0};
  if (sse(best / double(grid)) < sse(fit.serial_fraction)) fit.serial_fraction = best / double(grid);
  const double ss_tot = sum_sq_dev(speedup.first(m), mean(speedup.first(m)));
  const double ss_res = sse(fit.serial_fraction);
  fit.r2 = ss_tot > 0 ? 1 - ss_res / ss_tot : (ss_res < 1e-18 ? 1.0 : 0.0);
  return fit;
}

summary summarize(std::span<const double> xs) {
  summary s;
  s.n = xs.size();
  s.median = median(xs);
  s.min = min(xs);
  s.max = max(xs);
  s.mean = mean(xs);
  s.stddev = stddev(xs);
  s.cv = cv(xs);
  s.ci = median_ci(xs);
  s.outliers = mad_outliers(xs);
  return s;
}

}  // namespace lab::stats
