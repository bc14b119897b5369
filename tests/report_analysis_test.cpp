// Records grouped into experiments, variants and points, and what each point's summary holds
// (report/analysis.cpp, experiment_builder.cpp, cell_summary.cpp, across_machines.cpp).
#include <doctest/doctest.h>

#include <sstream>

#include "report/analysis.hpp"
#include "report/writers.hpp"
#include "report_support.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

TEST_CASE("report: experiments, variants and points") {
  const auto a = analyze(golden_records());
  REQUIRE(a.experiments.size() == 3);
  CHECK(a.machines.size() == 1);
  CHECK(a.failed == 1);

  const auto& cpu = find(a, "cpu-scaling");
  CHECK(cpu.variants == std::vector<std::string>{"serial", "threads", "procs (fork)", "async"});
  CHECK(cpu.axes == std::vector<std::string>{"workers"});
  REQUIRE(cpu.points.size() == 3);
  // serial has no `workers`: it is the baseline at every point.
  for (const auto& p : cpu.points) CHECK(p.cells[0].ok == 5);
  CHECK(cpu.fixed_value("spawn") == "fork");
  CHECK(cpu.fixed_value("tasks") == "4");
  const auto& two = cpu.points[1];
  CHECK(two.at[0].text == "2");
  REQUIRE(two.cells[1].speedup);
  CHECK(*two.cells[1].speedup == doctest::Approx(2.0 / 1.01).epsilon(0.01));
  REQUIRE(two.cells[1].efficiency);
  CHECK(*two.cells[1].efficiency == doctest::Approx(1 / 1.01).epsilon(0.01));
  CHECK(two.cells[3].metrics.at("yields") == 400);

  // Efficiency is against the time inside the model's process where the record has it: the
  // start of the model executable is the lab's cost, not the model's.
  auto inside = golden_records();
  for (auto& r : inside)
    if (r.ideal_s) r.run_s = *r.ideal_s / 0.98;
  const analysis analysed_inside = analyze(inside);  // kept: find() returns a reference into it
  const auto& two_inside = find(analysed_inside, "cpu-scaling").points[1];
  REQUIRE(two_inside.cells[1].efficiency);
  CHECK(*two_inside.cells[1].efficiency == doctest::Approx(0.98));

  const auto& sleep = find(a, "seed-sleep");
  CHECK(sleep.variants == std::vector<std::string>{"serial", "threads", "procs (exec)", "async"});
  CHECK(sleep.axes.empty());
  REQUIRE(sleep.points.size() == 1);
  const cell& procs = sleep.points[0].cells[variant_index(sleep, "procs (exec)")];
  CHECK(procs.runs == 5);
  CHECK(procs.ok == 4);
  REQUIRE(procs.errors.size() == 1);
  CHECK(procs.errors[0].second == 1);
}

TEST_CASE("report: a model's parameter that varies becomes part of the variant label") {
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep) {
    rs.push_back(run("sleep", "procs", {{"tasks", 3}, {"ms", 10}, {"workers", 3}, {"spawn", "fork"}}, rep, 0.011));
    rs.push_back(run("sleep", "procs", {{"tasks", 3}, {"ms", 10}, {"workers", 3}, {"spawn", "exec"}}, rep, 0.015));
    rs.push_back(run("sleep", "async", {{"tasks", 3}, {"ms", 10}, {"workers", 3}, {"loop_threads", 1}}, rep, 0.010));
    rs.push_back(run("sleep", "async", {{"tasks", 3}, {"ms", 10}, {"workers", 3}, {"loop_threads", 2}}, rep, 0.010));
  }
  const auto a = analyze(rs);
  REQUIRE(a.experiments.size() == 1);
  CHECK(a.experiments[0].variants ==
        std::vector<std::string>{"procs (exec)", "procs (fork)", "async (loop_threads=1)", "async (loop_threads=2)"});
  CHECK(a.experiments[0].axes.empty());
}

TEST_CASE("report: one model alone sweeps its own parameters, hosts are kept apart") {
  std::vector<record> rs;
  for (int ye : {0, 1000, 100000})
    for (int rep = 0; rep < 3; ++rep) {
      rs.push_back(run("yield", "async", {{"yield_every", ye}, {"samples", 1000000}}, rep, 1.0 + ye / 1e6));
      rs.back().metrics["io_latency_ms"] = ye == 0 ? 40.0 : 10.1;
      rs.back().machine = test_machine(rep == 0 ? "alpha" : "beta");
    }
  const auto a = analyze(rs);
  REQUIRE(a.experiments.size() == 2);
  CHECK(a.machines.size() == 2);
  for (const auto& e : a.experiments) {
    CHECK(e.variants == std::vector<std::string>{"async"});
    CHECK(e.axes == std::vector<std::string>{"yield_every"});
    CHECK(e.points.size() == 3);
  }
  const std::string md = markdown_of(rs);
  CHECK(md.find("### On `alpha`") != std::string::npos);
  CHECK(md.find("### On `beta`") != std::string::npos);
  CHECK(md.find("## Machines") != std::string::npos);
  CHECK(md.find("### Across machines") != std::string::npos);
  // yield is judged on I/O latency, so each machine's best is its lowest latency.
  CHECK(md.find("| machine | CPUs | async | most responsive |") != std::string::npos);
  CHECK(md.find("| alpha | 2 | 10.1 ms at yield_every=1000 | async |") != std::string::npos);
}

TEST_CASE("report: warm-up runs are kept out of the statistics") {
  std::vector<record> rs;
  for (int rep = 0; rep < 3; ++rep) rs.push_back(run("sleep", "threads", {{"ms", 10}}, rep, 0.010));
  rs.push_back(run("sleep", "threads", {{"ms", 10}}, 3, 0.500));
  rs.back().warmup = true;
  const auto a = analyze(rs);
  CHECK(a.warmups == 1);
  CHECK(a.experiments[0].points[0].cells[0].ok == 3);
  CHECK(a.experiments[0].points[0].cells[0].wall.max < 0.02);
}

TEST_CASE("report: edge cases still make a whole report") {
  SUBCASE("one record") {
    const std::vector<record> rs{run("cpu", "threads", {{"workers", 2}}, 0, 1.5)};
    const std::string md = markdown_of(rs);
    CHECK(md.find("Only **threads** ran successfully: 1.50 s median") != std::string::npos);
    std::ostringstream html;
    write_html(html, rs);
    CHECK(html.str().find("</html>") != std::string::npos);
  }
  SUBCASE("every run failed") {
    std::vector<record> rs;
    for (int rep = 0; rep < 2; ++rep) {
      rs.push_back(failed("io", "threads", {{"concurrency", 4096}}, rep, "too many open files"));
      rs.push_back(failed("io", "async", {{"concurrency", 4096}}, rep, "connect: refused"));
    }
    const std::string md = markdown_of(rs);
    CHECK(md.find("Every run failed") != std::string::npos);
    CHECK(md.find("failed (2 of 2)") != std::string::npos);
    CHECK(md.find("`too many open files` ×2") != std::string::npos);
    CHECK(md.find("nan") == std::string::npos);
    std::ostringstream html;
    write_html(html, rs);
    CHECK(html.str().find("</html>") != std::string::npos);
  }
  SUBCASE("a sweep where one point failed entirely") {
    std::vector<record> rs;
    for (int c : {1, 2, 4})
      for (int rep = 0; rep < 3; ++rep) {
        if (c == 4) rs.push_back(failed("io", "threads", {{"concurrency", c}}, rep, "boom"));
        else rs.push_back(run("io", "threads", {{"concurrency", c}}, rep, 1.0 / c));
        rs.push_back(run("io", "async", {{"concurrency", c}}, rep, 1.2 / c));
      }
    const std::string md = markdown_of(rs);
    CHECK(md.find("- `concurrency` = 4: only **async** succeeded: ") != std::string::npos);
    CHECK(md.find("nan") == std::string::npos);
    CHECK(md.find("inf") == std::string::npos);
  }
}

TEST_CASE("report: models are compared on the run inside their process, not on the executable's start and exit") {
  // async's executable starts 20 ms slower than threads' (another binary), its run is 10% faster:
  // the verdict is about the run.
  std::vector<record> rs;
  for (int rep = 0; rep < 8; ++rep) {
    record t = run("sleep", "threads", {}, rep, 0.130);
    t.run_s = t.wall_s - 0.010;
    record a = run("sleep", "async", {}, rep, 0.130);
    a.run_s = 0.9 * (a.wall_s - 0.010);
    a.wall_s += 0.020;
    rs.push_back(t);
    rs.push_back(a);
  }
  const auto an = analyze(rs);
  const auto& p = an.experiments[0].points[0];
  REQUIRE(p.verdict.kind == verdict_kind::winner);
  CHECK(an.experiments[0].variants[p.verdict.best] == "async");
  CHECK(p.cells[p.verdict.best].walls.front() == doctest::Approx(*rs[1].run_s));
  CHECK(p.cells[p.verdict.best].process_walls.front() == rs[1].wall_s);
  CHECK(run_time_s(record{}) == 0);  // no run_s: the wall
}
