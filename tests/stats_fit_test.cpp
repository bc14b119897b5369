#include <doctest/doctest.h>

#include <vector>

#include "stats/stats.hpp"

using namespace lab::stats;

TEST_CASE("stats: fit_line recovers an exact line") {
  const std::vector<double> x{1, 2, 3, 4}, y{5, 8, 11, 14};  // y = 2 + 3x
  const line_fit f = *fit_line(x, y);
  CHECK(f.b == doctest::Approx(3.0));
  CHECK(f.a == doctest::Approx(2.0));
  CHECK(f.r2 == doctest::Approx(1.0));
}

TEST_CASE("stats: fit_line on a hand-solved sample") {
  // x = 0, 1, 2; y = 0, 1, 1: slope 1/2, intercept 1/6; residuals -1/6, 1/3, -1/6 give
  // SS_res = 1/6 against SS_tot = 2/3, so r2 = 3/4.
  const std::vector<double> x{0, 1, 2}, y{0, 1, 1};
  const line_fit f = *fit_line(x, y);
  CHECK(f.b == doctest::Approx(0.5));
  CHECK(f.a == doctest::Approx(1.0 / 6));
  CHECK(f.r2 == doctest::Approx(0.75));
}

TEST_CASE("stats: fit_line with two points, a constant y, and a flat cloud") {
  const std::vector<double> two_x{10, 20}, two_y{1, 3};
  CHECK(fit_line(two_x, two_y)->b == doctest::Approx(0.2));
  CHECK(fit_line(two_x, two_y)->r2 == doctest::Approx(1.0));

  const std::vector<double> x{1, 2, 3}, same{4, 4, 4};
  const line_fit c = *fit_line(x, same);
  CHECK(c.b == 0.0);
  CHECK(c.a == doctest::Approx(4.0));
  CHECK(c.r2 == 1.0);

  // Symmetric about the mean of x: no linear trend at all, so r2 = 0.
  const std::vector<double> vx{-1, 0, 1}, vy{1, 0, 1};
  const line_fit v = *fit_line(vx, vy);
  CHECK(v.b == doctest::Approx(0.0));
  CHECK(v.r2 == doctest::Approx(0.0));
}

TEST_CASE("stats: fit_line stays exact on spawn-like scales") {
  // Unit counts up to a million against seconds: 1 us fixed plus 50 ns per unit.
  const std::vector<double> x{1, 3, 10, 30, 100, 1e3, 1e4, 1e5, 1e6};
  std::vector<double> y;
  for (double n : x) y.push_back(1e-6 + 5e-8 * n);
  const line_fit f = *fit_line(x, y);
  CHECK(f.b == doctest::Approx(5e-8).epsilon(1e-9));
  CHECK(f.a == doctest::Approx(1e-6).epsilon(1e-6));
  CHECK(f.r2 == doctest::Approx(1.0));
}

TEST_CASE("stats: fit_line rejects what it cannot fit") {
  const std::vector<double> one{1}, two{1, 2}, three{1, 2, 3}, flat_x{5, 5, 5};
  CHECK_FALSE(fit_line(one, one));
  CHECK_FALSE(fit_line(two, three));
  CHECK_FALSE(fit_line(flat_x, three));
}
