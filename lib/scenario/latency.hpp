#pragma once
// Statistics of a run's per-request latencies.
#include <vector>

namespace lab {

// The p-th percentile (0 <= p <= 100) by linear interpolation between the closest ranks
// (Hyndman & Fan 1996, definition 7: the default of R and NumPy), so p50 of {1, 2} is 1.5.
// REQUIRES: `sorted` is non-empty and sorted ascending.
double percentile(const std::vector<double>& sorted, double p);

}  // namespace lab
