// Where a run's time went: the kernel's schedstat read and summed per unit, carried to the
// record, and told in words; checked on a run that puts two units on one CPU.
#include <doctest/doctest.h>

#include "core/cpus.hpp"
#include "driver/run_point.hpp"
#include "measure/unit_sched.hpp"
#include "record/record_keys.hpp"
#include "report/time_went.hpp"
#include "report_support.hpp"
#include "support.hpp"

using namespace lab;
namespace keys = record_keys::sched_keys;

TEST_CASE("unit_sched: schedstat's three numbers are read in seconds, anything else is not") {
  const auto s = unit_sched::parse_schedstat("123456789 2000000 17\n");
  REQUIRE(s);
  CHECK(s->on_cpu_s == doctest::Approx(0.123456789));
  CHECK(s->wait_s == doctest::Approx(0.002));
  CHECK(s->slices == 17);
  for (const char* bad : {"", "1 2", "1 2 3 4", "a b c", "1 -2 3", "1 2 3x"}) {
    CAPTURE(bad);
    CHECK_FALSE(unit_sched::parse_schedstat(bad));
  }
  CHECK(unit_sched::this_thread_schedstat());  // Debian's kernels keep schedstat (CONFIG_SCHED_INFO)
}

TEST_CASE("unit_sched: a worker's unit crosses a line whole, and units sum into the record's figures") {
  const unit_sched::unit u{12345.25, {0.5, 0.125, 40}, {1, 0}};
  const auto back = unit_sched::from_line(unit_sched::to_line(u));
  REQUIRE(back);
  CHECK(back->start_s == doctest::Approx(12345.25));
  CHECK(back->used.wait_s == doctest::Approx(0.125));
  CHECK(back->used.slices == 40);
  CHECK(back->cpus == std::vector<int>{1, 0});
  CHECK_FALSE(unit_sched::from_line("0 3ff0000000000000 0.1 0.1 0.1"));  // a task's line
  CHECK_FALSE(unit_sched::from_line("unit 1 2"));

  const auto o = unit_sched::summary({{10.003, {0.1, 0.04, 5}, {1}}, {10.0, {0.1, 0.02, 7}, {1}}});
  CHECK(o.at(keys::units).to_number<int>() == 2);
  CHECK(o.at(keys::runq_wait_s).to_number<double>() == doctest::Approx(0.06));
  CHECK(o.at(keys::slices).to_number<int>() == 12);
  CHECK(o.at(keys::start_span_s).to_number<double>() == doctest::Approx(0.003));
  CHECK(unit_sched::summary(std::vector<unit_sched::unit>{}).empty());
}

TEST_CASE("unit_sched: two units on one CPU each wait about half the run, and the report says so") {
  const int cpu = usable_cpu_ids().front();
  for (const char* model : {"threads", "procs"}) {
    CAPTURE(model);
    run_request req;
    req.model = model;
    req.scenario = "cpu";
    req.sets = {{"tasks", "2"}, {"workers", "2"}, {"samples", "40000000"}};
    req.cpu = cpu;  // as taskset -c: both units on one CPU
    const record r = run_point(req, 0, LAB_BIN_DIR);
    INFO(r.error);
    REQUIRE(r.ok);
    REQUIRE(r.sched);
    const auto& s = *r.sched;
    CHECK(s.at(keys::units).to_number<int>() == 2);
    // Each unit is runnable the whole run and on the CPU about half of it: while one computes,
    // the other waits, so the waits add up to about the units' CPU time (the wall, on a quiet
    // machine: each unit's wait about half of it). Generous bounds: the machine is shared, and
    // other programs on that CPU add to the waits, never take from them.
    const double waits = s.at(keys::runq_wait_s).to_number<double>();
    const double on_cpu = s.at(keys::on_cpu_s).to_number<double>();
    CHECK(on_cpu > 0);
    CHECK(waits > 0.4 * on_cpu);
    CHECK(waits / 2 < 1.05 * *r.run_s);  // no unit waits longer than the run
    for (const auto& unit : s.at(keys::unit_cpus).as_array()) CHECK(unit.as_array() == boost::json::array{cpu});
    CHECK(s.contains(keys::minflt));
    const auto b = report::breakdown_of(r);
    REQUIRE(b);
    const std::string words = report::shortfall_words(model, "unit", *b, 2);
    CAPTURE(words);
    CHECK(words.find("waited") != std::string::npos);
    CHECK(words.find("both were only ever seen on CPU " + std::to_string(cpu)) != std::string::npos);
  }
}

TEST_CASE("report: a variant short of 95% is told in the kernel's figures, one above it is not") {
  report::time_breakdown b;
  b.efficiency = 0.65;
  b.run_s = 0.120;
  b.ideal_s = 0.078;
  b.units = 2;
  b.runq_wait_s = 0.038;
  b.start_span_s = 0.003;
  b.unit_cpus = {{1}, {1, 0}};
  const std::string words = report::shortfall_words("threads", "thread", b, 2);
  CAPTURE(words);
  CHECK(words.rfind("threads reached 65% of the ideal (120 ms against 78", 0) == 0);
  CHECK(words.find("its 2 threads waited 38") != std::string::npos);
  CHECK(words.find("though the machine has 2 CPUs (the kernel started both on CPU 1)") != std::string::npos);
  CHECK(words.find("from the first thread's start to the last's") != std::string::npos);
  CHECK(words.find("load") == std::string::npos);  // not said: no clause
  b.load1 = 8;
  CHECK(report::shortfall_words("threads", "thread", b, 2).find("the machine's load was 8.00 on 2 CPUs") !=
        std::string::npos);
  b.units = 4;
  b.unit_cpus = {{0}, {1}, {1}, {1}};
  const std::string over = report::shortfall_words("procs", "worker process", b, 2);
  CAPTURE(over);
  CHECK(over.find("its 4 worker processes waited") != std::string::npos);
  CHECK(over.find("(4 on 2 CPUs take turns; the kernel started 3 worker processes on CPU 1)") != std::string::npos);

  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep)
    for (const char* model : {"threads", "serial"}) {
      const bool threads = std::string(model) == "threads";
      record r = report_test::run("cpu", model, {{"tasks", 2}}, rep, threads ? 0.12 : 0.16, 4000, 0.078);
      r.run_s = r.wall_s;
      r.sched = unit_sched::summary({{10.0, {0.05, threads ? 0.038 : 0.0, 9}, {1}}, {10.003, {0.05, 0.0, 9}, {1}}});
      if (!threads) r.ideal_s = r.wall_s * 0.99;  // serial at its ideal: nothing to tell
      rs.push_back(r);
    }
  const std::string md = report_test::markdown_of(rs);
  CHECK(md.find("**Where the time went**") != std::string::npos);
  CHECK(md.find("- threads reached") != std::string::npos);
  CHECK(md.find("- serial reached") == std::string::npos);
}
