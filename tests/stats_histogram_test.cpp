#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "stats/histogram.hpp"

using lab::stats::histogram;

namespace {
// The exact nearest-rank percentile the histogram approximates.
double exact(std::vector<double> xs, double p) {
  std::sort(xs.begin(), xs.end());
  const auto rank = std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(xs.size()))));
  return xs[rank - 1];
}
}  // namespace

TEST_CASE("stats: the histogram's percentiles are within its error bound of the exact ones") {
  std::mt19937_64 rng(7);
  // Latencies over eight decades (100 ns to 10 s), heavy-tailed like the network's, plus a
  // uniform sample and a few exact small integers of nanoseconds.
  std::lognormal_distribution<double> lognormal(std::log(1e-3), 2.0);
  std::uniform_real_distribution<double> uniform(0.0, 0.2);
  for (int kind = 0; kind < 3; ++kind) {
    CAPTURE(kind);
    std::vector<double> xs;
    histogram h;
    for (int i = 0; i < 100000; ++i) {
      double x = kind == 0 ? std::clamp(lognormal(rng), 1e-7, 10.0) : kind == 1 ? uniform(rng) : (i % 97) * 1e-9;
      xs.push_back(x);
      h.record(x);
    }
    CHECK(h.count() == xs.size());
    for (double p : {1.0, 10.0, 50.0, 90.0, 99.0, 99.9, 99.99}) {
      CAPTURE(p);
      const double e = exact(xs, p);
      CHECK(std::abs(h.percentile(p) - e) <= e * histogram::max_relative_error + 1e-9);
    }
    CHECK(h.percentile(100) == doctest::Approx(*std::max_element(xs.begin(), xs.end())).epsilon(1e-9));
    CHECK(h.max() == h.percentile(100));
  }
}

TEST_CASE("stats: histograms merge into the histogram of all the values, empty reads 0") {
  histogram a, b, all;
  for (int i = 1; i <= 1000; ++i) {
    (i % 2 ? a : b).record(i * 1e-3);
    all.record(i * 1e-3);
  }
  a.merge(b);
  CHECK(a.count() == 1000);
  for (double p : {50.0, 99.0, 100.0}) CHECK(a.percentile(p) == all.percentile(p));
  CHECK(a.percentile(50) == doctest::Approx(0.5).epsilon(histogram::max_relative_error));
  CHECK(a.mean() == doctest::Approx(0.5005).epsilon(1e-6));
  histogram empty;
  CHECK(empty.percentile(99) == 0);
  CHECK(empty.count() == 0);
}
