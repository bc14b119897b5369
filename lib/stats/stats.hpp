#pragma once
// Statistics for repeated runs: pure functions over samples, no I/O. Each function cites
// its method once, in stats.cpp. An empty sample gives NaN where a number is returned.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

namespace lab::stats {

// Two medians closer than this ratio (or than either side's CV) are within noise: the
// smallest difference the lab calls a difference, and the equivalence margin (±2%).
inline constexpr double min_effect = 0.02;

double median(std::span<const double> xs);
double min(std::span<const double> xs);
double max(std::span<const double> xs);
double mean(std::span<const double> xs);
// The p-th percentile (0 <= p <= 100) by linear interpolation between the closest ranks.
// REQUIRES: `sorted` is non-empty and sorted ascending.
double percentile(std::span<const double> sorted, double p);
// Sample standard deviation (n - 1 in the denominator); 0 for n < 2.
double stddev(std::span<const double> xs);
// stddev / |mean|: 0 for n < 2 or when every value is 0.
double cv(std::span<const double> xs);

// A distribution-free interval around the median: two order statistics.
struct interval {
  double lo = 0;
  double hi = 0;
  double coverage = 0;   // the probability the interval holds the true median
  bool too_few = false;  // n is too small for the asked level: [min, max], covering less
};
interval median_ci(std::span<const double> xs, double level = 0.95);

// Indices of the values farther than k robust sigmas (1.4826 x MAD) from the median.
std::vector<std::size_t> mad_outliers(std::span<const double> xs, double k = 3.0);

// Two-sided p-value that samples a and b come from the same distribution (Mann-Whitney U).
// 1 when either sample is empty.
double mann_whitney_p(std::span<const double> a, std::span<const double> b);
// The smallest p-value samples of these sizes can give (complete separation, no ties):
// when it is >= 0.05 no data can show a significant difference.
double mann_whitney_min_p(std::size_t n1, std::size_t n2);

// y = a + b x by ordinary least squares.
struct line_fit {
  double a = 0;
  double b = 0;
  double r2 = 0;
  double at(double x) const { return a + b * x; }
};
// nullopt for sizes that differ, fewer than 2 points, or every x equal (no slope to fit).
std::optional<line_fit> fit_line(std::span<const double> xs, std::span<const double> ys);

// Amdahl's law: speedup(n) = 1 / (f + (1 - f) / n), f the serial fraction in [0, 1].
struct amdahl_fit {
  double serial_fraction = 0;
  double r2 = 0;  // of the fitted speedups against the measured ones
  double predict(double n) const;
};
// REQUIRES n.size() == speedup.size(), every n >= 1. nullopt unless at least two distinct n.
std::optional<amdahl_fit> fit_amdahl(std::span<const double> n, std::span<const double> speedup);

// Everything a report shows about one set of repeated measurements.
struct summary {
  std::size_t n = 0;
  double median = 0, min = 0, max = 0, mean = 0, stddev = 0, cv = 0;
  interval ci;
  std::vector<std::size_t> outliers;
};
summary summarize(std::span<const double> xs);

}  // namespace lab::stats
