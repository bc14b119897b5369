// The verdict on each point and along a sweep (report/verdict*.cpp, prose.cpp), and the
// fairness check's place in it (report/check_section.cpp).
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "report/analysis.hpp"
#include "report/prose.hpp"
#include "report_support.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

TEST_CASE("report: verdict names a clear winner") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(run("cpu", "threads", {{"workers", 2}}, rep, 1.0, 4000));
    rs.push_back(run("cpu", "async", {{"workers", 2}}, rep, 2.0, 3000));
  }
  const auto a = analyze(rs);
  const auto& v = a.experiments[0].points[0].verdict;
  CHECK(v.kind == verdict_kind::winner);
  CHECK(a.experiments[0].variants[v.best] == "threads");
  CHECK(v.ratio == doctest::Approx(2.0).epsilon(0.02));
  CHECK(v.p == doctest::Approx(2.0 / 252));
  const std::string md = markdown_of(rs);
  CHECK(md.find("**threads** is fastest: 1.00 s median vs 2.00 s for **async** (2.00× apart, p = 0.0079, "
                "5 vs 5 runs), at 3.91 MiB peak memory vs 2.93 MiB.") != std::string::npos);
}

TEST_CASE("report: runs of the same rounds are compared round by round") {
  // The host's speed drifts by 50% from round to round; async is 3% slower in every round.
  std::vector<record> rs;
  for (int rep = 0; rep < 8; ++rep) {
    const double minute = 1 + 0.5 * std::fmod(rep * 0.618034, 1.0);
    rs.push_back(run("cpu", "threads", {{"workers", 1}}, rep, minute));
    rs.push_back(run("cpu", "async", {{"workers", 1}}, rep, minute * 1.03));
  }
  const auto a = analyze(rs);
  const auto& v = a.experiments[0].points[0].verdict;
  CHECK(v.pairs == 8);
  CHECK(v.kind == verdict_kind::winner);
  CHECK(a.experiments[0].variants[v.best] == "threads");
  CHECK(v.ratio == doctest::Approx(1.03).epsilon(0.005));
  CHECK(v.p < 0.05);  // every round 1.03: tied ranks, the normal approximation

  // Where the pairs order the two the other way than the medians, the pairs name the best:
  // async is 3% faster in 7 of 8 rounds, and threads' one lucky round moves only its median.
  std::vector<record> flipped;
  const double minute[] = {1, 1, 1, 1, 2, 2, 2, 2};
  for (int rep = 0; rep < 8; ++rep) {
    flipped.push_back(run("cpu", "threads", {{"workers", 1}}, rep, rep == 7 ? 0.5 : minute[rep] * 1.03));
    flipped.push_back(run("cpu", "async", {{"workers", 1}}, rep, minute[rep]));
  }
  const auto b = analyze(flipped);
  const auto& w = b.experiments[0].points[0].verdict;
  CHECK(w.pairs == 8);
  CHECK(b.experiments[0].variants[w.best] == "async");
}

TEST_CASE("report: verdict says undecided when the test cannot tell, and tie when the interval shows one") {
  SUBCASE("overlapping runs: p >= 0.05") {
    std::vector<record> rs;
    const double a[] = {1.00, 1.05, 0.97, 1.08, 0.95};
    const double b[] = {1.02, 0.96, 1.07, 0.99, 1.04};
    for (int rep = 0; rep < 5; ++rep) {
      rs.push_back(run("sleep", "threads", {}, 0, a[rep]));
      rs.push_back(run("sleep", "async", {}, 0, b[rep]));
    }
    const auto an = analyze(rs);
    const auto& v = an.experiments[0].points[0].verdict;
    CHECK(v.kind == verdict_kind::tie);
    CHECK(v.p >= 0.05);
    CHECK_FALSE(v.equivalent);  // ±5% noise in 5 runs cannot show the two within ±2%
    // One word for it, never "indistinguishable" beside "undecided".
    const std::string md = markdown_of(rs);
    CHECK(md.find("**threads** against **async** is undecided") != std::string::npos);
    CHECK(md.find("indistinguishable") == std::string::npos);
    CHECK(md.find("5 vs 5 runs") != std::string::npos);
    CHECK(markdown_of(rs).find("runs each would show a tie") != std::string::npos);  // and what would decide it
  }
  SUBCASE("separated but within noise: 1% apart") {
    std::vector<record> rs;
    for (int rep = 0; rep < 8; ++rep) {
      rs.push_back(run("sleep", "threads", {}, 0, 1.000 + rep * 1e-4));
      rs.push_back(run("sleep", "async", {}, 0, 1.010 + rep * 1e-4));
    }
    const auto an = analyze(rs);
    const auto& v = an.experiments[0].points[0].verdict;
    CHECK(v.p < 0.05);
    CHECK(v.kind == verdict_kind::tie);
    CHECK(v.equivalent);  // and shown to be one: the ratio's interval lies inside ±2%
    const std::string md = markdown_of(rs);
    CHECK(md.find("tie: 1.00 s vs 1.01 s median (1.0% apart") != std::string::npos);
    CHECK(md.find("lies within ±2.0%") != std::string::npos);
  }
  SUBCASE("three runs each cannot reach p < 0.05: tentative") {
    std::vector<record> rs;
    for (int rep = 0; rep < 3; ++rep) {
      rs.push_back(run("sleep", "threads", {}, rep, 1.0));
      rs.push_back(run("sleep", "serial", {}, rep, 3.0));
    }
    const auto an = analyze(rs);
    CHECK(an.experiments[0].points[0].verdict.kind == verdict_kind::tentative);
    CHECK(markdown_of(rs).find("cannot reach p < 0.05") != std::string::npos);
  }
}

TEST_CASE("report: verdict names the crossover along a sweep") {
  std::vector<record> rs;
  for (int c : {1, 4, 16, 64, 256})
    for (int rep = 0; rep < 5; ++rep) {
      const double ideal = 1.0 / c;
      rs.push_back(run("io", "threads", {{"concurrency", c}}, rep, ideal * (c <= 16 ? 1.0 : 2.0), 4000 + 50 * c));
      rs.push_back(run("io", "async", {{"concurrency", c}}, rep, ideal * (c <= 4 ? 1.3 : c == 16 ? 1.005 : 1.1), 4000));
    }
  const auto a = analyze(rs);
  const auto& e = a.experiments[0];
  CHECK(e.points[0].verdict.kind == verdict_kind::winner);
  CHECK(e.variants[e.points[0].verdict.best] == "threads");
  CHECK(e.points[2].verdict.kind == verdict_kind::tie);
  CHECK(e.points[4].verdict.kind == verdict_kind::winner);
  CHECK(e.variants[e.points[4].verdict.best] == "async");
  const std::string md = markdown_of(rs);
  CHECK(md.find("**Crossover:** **async** overtakes **threads** between `concurrency` = 4 and 64 "
                "(no clear winner at `concurrency` = 16)") != std::string::npos);
  CHECK(md.find("- `concurrency` = 1–4: **threads** wins") != std::string::npos);
  CHECK(md.find("- `concurrency` = 64–256: **async** wins") != std::string::npos);
}

TEST_CASE("report: an undecided comparison says why: a lean short of the test's level, or how many runs a tie needs") {
  comparison v;
  v.kind = verdict_kind::tie;
  v.n_best = v.n_runner_up = 6;
  v.ratio = 1.13;
  v.ratio_lo = 1.03;
  v.ratio_hi = 1.24;
  CHECK(prose::why_undecided(v, "async").find("lean to async by about 13") != std::string::npos);
  v.ratio = 1.0;
  v.ratio_lo = 0.94;
  v.ratio_hi = 1.06;
  // Centre 0.998, half-width 0.06, room 0.018 of the ±2%: 6 x (0.06 / 0.018)^2 = 65.2.
  CHECK(prose::why_undecided(v, "async") == "too spread for ±2.0%: about 66 runs each would show a tie");
  v.ratio_lo = 0.993;  // centred 7% off: it leans, though the interval reaches below 1
  v.ratio_hi = 1.16;
  CHECK(prose::why_undecided(v, "threads").find("lean to threads by about 7.3%") != std::string::npos);
  v.ratio_lo = 0.96;  // centred at the edge of the margin: no number of runs settles it soon
  v.ratio_hi = 1.08;
  CHECK(prose::why_undecided(v, "async").find("many more runs") != std::string::npos);
  CHECK(prose::why_undecided(v, "async").find("too spread") != std::string::npos);  // ±6%: wider than the band
  v.ratio_lo = 1.005;  // narrow and at the edge: a small difference, not spread runs
  v.ratio_hi = 1.03;
  CHECK(prose::why_undecided(v, "async") == "a difference this close to ±2.0% takes many more runs to place");
}

namespace {

// A fairness check's records: cpu-uniform in two models, serial `serial_ratio` times slower.
std::vector<record> check_records(double serial_ratio) {
  std::vector<record> rs;
  for (int rep = 0; rep < 9; ++rep)
    for (const char* m : {"serial", "threads"}) {
      record r = run("cpu", m, {{"tasks", 1}, {"samples", 50000000}}, rep, 0.05, 3000, 0.05);
      r.metrics["ns_per_sample"] = (std::string(m) == "serial" ? serial_ratio : 1.0) * (0.75 + rep * 0.001);
      r.experiment = "check:cpu-uniform";
      rs.push_back(r);
    }
  return rs;
}

const point& cpu_point(const analysis& a, const std::string& workers) {
  for (const auto& e : a.experiments)
    if (e.name == "cpu-scaling")
      for (const auto& p : e.points)
        if (describe(e, p).find("workers=" + workers) != std::string::npos) return p;
  FAIL("no cpu-scaling point at workers=" << workers);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("report: a failed fairness check names no CPU-bound winner within its bias, and says so at the top") {
  auto rs = golden_records();
  const auto fair = check_records(1.0);
  rs.insert(rs.end(), fair.begin(), fair.end());
  auto a = analyze(rs);
  REQUIRE(a.checks.size() == 1);
  CHECK(a.checks[0].result.fair);
  CHECK(a.experiments.size() == 3);  // the check is not an analysed_experiment
  CHECK(cpu_point(a, "2").verdict.kind == verdict_kind::winner);  // threads 1.05x ahead of procs

  rs = golden_records();
  const auto unfair = check_records(1.2);
  rs.insert(rs.end(), unfair.begin(), unfair.end());
  a = analyze(rs);
  CHECK_FALSE(a.checks[0].result.fair);
  const auto& p = cpu_point(a, "2");
  CHECK(p.verdict.kind == verdict_kind::tie);
  CHECK(p.verdict.bias == doctest::Approx(1.2).epsilon(0.01));
  const std::string md = markdown_of(rs);
  CHECK(md.find("**The fairness check failed.** NOT fair: serial is 20.") != std::string::npos);
  CHECK(md.find("the fairness check found between models on identical work") != std::string::npos);
  CHECK(md.find("### Fairness check") != std::string::npos);
}

TEST_CASE("report: CPUs that differ bias only variants the kernel placed on fewer CPUs than there are") {
  // The check: both models alike; CPU 0 20% slower than CPU 1 at the same moments.
  std::vector<record> rs;
  for (int rep = 0; rep < 10; ++rep) {
    for (const char* m : {"serial", "threads"}) {
      record r = run("cpu", m, {{"tasks", 1}, {"samples", 50000000}}, rep, 0.05, 3000, 0.05);
      r.metrics["ns_per_sample"] = 0.8 * (1 + rep * 0.001);
      r.experiment = "check:cpu-uniform";
      rs.push_back(r);
    }
    for (int cpu : {0, 1}) {
      record r = run("cpu", "serial", {{"tasks", 1}, {"samples", 50000000}}, rep, 0.05, 3000, 0.05);
      r.metrics["ns_per_sample"] = (cpu == 0 ? 0.9 : 0.75) * (rep < 5 ? 1.0 : 0.8);  // and the machine drifts
      r.experiment = "check:cpus";
      r.cpu = cpu;
      rs.push_back(r);
    }
  }
  // threads 10% faster than async, one unit each.
  auto with_runs = [&](bool pinned) {
    auto all = rs;
    for (int rep = 0; rep < 5; ++rep)
      for (const char* m : {"threads", "async"}) {
        record r = run("cpu", m, {{"workers", 1}}, rep, std::string(m) == "threads" ? 1.0 : 1.1);
        r.metrics["units"] = 1;
        if (pinned) r.cpu = rep % 2;
        all.push_back(r);
      }
    return analyze(all);
  };
  const auto placed = with_runs(false);
  REQUIRE(placed.checks.size() == 1);
  CHECK(placed.checks[0].result.fair);
  CHECK(placed.checks[0].result.cpu_spread == doctest::Approx(1.2).epsilon(0.01));
  const auto& demoted = placed.experiments[0].points[0].verdict;
  CHECK(demoted.kind == verdict_kind::tie);
  CHECK(demoted.bias == doctest::Approx(1.2).epsilon(0.01));
  const auto pinned = with_runs(true);  // kept: the verdict is a reference into it
  const auto& named = pinned.experiments[0].points[0].verdict;
  CHECK(named.kind == verdict_kind::winner);  // pinned alike: the CPUs' spread is no bias
  CHECK(named.bias == 1);
  CHECK(markdown_of(rs).find("**The machine's CPUs differ:** CPU 0 runs identical work 20") != std::string::npos);
  CHECK(markdown_of(rs).find("at the same moments") != std::string::npos);
}
