// The seeds' experiments in the report: async judged against serial where an experiment
// reproduces an essay (whatever model is best), and the cost of checking too often as its
// own row of the glance table (report/glance_table.cpp, essays_section.cpp, checking_cost.cpp).
#include <doctest/doctest.h>

#include "report/analysis.hpp"
#include "report/checking_cost.hpp"
#include "report_support.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

namespace {

// seeds/002's work: three sleep(1); threads a little ahead of async, serial three times slower.
std::vector<record> seed_sleep(double threads_s, double async_s) {
  std::vector<record> rs;
  const boost::json::object work{{"tasks", 3}, {"ms", 1000}};
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(run("sleep", "serial", work, rep, 3.0));
    rs.push_back(run("sleep", "threads", work, rep, threads_s));
    rs.push_back(run("sleep", "async", work, rep, async_s));
  }
  tag(rs, 0, "seed-sleep");
  return rs;
}

// seeds/001's lesson: async alone along yield_every, every-sample yielding 100 times slower.
std::vector<record> mixed_yield() {
  std::vector<record> rs;
  const std::pair<int, double> points[] = {{0, 0.010}, {1, 1.0}, {10, 0.1}, {100, 0.0101}, {1000, 0.0100}};
  for (int rep = 0; rep < 3; ++rep)
    for (const auto& [every, wall] : points)
      rs.push_back(run("mixed", "async", {{"yield_every", every}, {"local_samples", 4000000}}, rep, wall));
  tag(rs, 0, "mixed-yield");
  return rs;
}

}  // namespace

TEST_CASE("report: an essay's experiment is judged async against serial, the best of every model beside it") {
  const auto rs = seed_sleep(0.90, 1.00);
  const auto a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  const auto& e = a.experiments[0];
  REQUIRE(e.essay != nullptr);
  CHECK(e.essay->source == "seeds/002");
  const auto& p = e.points[0];
  REQUIRE(p.against_baseline);
  CHECK(e.variant_models[p.against_baseline->best] == "async");
  CHECK(e.variant_models[p.verdict.best] == "threads");  // the overall verdict is untouched
  const std::string md = markdown_of(rs);
  CHECK(md.find("async against serial as in seeds/002") != std::string::npos);
  CHECK(md.find("best of every model: **threads**") != std::string::npos);
  // Where serial beat async and every other model, the row names serial, not async.
  const std::string serial_best = markdown_of(seed_sleep(3.6, 3.3));
  CHECK(serial_best.find("serial** is also the best of every model") == std::string::npos);
  CHECK(serial_best.find("serial is also the best of every model") != std::string::npos);
  CHECK(serial_best.find("async is also the best") == std::string::npos);
  // Other work in the same scenario is not the essay's: no baseline judgement.
  auto other = seed_sleep(0.9, 1.0);
  for (auto& r : other) r.params["ms"] = 10;
  CHECK(analyze(other).experiments[0].essay == nullptr);
  CHECK_FALSE(analyze(other).experiments[0].points[0].against_baseline);
}

TEST_CASE("report: the cost of checking too often has its own glance row, against the unyielding work") {
  const auto rs = mixed_yield();
  const auto a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  const auto c = checking_cost_of(a.experiments[0]);
  REQUIRE(c);
  CHECK(c->most->at[0].text == "1");
  REQUIRE(c->cheap != nullptr);
  CHECK(c->cheap->at[0].text == "100");  // 10.1 ms is within 2% of 10.0 ms; 100 ms at 10 is not
  CHECK(c->efficiency() == doctest::Approx(0.010).epsilon(0.01));
  const std::string md = markdown_of(rs);
  const auto row = md.find("| Cost of checking (wall time against never yielding) | `mixed-yield` at `yield_every=1`");
  REQUIRE(row != std::string::npos);
  const std::string line = md.substr(row, md.find('\n', row) - row);
  CHECK(line.find("**`yield_every=100`** or more") != std::string::npos);
  CHECK(line.find("1.00 s against 10.0 ms: 1.0% efficiency") != std::string::npos);
  // With no unyielding point there is nothing to set the cost against: no row.
  std::vector<record> no_zero;
  for (const auto& r : rs)
    if (r.params.at("yield_every").as_int64() != 0) no_zero.push_back(r);
  CHECK_FALSE(checking_cost_of(analyze(no_zero).experiments[0]));
  CHECK(markdown_of(no_zero).find("Cost of checking") == std::string::npos);
}
