// Order statistics of pairwise differences and Walsh averages found without forming them
// (stats/pairwise.hpp), against the full sorted lists, and the intervals built on them at
// sizes whose full lists would not fit in memory.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "stats/paired.hpp"
#include "stats/pairwise.hpp"
#include "stats/sequential.hpp"

using namespace lab::stats;

namespace {

std::vector<double> sample(std::mt19937_64& rng, std::size_t n, bool ties) {
  std::normal_distribution<double> z(0.0, 1.0);
  std::vector<double> v;
  for (std::size_t i = 0; i < n; ++i) v.push_back(ties ? std::round(z(rng) * 3) / 4 : z(rng));
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

TEST_CASE("pairwise: every order statistic is the very value the full sorted list holds") {
  std::mt19937_64 rng(7);
  for (bool ties : {false, true})
    for (std::size_t n : {1, 2, 5, 17}) {
      const auto a = sample(rng, n, ties), b = sample(rng, n + 3, ties);
      std::vector<double> diffs, walsh;
      for (double x : a)
        for (double y : b) diffs.push_back(y - x);
      for (std::size_t i = 0; i < a.size(); ++i)
        for (std::size_t j = i; j < a.size(); ++j) walsh.push_back((a[i] + a[j]) / 2);
      std::sort(diffs.begin(), diffs.end());
      std::sort(walsh.begin(), walsh.end());
      for (std::size_t k = 0; k < diffs.size(); ++k) CHECK(kth_difference(a, b, k) == diffs[k]);
      for (std::size_t k = 0; k < walsh.size(); ++k) CHECK(kth_walsh_average(a, k) == walsh[k]);
      const std::size_t h = walsh.size() / 2;
      CHECK(median_walsh_average(a) == (walsh.size() % 2 ? walsh[h] : (walsh[h - 1] + walsh[h]) / 2));
    }
}

// On main, ratio_ci formed all n x m log-ratios (8 x 10^10 bytes here) and paired_ratio_ci all
// n(n+1)/2 Walsh averages: both threw std::bad_alloc (a report of 200,000 runs on 9 points died so).
TEST_CASE("pairwise: the intervals of 100,000 runs a side need memory for the runs alone") {
  std::vector<double> a, b;
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> spread(0.0, 0.03);
  for (int i = 0; i < 100000; ++i) {
    a.push_back(spread(rng));
    b.push_back(1.10 * spread(rng));
  }
  const auto r = ratio_ci(a, b, 0.95);
  CHECK(r.estimate == doctest::Approx(1.10).epsilon(0.01));
  CHECK(r.lo < r.estimate);
  CHECK(r.hi > r.estimate);
  CHECK(r.hi / r.lo < 1.01);
  const auto p = paired_ratio_ci(a, b, 0.95);
  CHECK(p.pairs == 100000);
  CHECK(p.estimate == doctest::Approx(1.10).epsilon(0.01));
  CHECK(p.lo < p.estimate);
  CHECK(p.hi > p.estimate);
}
