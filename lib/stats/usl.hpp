#pragma once
// The Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", Springer 2007, ch. 4):
//   X(N) = X1 * N / (1 + sigma (N - 1) + kappa N (N - 1))
// sigma: contention (the part that serialises), kappa: coherency (the cost of agreeing, which
// makes throughput fall past a peak). Fitted as the R package `usl` fits it by default:
// nonlinear least squares on the throughputs, X1 fixed to the throughput at the smallest N.
#include <optional>
#include <span>

namespace lab::stats {

struct usl_fit {
  double sigma = 0;
  double kappa = 0;
  double x1 = 0;   // throughput at N = 1 (scaled from the smallest N measured)
  double r2 = 0;   // of the fitted throughputs against the measured ones
  double at(double n) const { return x1 * n / (1 + sigma * (n - 1) + kappa * n * (n - 1)); }
  // Where X(N) peaks: sqrt((1 - sigma) / kappa); nullopt when kappa is 0 (no peak).
  std::optional<double> peak_n() const;
};

// REQUIRES n.size() == x.size(), every n >= 1, every x > 0. nullopt unless at least three
// distinct N (two parameters and the scale).
std::optional<usl_fit> fit_usl(std::span<const double> n, std::span<const double> x);

}  // namespace lab::stats
