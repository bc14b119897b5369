#pragma once
// Comparing two samples while runs keep coming (adaptive repetitions): when to stop because
// the answer is in, and an interval for the ratio of their locations. Pure functions.
#include <cstddef>
#include <span>

namespace lab::stats {

// The nominal two-sided level to test at on each of `looks` equally spaced looks so that the
// chance of any false "different" over all of them stays at 0.05: Pocock's boundary (Pocock
// 1977; Jennison & Turnbull 2000, table 2.1), interpolated between its tabulated K and
// scaled down as 1/K beyond K = 20 (more conservative than Pocock).
double per_look_alpha(int looks);

// The ratio of b's location to a's (b / a): the Hodges-Lehmann shift of the logarithms with
// the distribution-free interval from the Mann-Whitney order statistics of the pairwise
// differences (normal approximation to the critical value). Infinite bounds when the samples
// are too small for the level; NaN estimate when a value is not positive.
struct ratio_interval {
  double estimate = 1, lo = 0, hi = 0;
};
ratio_interval ratio_ci(std::span<const double> a, std::span<const double> b, double level);

enum class pair_verdict {
  open,        // neither shown yet
  differ,      // Mann-Whitney p < alpha and the medians differ by more than `noise`
  equivalent,  // the (1 - 2 alpha) interval of the ratio lies within 1 / (1 + margin) .. 1 + margin
};
struct pair_judgement {
  pair_verdict kind = pair_verdict::open;
  double p = 1;
  ratio_interval ratio;  // of other to best
  std::size_t pairs = 0; // > 0: judged paired by round, from this many pairs
  double noise = 0;      // the smallest difference that counted
};
// `noise`: the smallest difference of medians that counts (at least margin; callers add the
// samples' CV). Two one-sided tests at alpha are what the (1 - 2 alpha) interval inside the
// margin means (Schuirmann 1987).
pair_judgement judge_pair(std::span<const double> best, std::span<const double> other, double alpha, double margin,
                          double noise);

// The same with each value's round. Where the two share at least min_pairs rounds, they are
// (and enough that the signed-rank test can reach alpha: 9 at alpha = 0.0075) they are
// judged paired by round (stats/paired.hpp): the signed-rank p and the Hodges-Lehmann
// interval of the per-round ratios, with the margin as the only noise floor (the samples'
// CVs, which a CPU or a minute that both variants shared inflates, are not the pairs'
// noise; the test weighs that). Unpaired otherwise.
inline constexpr std::size_t min_pairs = 6;
pair_judgement judge_pair(std::span<const double> best, std::span<const int> best_rounds,
                          std::span<const double> other, std::span<const int> other_rounds, double alpha,
                          double margin, double noise);

// Whether the 95% distribution-free interval of the median lies within ±margin of it (one
// point repeated until its figure is known well enough; needs at least 6 values).
bool median_within(std::span<const double> xs, double margin);

}  // namespace lab::stats
