// The report's load part (report/load.hpp): the sustainable rate of a rate sweep, and the
// sentence that names the machine as what bounded a point.
#include <doctest/doctest.h>

#include "report/analysis.hpp"
#include "report/document.hpp"
#include "report/load.hpp"

using namespace lab;
using namespace lab::report;

namespace {

record io_record(double rate, int rep, double achieved, double p99_ms, double floor_s, double ideal_s, double wall_s,
                 double client_floor_s = 0) {
  record r;
  r.scenario = "io";
  r.model = "threads";
  r.params = {{"rate", rate}, {"delay_ms", 1}, {"connections", 100}};
  r.rep = rep;
  r.wall_s = wall_s;
  r.user_s = floor_s;
  r.ideal_s = ideal_s;
  r.machine.host = "testbox";
  r.machine.cpus = 2;
  r.metrics = {{"achieved_rps", achieved}, {"p99_ms", p99_ms}, {"p99_sent_ms", p99_ms / 10},
               {"cpu_floor_s", floor_s}, {"server_cpu_s", floor_s}, {"server_accepted", 100}};
  if (client_floor_s > 0) {
    r.metrics["client_floor_s"] = client_floor_s;
    r.metrics["client_threads"] = 1;
  }
  return r;
}

std::string all_text(const std::vector<block>& blocks) {
  std::string s;
  for (const auto& b : blocks) {
    s += b.text + "\n";
    for (const auto& i : b.items) s += i + "\n";
  }
  return s;
}

}  // namespace

TEST_CASE("report: the sustainable rate is the highest rate kept up with at a p99 target from the machine's floor") {
  // The floor: 0.5 ms at the lowest rate; the target: twice that, at least 1 ms above it: 1.5 ms.
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep) {
    rs.push_back(io_record(1000, rep, 1000, 0.5, 0.01, 1.0, 1.0));
    rs.push_back(io_record(2000, rep, 1990, 1.4, 0.01, 0.5, 0.5));   // 99.5% of offered, p99 within 1.5 ms
    rs.push_back(io_record(4000, rep, 3990, 2.5, 0.01, 0.25, 0.25)); // kept up, but p99 over the target
    rs.push_back(io_record(8000, rep, 5000, 1.0, 0.01, 0.125, 1.6)); // fell behind
  }
  const analysis a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  const auto s = sustainable_rate(a.experiments[0], 0);
  REQUIRE(s);
  CHECK(s->rate == 2000);
  CHECK(s->p99_ms == doctest::Approx(1.4));
  CHECK(s->p99_sent_ms == doctest::Approx(0.14));
  const auto target = p99_target_of(a.experiments[0]);
  REQUIRE(target);
  CHECK(target->floor_ms == doctest::Approx(0.5));
  CHECK(target->target_ms == doctest::Approx(1.5));
  const std::string text = all_text(load_blocks(a.experiments[0]));
  CHECK(text.find("2000 requests/s") != std::string::npos);
  // Where the throughput held on past the p99 limit, that is said too.
  REQUIRE(kept_up_rate(a.experiments[0], 0));
  CHECK(kept_up_rate(a.experiments[0], 0)->rate == 4000);
  CHECK(text.find("kept up with up to 4000 requests/s, corrected p99 there 2.50 ms") != std::string::npos);
  // A config's p99_margin sets the target above the same floor: 0.5 + 2 ms admits 4000/s, 50% admits none past 1000/s.
  for (auto& r : rs) r.p99_margin = "2ms";
  auto wide = analyze(rs);
  CHECK(p99_target_of(wide.experiments[0])->target_ms == doctest::Approx(2.5));
  CHECK(sustainable_rate(wide.experiments[0], 0)->rate == 4000);
  CHECK(all_text(load_blocks(wide.experiments[0])).find("plus the config's p99_margin of 2ms") != std::string::npos);
  for (auto& r : rs) r.p99_margin = "50%";
  auto narrow = analyze(rs);
  CHECK(p99_target_of(narrow.experiments[0])->target_ms == doctest::Approx(0.75));
  CHECK(sustainable_rate(narrow.experiments[0], 0)->rate == 1000);
}

TEST_CASE("report: a p99 margin is a positive number of ms or a percentage of the floor") {
  CHECK(parse_p99_margin("1ms")->ms == 1);
  CHECK(parse_p99_margin("0.5ms")->ms == 0.5);
  CHECK(parse_p99_margin("50%")->fraction == doctest::Approx(0.5));
  for (const char* bad : {"", "1", "ms", "%", "-1ms", "0%", "1 ms", "1e9ms", "nanms", "1msx"})
    CHECK_MESSAGE(!parse_p99_margin(bad), bad);
}

TEST_CASE("report: open loop is judged on the highest rate kept up with, not on wall time") {
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep)
    for (double rate : {1000.0, 2000.0, 4000.0}) {
      record t = io_record(rate, rep, rate, rate > 2000 ? 9.0 : 0.5, 0.01, 1000 / rate, 1000 / rate);
      record a = io_record(rate, rep, rate, 0.6, 0.01, 1000 / rate, 1000 / rate);
      a.model = "async";
      rs.push_back(t);
      rs.push_back(a);
    }
  const analysis an = analyze(rs);
  REQUIRE(an.experiments.size() == 1);
  const auto answer = rate_answer_of(an.experiments[0]);
  REQUIRE(answer);
  const auto [best, by] = rate_best_and_by(an.experiments[0], *answer);
  CHECK(best == "**async**");
  CHECK(by == "4000/s vs 2000/s for threads (2.00×)");
}

TEST_CASE("report: a point whose CPU floor is above its ideal is said to be bounded by the machine") {
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep) rs.push_back(io_record(0, rep, 5000, 900, 1.5, 0.1, 1.7));
  const analysis a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  const std::string text = all_text(load_blocks(a.experiments[0]));
  CHECK(text.find("100 connections cost") != std::string::npos);
  CHECK(text.find("not the model, sets this time") != std::string::npos);
}

TEST_CASE("report: a client whose own CPU on its threads is above both the ideal and the machine's floor is named") {
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep) rs.push_back(io_record(0, rep, 5000, 900, 1.2, 0.1, 1.7, 1.6));
  const analysis a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  const std::string text = all_text(load_blocks(a.experiments[0]));
  CHECK(text.find("its client ran on 1 thread") != std::string::npos);
  CHECK(text.find("a floor of 1.60 s for that thread") != std::string::npos);
  CHECK(text.find("1.06× that floor") != std::string::npos);
  CHECK(text.find("network stack, not the model") == std::string::npos);  // one bound named, the tighter
}
