#include <doctest/doctest.h>

#include "core/error.hpp"
#include "models/slice.hpp"
#include "scenario/scenario.hpp"

using namespace lab;

TEST_CASE("params: defaults are filled in, values canonical, foreign params dropped") {
  const auto& spec = find_scenario("cpu").spec;
  auto p = resolve(spec, "procs", {{"samples", "1e6"}, {"spawn", "exec"}});
  CHECK(p.integer("samples") == 1000000);
  CHECK(p.text("spawn") == "exec");
  CHECK(p.text("dist") == "uniform");
  auto t = resolve(spec, "threads", {{"spawn", "exec"}});
  CHECK_FALSE(t.has("spawn"));
  CHECK_FALSE(t.has("loop_threads"));
  CHECK(resolve(spec, "serial", {}).has("workers") == false);
}

TEST_CASE("params: bad names and values are usage errors naming the choices") {
  const auto& spec = find_scenario("cpu").spec;
  CHECK_THROWS_WITH_AS(resolve(spec, "threads", {{"bogus", "1"}}), doctest::Contains("valid: tasks"), usage_error);
  CHECK_THROWS_WITH_AS(resolve(spec, "threads", {{"tasks", "1.5"}}), doctest::Contains("expected an integer"), usage_error);
  CHECK_THROWS_WITH_AS(resolve(spec, "async", {{"loop_threads", "0"}}), doctest::Contains("out of range [1, 1024]"),
                       usage_error);
  CHECK_THROWS_WITH_AS(resolve(spec, "goroutines", {}), doctest::Contains("choose serial"), usage_error);
  CHECK_THROWS_AS(split_assignment("novalue"), usage_error);
  CHECK(split_assignment("a=b=c").second == "b=c");
}

TEST_CASE("slice: the workers' output is checked line by line, and every task must come back once") {
  std::vector<task_result> results(4);
  std::vector<bool> seen(4, false);
  read_slice("1 3ff0000000000000 0.5 0.4 7.5 0 0 0 0 0 0\n3 4000000000000000 0.25 0.125 8.25 0.5 0.25 0 0 0 1e-3\n", 1, results, seen);
  CHECK(results[1].value == 1.0);
  CHECK(results[3].value == 2.0);
  CHECK(results[3].seconds == 0.25);
  CHECK(results[3].cpu_s == 0.125);  // the task's CPU time comes back beside its span
  CHECK(results[3].start_s == 8.25);  // and when it started
  CHECK(results[3].figures == task_figures{0.5, 0.25, 0, 0, 0, 1e-3});  // and what the task measured of itself
  CHECK_THROWS_WITH_AS(check_slices_complete(seen), doctest::Contains("returned 2 of 4 results"), run_error);
  results[0].figures = task_figures{1, 1, 1, 1, 1, 1};
  // Any tasks, as taken; a task that measured nothing of itself sends no figures.
  read_slice("0 3ff0000000000000 0.5 0.4 1\n2 3ff0000000000000 0.5 0.4 1 0 0 0 0 0 0\n", 0, results, seen);
  CHECK(results[0].figures == task_figures{});
  CHECK_NOTHROW(check_slices_complete(seen));
  CHECK_THROWS_WITH_AS(read_slice("1 zz\n", 1, results, seen), doctest::Contains("garbage"), run_error);
  CHECK_THROWS_WITH_AS(read_slice("1 3ff0000000000000 0.5 0.4\n", 1, results, seen), doctest::Contains("garbage"),
                       run_error);  // a line without its start
  CHECK_THROWS_WITH_AS(read_slice("1 3ff0000000000000 0.5 0.4 1 0 0 0\n", 1, results, seen),
                       doctest::Contains("garbage"), run_error);  // figures missing
  CHECK_THROWS_WITH_AS(read_slice("1 3ff0000000000000 0.5 0.4 1 0 0 0 0 0 0 x\n", 1, results, seen),
                       doctest::Contains("garbage"), run_error);  // something after them
  CHECK_THROWS_WITH_AS(read_slice("3 3ff0000000000000 0.5 0.5 1 0 0 0 0 0 0\n", 0, results, seen),
                       doctest::Contains("task 3 a second time"), run_error);
  CHECK_THROWS_WITH_AS(read_slice("7 3ff0000000000000 0.5 0.5 1 0 0 0 0 0 0\n", 0, results, seen), doctest::Contains("of 4 tasks"),
                       run_error);
}

TEST_CASE("params: a text parameter's empty default can be given back explicitly") {
  // A sweep passes every resolved value, server="" (the driver starts one) included.
  const auto& spec = find_scenario("io").spec;
  CHECK(resolve(spec, "threads", {{"server", ""}}).text("server").empty());
  CHECK_THROWS_WITH_AS(resolve(spec, "threads", {{"server", "nohost"}}), doctest::Contains("HOST:PORT"), usage_error);
}
