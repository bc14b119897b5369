#pragma once
// Order statistics of all pairwise differences and Walsh averages without forming them: the
// Hodges-Lehmann estimates and their intervals need a few order statistics of n x m (or
// n(n+1)/2) values, which at 20,000 runs a point are 10^8 to 10^9 doubles. Each order
// statistic is found by bisection over the doubles themselves (their bit patterns, ordered),
// counting the pairs at or below a candidate in one linear pass of two sorted inputs: about
// 64 passes, O((n + m) log) time and no memory beyond the inputs, and exact: the value
// returned is the very double the full sort would hold at that place. Written here because
// neither Boost.Math nor the standard library has this selection. Pure functions.
#include <cstddef>
#include <span>

namespace lab::stats {

// The k-th smallest (0-based) of b[j] - a[i] over every i, j; a and b sorted ascending,
// finite, k < a.size() * b.size().
double kth_difference(std::span<const double> a, std::span<const double> b, std::size_t k);

// The k-th smallest (0-based) of (d[i] + d[j]) / 2 over every i <= j; d sorted ascending,
// finite, k < n(n+1)/2.
double kth_walsh_average(std::span<const double> d, std::size_t k);

// The median of all b[j] - a[i] (the mean of the two middle ones for an even count), as the
// median of the full list would be.
double median_difference(std::span<const double> a, std::span<const double> b);
// The median of all Walsh averages of d.
double median_walsh_average(std::span<const double> d);

}  // namespace lab::stats
