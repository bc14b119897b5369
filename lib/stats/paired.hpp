#pragma once
// Comparing two variants run by run, paired by round. A sweep runs every point once per
// round, shuffled, and pins a round's single-unit runs to one CPU: two runs of one round saw
// the same CPU and the same minute of the host. On a machine whose CPUs differ in speed, or
// whose speed drifts, the ratio within a round is far steadier than either variant's
// spread, so a paired test decides with fewer runs what an unpaired one cannot.
// Written here because Boost.Math has no signed-rank test. Pure functions.
#include <cstddef>
#include <span>
#include <vector>

namespace lab::stats {

struct paired_values {
  std::vector<double> a, b;  // a[i] and b[i] ran in the same round
};
// The values of rounds both have (each round counted once: its first value), in round order.
paired_values pair_by_round(std::span<const double> a, std::span<const int> a_rounds, std::span<const double> b,
                            std::span<const int> b_rounds);

// Two-sided Wilcoxon signed-rank p of the differences d (zeros dropped); exact from the
// statistic's distribution when there are no ties, normal approximation otherwise.
double signed_rank_p(std::span<const double> d);

// The smallest two-sided signed-rank p that n pairs can give.
double signed_rank_min_p(std::size_t n);

// b / a from pairs: exp of the Hodges-Lehmann estimate of the paired log-ratios (the median
// of their Walsh averages), with its distribution-free interval at `level`. Unbounded when
// too few pairs for the level; NaN estimate when a value is not positive.
struct paired_ratio {
  double estimate = 1, lo = 0, hi = 0;
  double p = 1;          // signed-rank p of the log-ratios
  double spread = 0;     // CV of the per-round ratios: the pairs' own noise
  std::size_t pairs = 0;
};
paired_ratio paired_ratio_ci(std::span<const double> a, std::span<const double> b, double level);

}  // namespace lab::stats
