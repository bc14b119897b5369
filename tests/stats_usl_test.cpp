// The USL fit against the worked examples of the R package `usl` (Moeding, CRAN), which fits
// the same way (nonlinear least squares, X1 from the smallest load).
#include <doctest/doctest.h>

#include <vector>

#include "stats/usl.hpp"

using lab::stats::fit_usl;

TEST_CASE("USL: data made from sigma = kappa = 0.02 give them back (usl's tests/coef.R)") {
  const std::vector<double> n{1, 2, 4, 6, 8, 10};
  const std::vector<double> x{1, 1.8868, 3.0769, 3.5294, 3.5398, 3.3557};
  const auto f = fit_usl(n, x);
  REQUIRE(f);
  CHECK(f->sigma == doctest::Approx(0.02).epsilon(0.01));
  CHECK(f->kappa == doctest::Approx(0.02).epsilon(0.01));
  CHECK(f->r2 > 0.999);
  REQUIRE(f->peak_n());
  CHECK(*f->peak_n() == doctest::Approx(7.0).epsilon(0.01));  // sqrt(0.98 / 0.02)
}

// Gunther, Guerrilla Capacity Planning (2007), SPEC SDM91 on a 16-CPU Sun SPARCcenter 2000:
// users against scripts per hour; usl's README reports sigma = 1.705e-02, kappa = 7.892e-05.
TEST_CASE("USL: Gunther's SPEC SDM91 data set gives usl's published coefficients") {
  const std::vector<double> n{1, 18, 36, 72, 108, 144, 216};
  const std::vector<double> x{64.9, 995.9, 1652.4, 1853.2, 1828.9, 1775.0, 1702.2};
  const auto f = fit_usl(n, x);
  REQUIRE(f);
  CHECK(f->sigma == doctest::Approx(1.705e-02).epsilon(0.005));
  CHECK(f->kappa == doctest::Approx(7.892e-05).epsilon(0.005));
}

TEST_CASE("USL: too few distinct loads give no fit") {
  const std::vector<double> n{1, 2, 2};
  const std::vector<double> x{1, 2, 2};
  CHECK_FALSE(fit_usl(n, x));
}
