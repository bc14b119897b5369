#include <doctest/doctest.h>

#include <cmath>

#include "core/error.hpp"
#include "workload/sum.hpp"

using namespace lab;

TEST_CASE("workload: a task total is a pure function of (dist, seed, task, samples)") {
  for (dist d : {dist::uniform, dist::gauss}) {
    CHECK(task_total(d, 7, 3, 100000) == task_total(d, 7, 3, 100000));
    CHECK(task_total(d, 7, 3, 100000) != task_total(d, 7, 4, 100000));
    CHECK(task_total(d, 7, 3, 100000) != task_total(d, 8, 3, 100000));
  }
  CHECK(task_total(dist::uniform, 1, 0, 0) == 0.0);
}

TEST_CASE("workload: sums are statistically sane") {
  const double n = 1e6;
  const double u = uniform_sum(1, 0, 1000000);
  CHECK(std::fabs(u / n - 0.5) < 0.002);         // mean 1/2, sd of the mean 0.00029
  const double g = gaussian_sum(1, 0, 1000000);
  CHECK(std::fabs(g / n) < 0.005);               // mean 0, sd of the mean 0.001
}

TEST_CASE("workload: any chunking gives the bit-identical total of one pass") {
  for (dist d : {dist::uniform, dist::gauss}) {
    const std::uint64_t n = 100003;
    const double one_pass = task_total(d, 42, 5, n);
    for (std::uint64_t chunk : {1ULL, 2ULL, 3ULL, 7ULL, 1000ULL, 99999ULL, 200000ULL}) {
      sum_state s(d, 42, 5, n);
      std::uint64_t steps = 0;
      while (!s.done()) {
        CHECK(s.advance(chunk) > 0);
        ++steps;
      }
      CAPTURE(chunk);
      CHECK(s.total() == one_pass);
      CHECK(steps == (n + chunk - 1) / chunk);
    }
  }
}

TEST_CASE("workload: dist names") {
  CHECK(parse_dist("uniform") == dist::uniform);
  CHECK(parse_dist("gauss") == dist::gauss);
  CHECK_THROWS_AS(parse_dist("poisson"), usage_error);
}
