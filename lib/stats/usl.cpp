#include "stats/usl.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <set>
#include <vector>

#include <boost/math/tools/minima.hpp>

#include "stats/stats.hpp"

namespace lab::stats {

std::optional<double> usl_fit::peak_n() const {
  if (kappa <= 0 || sigma >= 1) return std::nullopt;
  return std::sqrt((1 - sigma) / kappa);
}

namespace {

double squared_error(const usl_fit& f, std::span<const double> n, std::span<const double> x) {
  double e = 0;
  for (std::size_t i = 0; i < n.size(); ++i) e += (f.at(n[i]) - x[i]) * (f.at(n[i]) - x[i]);
  return e;
}

// The best kappa for a sigma: a one-dimensional minimum, found by Brent's method.
double best_kappa(usl_fit f, std::span<const double> n, std::span<const double> x, double kappa_max) {
  std::uintmax_t iterations = 200;
  return boost::math::tools::brent_find_minima(
             [&](double k) {
               f.kappa = k;
               return squared_error(f, n, x);
             },
             0.0, kappa_max, 40, iterations)
      .first;
}

}  // namespace

// Two parameters, a smooth error: nested one-dimensional minimisations (Brent's method from
// Boost.Math) find the least-squares pair without a hand-written Gauss-Newton; sigma lies in
// [0, 1], and kappa past 1 / N_max^2 * 100 would put the peak far below the smallest load
// measured beyond 1, so that bounds its search.
std::optional<usl_fit> fit_usl(std::span<const double> n, std::span<const double> x) {
  if (n.size() != x.size() || std::set<double>(n.begin(), n.end()).size() < 3) return std::nullopt;
  const auto lowest = std::min_element(n.begin(), n.end()) - n.begin();
  usl_fit f;
  f.x1 = x[lowest] / n[lowest];  // X(N) is about X1 * N at small N: scale to N = 1
  const double n_max = *std::max_element(n.begin(), n.end());
  const double kappa_max = std::max(1.0, 100.0 / (n_max * n_max));
  std::uintmax_t iterations = 200;
  f.sigma = boost::math::tools::brent_find_minima(
                [&](double s) {
                  usl_fit g = f;
                  g.sigma = s;
                  g.kappa = best_kappa(g, n, x, kappa_max);
                  return squared_error(g, n, x);
                },
                0.0, 1.0, 40, iterations)
                .first;
  f.kappa = best_kappa(f, n, x, kappa_max);
  const double m = mean(x);
  double total = 0;
  for (double v : x) total += (v - m) * (v - m);
  f.r2 = total > 0 ? 1 - squared_error(f, n, x) / total : 1;
  return f;
}

}  // namespace lab::stats
