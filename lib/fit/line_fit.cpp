#include "fit/line_fit.hpp"

#include <stdexcept>
#include <string>

namespace lab {

line_fit fit_line(std::span<const double> x, std::span<const double> y) {
  if (x.size() != y.size())
    throw std::invalid_argument("fit_line: " + std::to_string(x.size()) + " x values but " +
                                std::to_string(y.size()) + " y values");
  if (x.size() < 2) throw std::invalid_argument("fit_line: needs at least 2 points");
  const double n = static_cast<double>(x.size());
  double mx = 0, my = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  double sxx = 0, sxy = 0, syy = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double dx = x[i] - mx, dy = y[i] - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (sxx == 0) throw std::invalid_argument("fit_line: every x is the same, so no slope can be fitted");
  line_fit f;
  f.slope = sxy / sxx;
  f.intercept = my - f.slope * mx;
  double ss_res = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double r = y[i] - (f.intercept + f.slope * x[i]);
    ss_res += r * r;
  }
  // A constant y: the fitted line is that constant, and it explains y exactly.
  f.r2 = syy == 0 ? 1.0 : 1.0 - ss_res / syy;
  return f;
}

}  // namespace lab
