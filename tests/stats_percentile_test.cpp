#include <doctest/doctest.h>

#include <vector>

#include "stats/stats.hpp"

using lab::stats::percentile;
using v = std::vector<double>;

TEST_CASE("stats: percentiles interpolate between closest ranks (R and NumPy's default)") {
  CHECK(percentile(v{5}, 0) == 5);
  CHECK(percentile(v{5}, 50) == 5);
  CHECK(percentile(v{5}, 100) == 5);
  CHECK(percentile(v{1, 2}, 50) == doctest::Approx(1.5));
  CHECK(percentile(v{1, 2, 3, 4}, 50) == doctest::Approx(2.5));
  CHECK(percentile(v{1, 2, 3, 4, 5}, 90) == doctest::Approx(4.6));  // numpy.percentile([1..5], 90)
  CHECK(percentile(v{1, 2, 3, 4, 5}, 0) == 1);
  CHECK(percentile(v{1, 2, 3, 4, 5}, 100) == 5);
  CHECK(percentile(v{10, 10, 10}, 99) == 10);
}
