#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "stats/stats.hpp"

using namespace lab::stats;
using v = std::vector<double>;

TEST_CASE("stats: median, min, max, mean on tiny samples") {
  CHECK(median(v{3, 1, 2}) == 2);
  CHECK(median(v{4, 1, 2, 3}) == 2.5);
  CHECK(median(v{7}) == 7);
  CHECK(std::isnan(median(v{})));
  CHECK(min(v{3, -1, 2}) == -1);
  CHECK(max(v{3, -1, 2}) == 3);
  CHECK(mean(v{1, 2, 3, 6}) == 3);
}

TEST_CASE("stats: sample standard deviation and CV") {
  // Population sd of this classic sample is 2; the sample sd is sqrt(32/7).
  const v xs{2, 4, 4, 4, 5, 5, 7, 9};
  CHECK(stddev(xs) == doctest::Approx(std::sqrt(32.0 / 7.0)));
  CHECK(cv(xs) == doctest::Approx(std::sqrt(32.0 / 7.0) / 5.0));
  CHECK(stddev(v{5}) == 0);
  CHECK(cv(v{5}) == 0);
  CHECK(stddev(v{3, 3, 3}) == 0);
  CHECK(cv(v{3, 3, 3}) == 0);
  CHECK(cv(v{0, 0}) == 0);
}

TEST_CASE("stats: median CI from order statistics") {
  SUBCASE("n = 1: the one value, no coverage") {
    auto ci = median_ci(v{4});
    CHECK(ci.lo == 4);
    CHECK(ci.hi == 4);
    CHECK(ci.too_few);
    CHECK(ci.coverage == 0);
  }
  SUBCASE("n = 5 is too few for 95%: the full range, 93.75%") {
    auto ci = median_ci(v{5, 1, 4, 2, 3});
    CHECK(ci.lo == 1);
    CHECK(ci.hi == 5);
    CHECK(ci.too_few);
    CHECK(ci.coverage == doctest::Approx(1 - 2.0 / 32));
  }
  SUBCASE("n = 6: the full range reaches 96.9%") {
    auto ci = median_ci(v{1, 2, 3, 4, 5, 6});
    CHECK(ci.lo == 1);
    CHECK(ci.hi == 6);
    CHECK_FALSE(ci.too_few);
    CHECK(ci.coverage == doctest::Approx(1 - 2.0 / 64));
  }
  SUBCASE("n = 10: second and ninth order statistics, 97.9%") {
    auto ci = median_ci(v{10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
    CHECK(ci.lo == 2);
    CHECK(ci.hi == 9);
    CHECK(ci.coverage == doctest::Approx(1 - 22.0 / 1024));
  }
  SUBCASE("all equal") {
    auto ci = median_ci(v{2, 2, 2, 2, 2, 2, 2});
    CHECK(ci.lo == 2);
    CHECK(ci.hi == 2);
  }
}

TEST_CASE("stats: MAD outliers") {
  CHECK(mad_outliers(v{1, 2, 3, 4, 100}) == std::vector<std::size_t>{4});
  CHECK(mad_outliers(v{1, 2, 3, 4, 5}).empty());
  CHECK(mad_outliers(v{3, 3, 3, 3}).empty());  // all equal: MAD = 0 and mean deviation = 0
  CHECK(mad_outliers(v{7}).empty());           // n = 1
  SUBCASE("MAD = 0 falls back to the mean absolute deviation") {
    // median 10, MAD 0; mean |dev| = 8, sigma = 10.03: 40 > 3 sigma.
    CHECK(mad_outliers(v{10, 10, 10, 10, 50}) == std::vector<std::size_t>{4});
    // median 1, MAD 0; mean |dev| = 0.4, sigma = 0.50: a step of 1 is within 3 sigma.
    CHECK(mad_outliers(v{1, 1, 1, 2, 2}).empty());
  }
}

TEST_CASE("stats: Mann-Whitney U, exact for small samples") {
  CHECK(mann_whitney_p(v{1, 2, 3}, v{4, 5, 6}) == doctest::Approx(0.1));  // 2 / C(6,3)
  CHECK(mann_whitney_p(v{4, 5, 6}, v{1, 2, 3}) == doctest::Approx(0.1));
  CHECK(mann_whitney_p(v{1, 2, 3, 4, 5}, v{6, 7, 8, 9, 10}) == doctest::Approx(2.0 / 252));
  CHECK(mann_whitney_p(v{1.0, 1.1, 1.2, 1.3}, v{1.15, 1.25, 1.35, 1.45}) == doctest::Approx(0.2));
  // Ties: checked against a brute-force enumeration of all C(10,5) splits.
  CHECK(mann_whitney_p(v{1, 2, 2, 3, 5}, v{2, 3, 4, 4, 6}) == doctest::Approx(2.0 / 9));
  CHECK(mann_whitney_p(v{1, 1, 1}, v{1, 1, 1}) == 1);
  CHECK(mann_whitney_p(v{1}, v{2}) == 1);
  CHECK(mann_whitney_p(v{}, v{2}) == 1);
  CHECK(mann_whitney_min_p(3, 3) == doctest::Approx(0.1));
  CHECK(mann_whitney_min_p(5, 5) == doctest::Approx(2.0 / 252));
  CHECK(mann_whitney_min_p(1, 1) == 1);
}

TEST_CASE("stats: Mann-Whitney U, normal approximation with ties for large samples") {
  v a, b;
  for (int i = 0; i < 25; ++i) {
    a.push_back(i % 7);
    b.push_back(i % 7 + 1);
  }
  // Tie-corrected variance, continuity correction (same formula as scipy's asymptotic method).
  CHECK(mann_whitney_p(a, b) == doctest::Approx(0.0998875393).epsilon(1e-6));
  CHECK(mann_whitney_p(v(30, 2.0), v(30, 2.0)) == 1);
}

TEST_CASE("stats: least-squares line") {
  auto f = fit_line(v{0, 1, 2}, v{1, 3, 5});
  REQUIRE(f);
  CHECK(f->a == doctest::Approx(1));
  CHECK(f->b == doctest::Approx(2));
  CHECK(f->r2 == doctest::Approx(1));
  auto g = fit_line(v{1, 2, 3, 4}, v{2, 1, 4, 3});  // b = 0.6, a = 1, r^2 = 0.36
  REQUIRE(g);
  CHECK(g->b == doctest::Approx(0.6));
  CHECK(g->a == doctest::Approx(1));
  CHECK(g->r2 == doctest::Approx(0.36));
  auto flat = fit_line(v{1, 2, 3}, v{4, 4, 4});
  REQUIRE(flat);
  CHECK(flat->b == 0);
  CHECK(flat->r2 == 1);
  CHECK_FALSE(fit_line(v{1}, v{2}));
  CHECK_FALSE(fit_line(v{2, 2}, v{1, 3}));
}

TEST_CASE("stats: Amdahl fit recovers the serial fraction") {
  const v n{1, 2, 4, 8};
  v s;
  for (double k : n) s.push_back(1 / (0.1 + 0.9 / k));
  auto f = fit_amdahl(n, s);
  REQUIRE(f);
  CHECK(f->serial_fraction == doctest::Approx(0.1).epsilon(1e-6));
  CHECK(f->r2 == doctest::Approx(1));
  CHECK(f->predict(16) == doctest::Approx(6.4));
  CHECK(f->predict(1) == doctest::Approx(1));
  SUBCASE("perfect scaling is f = 0, no scaling f = 1") {
    CHECK(fit_amdahl(v{1, 2}, v{1, 2})->serial_fraction == doctest::Approx(0).epsilon(1e-9));
    CHECK(fit_amdahl(v{1, 2, 4}, v{1, 1, 1})->serial_fraction == doctest::Approx(1));
    // Superlinear speedups clamp at f = 0.
    CHECK(fit_amdahl(v{1, 2}, v{1, 2.5})->serial_fraction == doctest::Approx(0).epsilon(1e-9));
  }
  CHECK_FALSE(fit_amdahl(v{2, 2}, v{1.5, 1.6}));
  CHECK_FALSE(fit_amdahl(v{1}, v{1}));
}

TEST_CASE("stats: summarize a sample with an outlier") {
  auto s = summarize(v{1.0, 1.01, 0.99, 1.0, 2.0});
  CHECK(s.n == 5);
  CHECK(s.median == 1.0);
  CHECK(s.min == 0.99);
  CHECK(s.max == 2.0);
  CHECK(s.outliers == std::vector<std::size_t>{4});
  CHECK(s.ci.too_few);
}
