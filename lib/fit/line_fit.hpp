#pragma once
// A straight line through measured points: y = intercept + slope * x by ordinary least
// squares (closed form on centred sums, which keeps x in the millions and y in seconds
// accurate), with the coefficient of determination r2 = 1 - SS_res / SS_tot.
#include <span>

namespace lab {

struct line_fit {
  double intercept = 0;
  double slope = 0;
  double r2 = 0;  // 1 = every point on the line; a constant y fitted exactly also gives 1
};

// REQUIRES: x.size() == y.size() >= 2 and at least two distinct x values; otherwise throws
// std::invalid_argument saying which.
line_fit fit_line(std::span<const double> x, std::span<const double> y);

}  // namespace lab
