// Paired-by-round comparison (stats/paired.hpp) and its use in judge_pair.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "stats/paired.hpp"
#include "stats/sequential.hpp"

using namespace lab::stats;

TEST_CASE("paired: the signed-rank p is exact without ties and 1 for a symmetric sample") {
  const std::vector<double> all_up{1, 2, 3, 4, 5, 6};
  CHECK(signed_rank_p(all_up) == doctest::Approx(2.0 / 64));
  CHECK(signed_rank_min_p(6) == doctest::Approx(2.0 / 64));
  const std::vector<double> one_down{-1, 2, 3, 4, 5, 6};  // T- = 1: P(T <= 1) = 2/64
  CHECK(signed_rank_p(one_down) == doctest::Approx(4.0 / 64));
  const std::vector<double> symmetric{1, -1, 2, -2, 3, -3};
  CHECK(signed_rank_p(symmetric) == doctest::Approx(1.0));
  CHECK(signed_rank_p(std::vector<double>{0, 0}) == 1.0);
}

TEST_CASE("paired: pairs are the rounds both have, in round order, the first value of a round") {
  const std::vector<double> a{10, 11, 12, 13}, b{20, 21, 22};
  const std::vector<int> ra{3, 0, 1, 1}, rb{1, 3, 7};
  const auto p = pair_by_round(a, ra, b, rb);
  CHECK(p.a == std::vector<double>{12, 10});
  CHECK(p.b == std::vector<double>{20, 21});
}

TEST_CASE("paired: the Hodges-Lehmann interval cuts the signed-rank critical count of Walsh averages") {
  // Six pairs whose log-ratios are 0.01 .. 0.06: at 90%, k = 3 (P(T+ <= 2) = 4/64 <= 0.05).
  std::vector<double> a, b;
  for (int i = 1; i <= 6; ++i) {
    a.push_back(1.0);
    b.push_back(std::exp(0.01 * i));
  }
  const auto r = paired_ratio_ci(a, b, 0.90);
  CHECK(r.pairs == 6);
  CHECK(std::log(r.estimate) == doctest::Approx(0.035));
  CHECK(std::log(r.lo) == doctest::Approx(0.02));  // the third smallest Walsh average (0.01, 0.015, 0.02)
  CHECK(std::log(r.hi) == doctest::Approx(0.05));
  CHECK(paired_ratio_ci(std::vector<double>{1, 1}, std::vector<double>{1, 1}, 0.90).hi == INFINITY);
}

TEST_CASE("paired: a host whose speed drifts by 50% hides a 1% difference from an unpaired test, not from a paired one") {
  // Round r ran both variants at the host's speed of that minute; the other is 1% slower, ±0.3%.
  std::vector<double> best, other;
  std::vector<int> rounds;
  const double jitter[] = {0.003, -0.002, 0.001, -0.003, 0.002, 0.0, -0.001, 0.003, -0.002, 0.001, 0.0, -0.001};
  for (int r = 0; r < 12; ++r) {
    const double cpu = 1 + 0.5 * std::fmod(r * 0.618034, 1.0);
    best.push_back(cpu * (1 + jitter[r] / 2));
    other.push_back(cpu * 1.01 * (1 + jitter[(r + 5) % 12]));
    rounds.push_back(r);
  }
  const auto unpaired = judge_pair(best, other, 0.05, 0.02, 0.0);
  CHECK(unpaired.pairs == 0);
  CHECK(unpaired.kind == pair_verdict::open);
  const auto paired = judge_pair(best, rounds, other, rounds, 0.05, 0.02, 0.0);
  CHECK(paired.pairs == 12);
  CHECK(paired.kind == pair_verdict::equivalent);
  CHECK(paired.ratio.estimate == doctest::Approx(1.01).epsilon(0.003));

  // 5% slower in every round is a difference, however far apart the CPUs are.
  std::vector<double> slower;
  for (std::size_t i = 0; i < best.size(); ++i) slower.push_back(best[i] * 1.05 * (1 + jitter[i] / 3));
  const auto differ = judge_pair(best, rounds, slower, rounds, 0.05, 0.02, 0.3);
  CHECK(differ.kind == pair_verdict::differ);
  // Too few shared rounds: unpaired.
  const std::vector<int> other_rounds{20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31};
  CHECK(judge_pair(best, rounds, other, other_rounds, 0.05, 0.02, 0.0).pairs == 0);
}
