// Adaptive repetitions: the sequential statistics, the config keys, and which runs a sweep
// still wants once comparisons are decided.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "stats/sequential.hpp"
#include "sweep/adaptive.hpp"
#include "sweep/config.hpp"
#include "temp_dir.hpp"

using namespace lab;

TEST_CASE("sequential: the per-look level falls as looks are added, and is 0.05 for one look") {
  CHECK(stats::per_look_alpha(1) == 0.05);
  CHECK(stats::per_look_alpha(5) == doctest::Approx(0.0158));
  double last = 1;
  for (int k = 1; k <= 60; ++k) {
    CHECK(stats::per_look_alpha(k) < last);
    CHECK(stats::per_look_alpha(k) >= 0.05 / k);  // never stricter than Bonferroni
    last = stats::per_look_alpha(k);
  }
}

TEST_CASE("sequential: the ratio interval holds the true ratio of shifted samples and narrows with runs") {
  std::vector<double> a, b;
  for (int i = 0; i < 20; ++i) {
    const double noise = 1 + ((i * 7) % 11 - 5) * 0.002;  // ±1%, spread evenly
    a.push_back(10 * noise);
    b.push_back(11 * noise);
  }
  const auto r = stats::ratio_ci(a, b, 0.9);
  CHECK(r.estimate == doctest::Approx(1.1).epsilon(0.001));
  CHECK(r.lo <= 1.1);
  CHECK(r.hi >= 1.1);
  const auto few = stats::ratio_ci(std::span(a).first(2), std::span(b).first(2), 0.9);
  CHECK(few.hi == std::numeric_limits<double>::infinity());  // two runs each cannot bound it
  CHECK(std::isnan(stats::ratio_ci(std::vector<double>{0.0, 1.0}, b, 0.9).estimate));
}

TEST_CASE("sequential: a pair is different, equivalent within the margin, or still open") {
  std::vector<double> a, same, far;
  for (int i = 0; i < 12; ++i) {
    const double noise = 1 + ((i * 5) % 7 - 3) * 0.001;
    a.push_back(1.0 * noise);
    same.push_back(1.002 * noise);
    far.push_back(1.3 * noise);
  }
  CHECK(stats::judge_pair(a, far, 0.01, 0.02, 0.0).kind == stats::pair_verdict::differ);
  CHECK(stats::judge_pair(a, same, 0.01, 0.02, 0.0).kind == stats::pair_verdict::equivalent);
  CHECK(stats::judge_pair(std::span(a).first(3), std::span(far).first(3), 0.01, 0.02, 0.0).kind ==
        stats::pair_verdict::open);  // 3 vs 3 cannot reach p < 0.01
  CHECK(stats::median_within(a, 0.02));
  CHECK_FALSE(stats::median_within(std::span(a).first(3), 0.02));  // too few for a 95% interval
}

TEST_CASE("config: reps = auto with its bounds, the bounds alone are an error") {
  lab::test::temp_dir dir;
  const auto e = read_config(dir.write("a.ini", "[e]\nscenario = sleep\nreps = auto\nmin_reps = 4\nmax_reps = 12\n"
                                                "budget = 20\n"))[0];
  REQUIRE(e.adaptive);
  CHECK(e.adaptive->min_reps == 4);
  CHECK(e.adaptive->max_reps == 12);
  CHECK(e.adaptive->budget == std::chrono::seconds(20));
  CHECK(e.reps == 12);  // rounds planned
  const auto d = read_config(dir.write("d.ini", "[e]\nscenario = sleep\nreps = auto\n"))[0];
  CHECK(d.adaptive->min_reps == 3);
  CHECK(d.adaptive->max_reps == 30);
  CHECK_THROWS_WITH_AS(read_config(dir.write("b.ini", "[e]\nscenario = sleep\nmax_reps = 5\n")),
                       doctest::Contains("key 'max_reps': needs reps = auto"), usage_error);
  CHECK_THROWS_WITH_AS(read_config(dir.write("c.ini", "[e]\nscenario = sleep\nreps = auto\nmin_reps = 9\nmax_reps = 5\n")),
                       doctest::Contains("is below min_reps"), usage_error);
}

namespace {

plan_entry entry(const std::string& model, int rep, const std::string& point, adaptive_reps a) {
  plan_entry e;
  e.experiment = "e";
  e.request.model = model;
  e.request.scenario = "sleep";
  e.params = {{"ms", 10}};
  e.point = point;
  e.rep = rep;
  e.adaptive = a;
  return e;
}

record run_of(double wall) {
  record r;
  r.wall_s = wall;
  return r;
}

// Runs rounds of two models whose walls are `a` and `b`, times a deterministic noise of up
// to ±2 `noise`; returns how many runs each round ran.
std::vector<int> rounds_run(double a, double b, adaptive_reps limits, double noise = 0.001) {
  adaptive_rounds rounds;
  std::vector<int> ran;
  for (int rep = 0; rep < limits.max_reps; ++rep) {
    int n = 0;
    for (const auto& [model, wall] : {std::pair<std::string, double>{"threads", a}, {"async", b}}) {
      const auto e = entry(model, rep, model, limits);
      if (!rounds.wanted(e)) continue;
      ++n;
      const int k = model == "threads" ? rep * 7 : rep * 3 + 1;
      rounds.recorded(e, run_of(wall * (1 + (k % 5 - 2) * noise)), 0.5);
    }
    ran.push_back(n);
  }
  return ran;
}

}  // namespace

TEST_CASE("adaptive: a clear difference stops after the runs it needs, min_reps always run") {
  const auto ran = rounds_run(1.0, 2.0, {3, 30, std::chrono::seconds(0)});
  CHECK(ran[0] == 2);
  CHECK(ran[2] == 2);  // min_reps rounds run whatever
  std::size_t total = 0;
  for (int n : ran) total += static_cast<std::size_t>(n);
  CHECK(total < 20);   // far fewer than 2 x 30
  CHECK(ran.back() == 0);
}

TEST_CASE("adaptive: equal work stops once shown equivalent, the budget stops what stays open") {
  const auto same = rounds_run(1.0, 1.001, {3, 30, std::chrono::seconds(0)});
  CHECK(same.back() == 0);
  auto total = [](const std::vector<int>& ran) {
    std::size_t n = 0;
    for (int k : ran) n += static_cast<std::size_t>(k);
    return n;
  };
  CHECK(total(same) < 60);
  // 1% apart in ±10% noise stays open for all 30 rounds without a budget...
  CHECK(total(rounds_run(1.0, 1.01, {3, 30, std::chrono::seconds(0)}, 0.05)) == 60);
  // ...and with one, ends when the budget (here 2 s, 0.5 s a run) is spent: 3 rounds of 2.
  CHECK(total(rounds_run(1.0, 1.01, {3, 30, std::chrono::seconds(2)}, 0.05)) == 6);
}

TEST_CASE("adaptive: fixed reps are never skipped") {
  adaptive_rounds rounds;
  plan_entry e;
  e.rep = 100;
  CHECK(rounds.wanted(e));
  CHECK(rounds.skipped() == 0);
}
