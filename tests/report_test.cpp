#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <boost/json/serialize.hpp>

#include "support.hpp"
#include "temp_dir.hpp"
#include "core/error.hpp"
#include "report/prose.hpp"
#include "report/analysis.hpp"
#include "report/format.hpp"
#include "render/gnuplot_process.hpp"
#include "report/gnuplot.hpp"
#include "report/report.hpp"
#include "report/scaling.hpp"
#include "report/writers.hpp"

using namespace lab;
using namespace lab::report;
namespace fs = std::filesystem;

namespace {

machine_info test_machine(const std::string& host = "testbox") {
  machine_info m;
  m.host = host;
  m.cpus = 2;
  m.cpu_model = "Test CPU @ 2.0GHz";
  m.kernel = "6.1.0-test";
  m.compiler = "GCC 12.2.0";
  m.boost = "1.81";
  m.mem_total_kib = 8 * 1024 * 1024;
  m.governor = "performance";
  m.open_files = 1024;
  m.max_user_procs = 31413;
  m.pid_max = 4194304;
  m.max_map_count = 65530;
  return m;
}

// Deterministic run-to-run jitter, about 0.5%.
constexpr double jitter[] = {0.0, 0.004, -0.003, 0.006, -0.005, 0.002, -0.001, 0.003};

record run(const std::string& scenario, const std::string& model, boost::json::object params, int rep, double wall,
           long long rss_kib = 4000, std::optional<double> ideal = std::nullopt) {
  record r;
  r.scenario = scenario;
  r.model = model;
  r.params = std::move(params);
  r.rep = rep;
  r.wall_s = wall * (1 + jitter[rep % 8]);
  r.user_s = r.wall_s * 0.98;
  r.sys_s = 0.01;
  r.max_rss_kib = rss_kib;
  r.nvcsw = 3;
  r.nivcsw = 12;
  r.ideal_s = ideal;
  r.machine = test_machine();
  return r;
}

record failed(const std::string& scenario, const std::string& model, boost::json::object params, int rep,
              const std::string& error) {
  record r = run(scenario, model, std::move(params), rep, 0.001);
  r.ok = false;
  r.error = error;
  r.wall_s = 0.001;
  r.user_s = r.sys_s = 0;
  r.max_rss_kib = 0;
  return r;
}

void tag(std::vector<record>& rs, std::size_t from, const std::string& experiment) {
  for (std::size_t i = from; i < rs.size(); ++i) rs[i].extra["experiment"] = experiment;
}

// The golden set: a cpu sweep over workers (serial, threads, procs, async), a sleep point
// with a failed run, and an io sweep where async overtakes threads.
std::vector<record> golden_records() {
  std::vector<record> rs;
  const boost::json::object cpu{{"tasks", 4}, {"samples", 100000000}, {"dist", "uniform"}, {"seed", 1}};
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(run("cpu", "serial", cpu, rep, 2.0, 3900, 2.0));
    for (int w : {1, 2, 4}) {
      auto p = cpu;
      p["workers"] = w;
      const double par = std::min(w, 2);
      rs.push_back(run("cpu", "threads", p, rep, 2.0 / par * 1.01, 4000 + 100 * w, 2.0 / par));
      p["spawn"] = "fork";
      rs.push_back(run("cpu", "procs", p, rep, 2.0 / par * 1.06, 3800, 2.0 / par));
      p.erase("spawn");
      p["loop_threads"] = 1;
      p["yield_every"] = 1000000;
      rs.push_back(run("cpu", "async", p, rep, 2.06, 4100, 2.0));
      rs.back().metrics["yields"] = 400;
    }
  }
  tag(rs, 0, "cpu-scaling");

  const std::size_t sleep_from = rs.size();
  const boost::json::object sleep{{"tasks", 3}, {"ms", 1000}, {"seed", 1}, {"workers", 3}};
  for (int rep = 0; rep < 5; ++rep) {
    auto s = sleep;
    s.erase("workers");
    rs.push_back(run("sleep", "serial", s, rep, 3.02, 3500, 3.0));
    rs.push_back(run("sleep", "threads", sleep, rep, 1.003, 3700, 1.0));
    rs.back().metrics["max_oversleep_ms"] = 0.4;
    auto a = sleep;
    a["loop_threads"] = 1;
    rs.push_back(run("sleep", "async", a, rep, 1.002, 3600, 1.0));
    rs.back().metrics["max_oversleep_ms"] = 0.2;
    auto p = sleep;
    p["spawn"] = "exec";
    if (rep == 2)
      rs.push_back(failed("sleep", "procs", p, rep, "worker 2 of 3: exec \"lab-procs\" failed, No such file"));
    else
      rs.push_back(run("sleep", "procs", p, rep, 1.012, 3400, 1.0));
  }
  tag(rs, sleep_from, "seed-sleep");

  const std::size_t io_from = rs.size();
  for (int c : {16, 64, 256}) {
    const boost::json::object io{{"requests", 1024}, {"delay_ms", 10}, {"concurrency", c}};
    const double ideal = 0.010 * (1024 / c);
    for (int rep = 0; rep < 5; ++rep) {
      rs.push_back(run("io", "threads", io, rep, ideal * (c < 256 ? 1.02 : 1.5), 3800 + 10 * c, ideal));
      rs.back().metrics["p50_ms"] = 10.2;
      rs.back().metrics["p99_ms"] = 12.5 + c / 64.0;
      auto a = io;
      a["loop_threads"] = 1;
      rs.push_back(run("io", "async", a, rep, ideal * (c < 256 ? 1.10 : 1.05), 3900, ideal));
      rs.back().metrics["p50_ms"] = 10.4;
      rs.back().metrics["p99_ms"] = 11.0;
    }
  }
  tag(rs, io_from, "io-fanout");
  return rs;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where two texts first differ, by line: a whole-file diff is unreadable in a test log.
std::string first_difference(const std::string& expected, const std::string& actual) {
  std::istringstream e(expected), a(actual);
  std::string le, la;
  for (int line = 1;; ++line) {
    const bool more_e = static_cast<bool>(std::getline(e, le));
    const bool more_a = static_cast<bool>(std::getline(a, la));
    if (!more_e && !more_a) return "";
    if (le != la || more_e != more_a)
      return ":" + std::to_string(line) + " differs\n  expected: " + le + "\n  actual:   " + la;
  }
}

// Compares with tests/golden/NAME; LAB_UPDATE_GOLDEN=1 rewrites the file instead.
void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(LAB_SOURCE_DIR) / "tests" / "golden" / name;
  if (const char* update = std::getenv("LAB_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
  }
  REQUIRE_MESSAGE(fs::exists(path), "missing golden file " << path << " (LAB_UPDATE_GOLDEN=1 writes it)");
  const std::string expected = read_text(path);
  CHECK_MESSAGE(expected == actual, name << first_difference(expected, actual));
}

using lab::test::temp_dir;

const analysed_experiment& find(const analysis& a, const std::string& title) {
  for (const auto& e : a.experiments)
    if (e.title() == title) return e;
  FAIL("no experiment " << title);
  return a.experiments.front();
}

std::size_t variant_index(const analysed_experiment& e, const std::string& label) {
  for (std::size_t v = 0; v < e.variants.size(); ++v)
    if (e.variants[v] == label) return v;
  FAIL("no variant " << label);
  return 0;
}

std::string markdown_of(const std::vector<record>& rs) {
  std::ostringstream out;
  write_markdown(out, rs);
  return out.str();
}

}  // namespace

// ---- formatting ---------------------------------------------------------------------------

TEST_CASE("report: numbers read as units with three significant digits") {
  CHECK(fmt::seconds(1.23456) == "1.23 s");
  CHECK(fmt::seconds(0.41234) == "412 ms");
  CHECK(fmt::seconds(0.0000123) == "12.3 µs");
  CHECK(fmt::seconds(85e-9) == "85.0 ns");
  CHECK(fmt::seconds(0.9996) == "1.00 s");
  CHECK(fmt::seconds(123.4) == "123 s");
  CHECK(fmt::seconds_range(0.409, 0.4201) == "409–420 ms");
  CHECK(fmt::kib(812) == "812 KiB");
  CHECK(fmt::kib(4000) == "3.91 MiB");
  CHECK(fmt::kib(8 * 1024 * 1024) == "8.00 GiB");
  CHECK(fmt::ratio(1.954) == "1.95×");
  CHECK(fmt::percent(0.9712) == "97%");
  CHECK(fmt::percent(0.0042) == "0.42%");
  CHECK(fmt::p_value(0.0079365) == "p = 0.0079");
  CHECK(fmt::p_value(0.00001) == "p < 0.001");
  CHECK(fmt::r2(0.98765) == "0.99");
  CHECK(fmt::r2(-0.3) == "< 0");
  CHECK(fmt::metric("p99_ms", 12.5) == "12.5 ms");
  CHECK(fmt::metric("per_unit_ns", 350) == "350 ns");
  CHECK(fmt::metric("task_s_mean", 1.5) == "1.50 s");
  CHECK(fmt::metric("mem_per_unit_kib", 8.2) == "8.20 KiB");
  CHECK(fmt::metric("yields", 1600) == "1600");
  CHECK(fmt::sig(0.1234567890123) == "0.123");
  CHECK(fmt::sig(1500000) == "1500000");
}

TEST_CASE("report: CSV fields are quoted per RFC 4180") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("") == "");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field(" edge") == "\" edge\"");
}

// ---- grouping -------------------------------------------------------------------------------

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
    if (r.ideal_s) r.extra["run_s"] = *r.ideal_s / 0.98;
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
  rs.back().extra["warmup"] = true;
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

// ---- the verdict ----------------------------------------------------------------------------

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
  CHECK(md.find("**threads** is fastest: 1.00 s median vs 2.00 s for **async**, 2.00× faster (p = 0.0079, "
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

TEST_CASE("report: verdict says indistinguishable when the test cannot tell") {
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
    CHECK(markdown_of(rs).find("are indistinguishable") != std::string::npos);
    CHECK(markdown_of(rs).find("undecided after 5 vs 5 runs") != std::string::npos);
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
    CHECK(markdown_of(rs).find("1.0% apart, within ±2.0% (90% interval of the ratio") != std::string::npos);
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

TEST_CASE("report: Amdahl fit for a cpu sweep over workers, labelled a prediction") {
  std::vector<record> rs;
  // f = 0.1 exactly on 2 cores: speedup(2) = 1 / (0.1 + 0.45) = 1.818.
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(run("cpu", "serial", {{"tasks", 4}}, rep, 1.0));
    for (int w : {1, 2, 4}) rs.push_back(run("cpu", "threads", {{"tasks", 4}, {"workers", w}}, rep, w == 1 ? 1.0 : 0.55));
  }
  const auto a = analyze(rs);
  const auto fits = scaling_fits(a.experiments[0]);
  REQUIRE(fits.size() == 1);
  CHECK(fits[0].cores == std::vector<double>{1, 2, 2});
  CHECK(fits[0].fit.serial_fraction == doctest::Approx(0.1).epsilon(1e-3));
  CHECK(fits[0].fit.predict(16) == doctest::Approx(6.4).epsilon(1e-2));
  const std::string md = markdown_of(rs);
  CHECK(md.find("**prediction**") != std::string::npos);
  CHECK(md.find("serial fraction f = 0.10 → 6.40× at 16 cores, 8.77× at 64 cores") != std::string::npos);
}

// ---- scenarios judged on a metric ------------------------------------------------------------

// A record whose metrics carry the same deterministic jitter as its wall.
record measured(const std::string& scenario, const std::string& model, boost::json::object params, int rep,
                double wall, std::initializer_list<std::pair<const char*, double>> metrics,
                std::initializer_list<std::pair<const char*, const char*>> texts = {}) {
  record r = run(scenario, model, std::move(params), rep, wall);
  for (const auto& [key, value] : metrics) r.metrics[key] = value * (1 + jitter[rep % 8]);
  for (const auto& [key, value] : texts) r.metrics[key] = value;
  return r;
}

TEST_CASE("report: spawn is judged on the cost per unit, with serial as the floor") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep) {
    // By wall time serial would win (it spawns nothing) and async would beat threads by
    // less than the per-unit figures say; neither is the question.
    rs.push_back(measured("spawn", "serial", {{"units", 1000}}, rep, 0.003,
                          {{"per_unit_ns", 1.3}, {"per_unit_r2", 0.999}, {"units", 1000}, {"alive_when_sampled", 0}},
                          {{"mem_method", "none"}}));
    rs.push_back(measured("spawn", "threads", {{"units", 1000}}, rep, 0.25,
                          {{"per_unit_ns", 33400}, {"per_unit_r2", 0.998}, {"mem_per_unit_kib", 8.4},
                           {"kernel_stack_per_unit_kib", 16}, {"page_tables_per_unit_kib", 0.1}, {"units", 1000},
                           {"alive_when_sampled", 1000}},
                          {{"mem_method", "rss_delta"}}));
    rs.push_back(measured("spawn", "procs", {{"units", 1000}, {"spawn", "fork"}}, rep, 0.8,
                          {{"per_unit_ns", 98000}, {"per_unit_r2", 0.97}, {"mem_per_unit_kib", 36},
                           {"kernel_stack_per_unit_kib", 16}, {"units", 1000}, {"alive_when_sampled", 1000}},
                          {{"mem_method", "pss_sum_children"}}));
    rs.push_back(measured("spawn", "async", {{"units", 1000}}, rep, 0.006,
                          {{"per_unit_ns", 317}, {"per_unit_r2", 0.9999}, {"mem_per_unit_kib", 1.08},
                           {"kernel_stack_per_unit_kib", 0}, {"units", 1000}, {"alive_when_sampled", 1000}},
                          {{"mem_method", "rss_delta"}}));
  }
  const auto a = analyze(rs);
  const auto& e = a.experiments[0];
  CHECK(e.primary.key == "per_unit_ns");
  CHECK_FALSE(e.contender(variant_index(e, "serial")));
  const auto& v = e.points[0].verdict;
  CHECK(v.kind == verdict_kind::winner);
  CHECK(e.variants[v.best] == "async");
  CHECK(e.variants[v.runner_up] == "threads");
  CHECK(v.ratio == doctest::Approx(33400.0 / 317).epsilon(0.01));
  // The noise flags are about the metric: per_unit_ns varies like the walls, 0.5%.
  CHECK_FALSE(e.points[0].cells[variant_index(e, "async")].noisy());
  CHECK_FALSE(e.points[0].cells[0].speedup);  // "vs serial" compares wall times: not here

  const std::string md = markdown_of(rs);
  CHECK(md.find("**async** is cheapest: 317 ns per unit vs 33.4 µs for **threads**, 105× cheaper (p = 0.0079, "
                "5 vs 5 runs).") != std::string::npos);
  CHECK(md.find("and memory per unit with 1000 alive at once: async 317 ns (r² 1.00), 1.08 KiB per unit alive; "
                "threads 33.4 µs (105× async), 8.40 KiB + 16.0 KiB kernel stack; procs (fork) 98.0 µs (309× async, "
                "2.93× threads), 36.0 KiB PSS + 16.0 KiB kernel stack. The floor, serial (a plain call): 1.30 ns, "
                "nothing held.") != std::string::npos);
  // The raw dump of every metric is gone from the verdict; the tables keep the metrics.
  CHECK(md.find("Reported by the runs") == std::string::npos);
  CHECK(md.find("| Many units (cost per unit) | `spawn` | **async** | 105× (p = 0.0079) | 1.08 KiB per unit |") !=
        std::string::npos);
  // The main column is the cost per unit; the floor is marked, not ranked.
  CHECK(md.find("| 1.30 ns (1.29–1.31 ns) (floor) | 33.4 µs (33.2–33.6 µs) | 98.0 µs (97.5–98.6 µs) | "
                "**317 ns (315–319 ns)** |") != std::string::npos);
  CHECK(md.find("| variant | runs | per_unit_ns | 95% CI of median | CV | wall | CPU | peak RSS | per_unit_r2 | "
                "mem_per_unit_kib | mem_method |") != std::string::npos);

  const auto charts = charts_for(e);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0].title == "Cost per unit");
  CHECK(charts[0].log_y);
  CHECK(charts[0].categories == std::vector<std::string>{"serial (floor)", "threads", "procs (fork)", "async"});
  CHECK(charts[1].title == "Memory per unit alive");
  CHECK(charts[1].categories == std::vector<std::string>{"threads", "procs (fork)", "async"});
}

TEST_CASE("report: switch is judged per hand-off, and says where the units ran") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep) {
    const boost::json::object p{{"round_trips", 20000}, {"mechanism", "default"}, {"pin", "none"}};
    rs.push_back(measured("switch", "serial", p, rep, 0.003, {{"switch_ns", 1.35}, {"ctx_switches_per_handoff", 0}},
                          {{"mechanism", "call"}}));
    rs.push_back(measured("switch", "threads", p, rep, 0.7, {{"switch_ns", 16600}, {"ctx_switches_per_handoff", 1}},
                          {{"mechanism", "condvar"}}));
    rs.push_back(measured("switch", "procs", p, rep, 0.6, {{"switch_ns", 15000}, {"ctx_switches_per_handoff", 1}},
                          {{"mechanism", "pipe"}}));
    rs.push_back(measured("switch", "async", p, rep, 0.008, {{"switch_ns", 120}, {"ctx_switches_per_handoff", 0}},
                          {{"mechanism", "post"}}));
  }
  tag(rs, 0, "switch");
  const std::size_t placed_from = rs.size();
  for (const char* pin : {"same", "spread"})
    for (int rep = 0; rep < 3; ++rep)
      rs.push_back(measured("switch", "threads", {{"round_trips", 20000}, {"mechanism", "condvar"}, {"pin", pin}}, rep,
                            0.1, {{"switch_ns", std::string(pin) == "same" ? 2600 : 25000}},
                            {{"mechanism", "condvar"}}));
  tag(rs, placed_from, "switch-placed");

  const auto a = analyze(rs);
  const auto& e = find(a, "switch");
  const auto& v = e.points[0].verdict;
  CHECK(v.kind == verdict_kind::winner);
  CHECK(e.variants[v.best] == "async");
  CHECK(e.variants[v.runner_up] == "procs");
  const std::string md = markdown_of(rs);
  CHECK(md.find("One-way hand-off, cheapest first: **async post** 120 ns per hand-off, 125× cheaper than procs pipe "
                "(15.0 µs) and 138× cheaper than threads condvar (16.6 µs). Kernel context switches per hand-off: "
                "async post 0, procs pipe 1.0, threads condvar 1.0. The floor, serial (a plain call): 1.35 ns.") !=
        std::string::npos);
  CHECK(md.find("Measured at `pin=none`: the kernel chose where the two units ran") != std::string::npos);
  // A sweep over pin gives both placements side by side.
  CHECK(md.find("In `switch-placed`, sweeping `pin`:") != std::string::npos);
  CHECK(md.find("- threads condvar: 2.60 µs at `pin=same`, 25.0 µs at `pin=spread` (across CPUs 9.62× dearer)") !=
        std::string::npos);
  // Split over experiments, the models still meet in one sentence, each from best to worst.
  CHECK(md.find("Across the `switch` experiments, each variant from its best to its worst time per one-way hand-off: "
                "async 120 ns (post, `switch`); threads 2.60 µs (condvar, `switch-placed: pin=same`) to 25.0 µs "
                "(condvar, `switch-placed: pin=spread`), at best 21.7× async; procs 15.0 µs (pipe, `switch`), at best "
                "125× async. The floor, serial (a plain call): 1.35 ns.") != std::string::npos);
  const auto charts = charts_for(e);
  REQUIRE(!charts.empty());
  CHECK(charts[0].title == "Time per one-way hand-off");
  CHECK(charts[0].categories.size() == 4);
}

// The yield curve: async along yield_every, threads (no yield_every) beside every point.
std::vector<record> yield_records(bool with_threads) {
  std::vector<record> rs;
  struct pt {
    int every;
    double latency, slowdown, yields;
  };
  const pt curve[] = {{0, 41.0, 1.0, 0},        {10, 10.06, 3.0, 5e6},     {1000, 10.08, 1.40, 5e4},
                      {100000, 10.2, 1.04, 500}, {10000000, 14.0, 1.0, 5}};
  const boost::json::object base{{"samples", 50000000}, {"io_ms", 10}, {"pin", "none"}};
  for (int rep = 0; rep < 5; ++rep) {
    for (const auto& c : curve) {
      auto p = base;
      p["yield_every"] = c.every;
      p["loop_threads"] = 1;
      rs.push_back(measured("yield", "async", p, rep, 0.13,
                            {{"io_latency_ms", c.latency}, {"io_ideal_ms", 10}, {"cpu_slowdown", c.slowdown},
                             {"yields", c.yields}}));
      if (c.yields > 0) rs.back().metrics["ns_per_yield"] = c.every == 10 ? 40.0 : 300.0;
      if (c.yields == 0) rs.back().metrics["yields"] = 0;
    }
    if (with_threads)
      rs.push_back(measured("yield", "threads", base, rep, 0.13,
                            {{"io_latency_ms", 10.1}, {"io_ideal_ms", 10}, {"cpu_slowdown", 1.002}, {"yields", 0}}));
  }
  return rs;
}

TEST_CASE("report: yield is judged on I/O latency along the yield_every curve, threads beside it") {
  auto rs = yield_records(true);
  tag(rs, 0, "yield");
  const auto a = analyze(rs);
  const auto& e = a.experiments[0];
  CHECK(e.axes == std::vector<std::string>{"yield_every"});
  CHECK(e.variants == std::vector<std::string>{"threads", "async"});
  REQUIRE(e.points.size() == 5);
  for (const auto& p : e.points) CHECK(p.cells[0].ok == 5);  // threads stand at every point
  CHECK(e.everywhere == std::vector<bool>{true, false});
  CHECK(e.points[0].verdict.kind == verdict_kind::winner);
  CHECK(e.variants[e.points[0].verdict.best] == "threads");

  const std::string md = markdown_of(rs);
  CHECK(md.find("- `yield_every` = 0: **threads** wins, 4.06× lower than async: 10.1 ms I/O latency vs 41.0 ms "
                "(p = 0.0079).") != std::string::npos);
  CHECK(md.find("- **async**: the best interval is `yield_every=100000`: 10.2 ms I/O latency (+2.0% over its ideal "
                "10.0 ms) at +4.0% CPU time (the lowest latency of the intervals that cost at most 5.0% CPU time). "
                "At the smallest interval, `yield_every=10`, yielding costs 3.00× the CPU time (40.0 ns per yield) for "
                "10.1 ms I/O latency. The latency is more than 10% over its ideal at `yield_every` = 10000000 "
                "(14.0 ms). Greedy, `yield_every=0` (never yields): the request waits for the CPU task, 41.0 ms I/O "
                "latency, 4.10× its ideal.") != std::string::npos);
  CHECK(md.find("- Beside it, **threads** (the kernel preempts the CPU task instead): 10.1 ms I/O latency (+1.0% over "
                "its ideal 10.0 ms) at +0.20% CPU time.") != std::string::npos);

  const auto charts = charts_for(e);
  REQUIRE(charts.size() == 2);
  const chart& latency = charts[0];
  CHECK(latency.title == "Yield curve: I/O latency against yield_every");
  CHECK(latency.log_x);
  // The greedy point cannot sit on a log axis: a labelled line. threads have no such point.
  REQUIRE(latency.reference_lines.size() == 2);
  CHECK(latency.reference_lines[0].first == "async at yield_every=0 (never yields)");
  CHECK(latency.reference_lines[0].second == doctest::Approx(41.0));
  CHECK(latency.reference_lines[1].first == "ideal: io_ms");
  CHECK(charts[1].title == "Yield curve: CPU slowdown against yield_every");
  CHECK(charts[1].log_x);
}

TEST_CASE("report: yield names threads measured in another experiment beside the async curve") {
  auto rs = yield_records(false);
  tag(rs, 0, "yield-async");
  const std::size_t from = rs.size();
  for (const char* pin : {"none", "same"})
    for (int rep = 0; rep < 3; ++rep)
      rs.push_back(measured("yield", "threads", {{"samples", 50000000}, {"io_ms", 10}, {"pin", pin}}, rep, 0.13,
                            {{"io_latency_ms", std::string(pin) == "none" ? 10.1 : 25.0}, {"io_ideal_ms", 10},
                             {"cpu_slowdown", 1.0}}));
  tag(rs, from, "yield-threads");
  const std::string md = markdown_of(rs);
  CHECK(md.find("- Beside it, **threads** in `yield-threads` (the kernel preempts the CPU task instead): 10.1 ms I/O "
                "latency (+1.0% over its ideal 10.0 ms) at +0% CPU time at `pin=none`; 25.0 ms I/O latency (+150% "
                "over its ideal 10.0 ms) at +0% CPU time at `pin=same`.") != std::string::npos);
}

TEST_CASE("report: a crossover on a metric: async overtakes threads on I/O latency") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(measured("yield", "threads", {{"io_ms", 10}}, rep, 0.1, {{"io_latency_ms", 11.0}}));
    for (int every : {0, 1000, 100000})
      rs.push_back(measured("yield", "async", {{"io_ms", 10}, {"yield_every", every}}, rep, 0.1,
                            {{"io_latency_ms", every == 0 ? 40.0 : 10.0}}));
  }
  const std::string md = markdown_of(rs);
  CHECK(md.find("**Crossover:** **async** overtakes **threads** between `yield_every` = 0 and 1000: at "
                "`yield_every=1000` async 10.0 ms I/O latency, threads 11.0 ms.") != std::string::npos);
  CHECK(md.find("async overtakes threads between yield_every = 0 and 1000") != std::string::npos);
}

TEST_CASE("report: mixed compares the wall with S + L and max(S, L), io shows latency percentiles") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(measured("mixed", "serial", {}, rep, 0.531, {{"server_s", 0.2}, {"local_s", 0.33}}));
    rs.push_back(measured("mixed", "threads", {}, rep, 0.336, {{"server_s", 0.2}, {"local_s", 0.333}}));
  }
  std::string md = markdown_of(rs);
  CHECK(md.find("(the local sum): threads 336 ms = 1.01 × max(S, L) (S 200 ms, L 333 ms); serial 531 ms ≈ S + L "
                "(S 200 ms, L 330 ms).") != std::string::npos);
  CHECK(md.find("Against the parts alone") == std::string::npos);
  // Overlapped parts that ran much slower than alone (a busy machine): it bounds the overlap.
  rs.clear();
  for (int rep = 0; rep < 5; ++rep) {
    rs.push_back(measured("mixed", "serial", {}, rep, 0.531, {{"server_s", 0.2}, {"local_s", 0.33}}));
    rs.push_back(measured("mixed", "async", {}, rep, 0.52, {{"server_s", 0.35}, {"local_s", 0.515}}));
  }
  md = markdown_of(rs);
  CHECK(md.find("async 520 ms = 1.01 × max(S, L) (S 350 ms, L 515 ms); serial 531 ms ≈ S + L (S 200 ms, L 330 ms). "
                "Against the parts alone, as serial ran them (max(S, L) = 330 ms), the best, async, takes 1.58×: "
                "overlapped, its parts ran slower (S 350 ms vs 200 ms, L 515 ms vs 330 ms), so the CPUs they share, "
                "not the model, bound the overlap.") != std::string::npos);
  CHECK(md.find("| serial | 531 ms | 200 ms | 330 ms | 1.61× | 1.00× |") != std::string::npos);

  rs.clear();
  for (int rep = 0; rep < 3; ++rep)
    for (const char* model : {"threads", "async"})
      rs.push_back(measured("io", model, {{"concurrency", 100}, {"delay_ms", 20}}, rep, 0.03,
                            {{"p50_ms", std::string(model) == "async" ? 23.1 : 21.2},
                             {"p99_ms", std::string(model) == "async" ? 23.8 : 25.0}}));
  md = markdown_of(rs);
  CHECK(md.find("Latency of one request, p50 / p99, lowest p99 first (the server answers after `delay_ms` = 20 ms): "
                "async 23.1 ms / 23.8 ms, threads 21.2 ms / 25.0 ms.") != std::string::npos);
  CHECK(md.find("| 23.1 ms / 23.8 ms |") != std::string::npos);
}

// ---- writers --------------------------------------------------------------------------------

TEST_CASE("report: markdown golden") { check_golden("report.md", markdown_of(golden_records())); }

TEST_CASE("report: csv golden") {
  std::ostringstream out;
  write_csv(out, golden_records());
  check_golden("results.csv", out.str());
}

TEST_CASE("report: html is one self-contained page") {
  const auto rs = golden_records();
  auto common = [](const std::string& html) {
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("<table>") != std::string::npos);
    CHECK(html.find("Which concurrency do I want?") != std::string::npos);
    CHECK(html.find("</html>") != std::string::npos);
    // Nothing to fetch: no links, scripts, images or URLs of any kind.
    for (const char* external : {"http://", "https://", "<script", "<link", "<img", "<iframe", "src=", "url(http"})
      CHECK_MESSAGE(html.find(external) == std::string::npos, "found " << external);
  };
  SUBCASE("without gnuplot the page says so and keeps the tables") {
    std::ostringstream out;
    const render::gnuplot_process missing("/nonexistent/gnuplot");
    write_html(out, rs, html_options{&missing, true});
    const std::string html = out.str();
    common(html);
    CHECK(html.find("<svg") == std::string::npos);
    CHECK(html.find("gnuplot was not found") != std::string::npos);
  }
  SUBCASE("with gnuplot the charts are inline SVG") {
    lab::test::required_tool("gnuplot");
    const render::gnuplot_process gnuplot;
    std::ostringstream out;
    write_html(out, rs, html_options{&gnuplot});
    const std::string html = out.str();
    common(html);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<?xml") == std::string::npos);
    CHECK(html.find("gnuplot was not found") == std::string::npos);
    CHECK(html.find("class=\"warning\">Chart") == std::string::npos);  // a chart gnuplot could not draw
    // Element ids are unique across the inlined charts.
    CHECK(html.find("id=\"c1-gnuplot_canvas\"") != std::string::npos);
    CHECK(html.find("id=\"c2-gnuplot_canvas\"") != std::string::npos);
    CHECK(html.find("id=\"gnuplot_canvas\"") == std::string::npos);
  }
}

TEST_CASE("report: gnuplot scripts take labels literally and log-scale geometric sweeps") {
  const auto a = analyze(golden_records());
  const auto charts = charts_for(find(a, "io-fanout"));
  REQUIRE(!charts.empty());
  CHECK(charts[0].log_x);  // 16, 64, 256
  const std::string script = gnuplot_script(charts[0]);
  CHECK(script.find("noenhanced") != std::string::npos);
  CHECK(script.find("set logscale x 2") != std::string::npos);
  chart c;
  c.title = "it's";
  CHECK(gnuplot_script(c).find("set title 'it''s'") != std::string::npos);
}

// ---- files ----------------------------------------------------------------------------------

TEST_CASE("report: reading results skips blank lines and reports torn ones") {
  temp_dir dir;
  const auto rs = golden_records();
  {
    std::ofstream out(dir.path / "a.jsonl");
    out << boost::json::serialize(to_json(rs[0])) << "\n\n   \n" << boost::json::serialize(to_json(rs[1])) << "\n";
    out << "{\"schema\": 1, \"scenario\": \"cpu\", \"mod";  // torn by an interrupted write
  }
  const auto in = read_results({(dir.path / "a.jsonl").string()});
  CHECK(in.records.size() == 2);
  REQUIRE(in.warnings.size() == 1);
  CHECK(in.warnings[0].find("a.jsonl:5: skipped") != std::string::npos);
  CHECK(in.warnings[0].find("torn") != std::string::npos);
  CHECK_THROWS_AS(read_results({(dir.path / "missing.jsonl").string()}), usage_error);
}

TEST_CASE("report: write_report writes the three files and a summary") {
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
    out << "not json\n";
  }
  const auto out_dir = dir.path / "report";
  const auto s = write_report({(dir.path / "results.jsonl").string()}, out_dir.string(),
                              report::html_options{nullptr, false});
  for (const char* f : {"report.md", "report.html", "results.csv"}) CHECK(fs::exists(out_dir / f));
  CHECK(s.written.size() == 3);
  CHECK(s.records == golden_records().size());
  CHECK(s.failed == 1);
  CHECK(s.experiments == 3);
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.text().find("warning: ") != std::string::npos);
  CHECK(read_text(out_dir / "report.md").find("**Input skipped:** 1 line is not a record") != std::string::npos);
  // The same text as the writer gives for the records read back (Boost.JSON 1.81 may move a
  // parsed double by one ulp, so the comparison is not against the records before writing).
  std::ostringstream csv;
  write_csv(csv, read_results({(dir.path / "results.jsonl").string()}).records);
  const std::string written = read_text(out_dir / "results.csv");
  CHECK_MESSAGE(written == csv.str(), "results.csv" << first_difference(csv.str(), written));
  // No temporary files are left beside them.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(out_dir)) ++files;
  CHECK(files == 3);
}

TEST_CASE("report: unreadable or empty results are usage errors") {
  temp_dir dir;
  const std::string out = (dir.path / "out").string();
  CHECK_THROWS_AS(write_report({(dir.path / "missing.jsonl").string()}, out), usage_error);
  {
    std::ofstream empty(dir.path / "empty.jsonl");
    empty << "\n";
  }
  CHECK_THROWS_AS(write_report({(dir.path / "empty.jsonl").string()}, out), usage_error);
}

TEST_CASE("report: a report is written whole or not at all") {
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
  }
  const auto out_dir = dir.path / "report";
  fs::create_directories(out_dir);
  std::ofstream(out_dir / "report.md") << "the old report\n";
  // report.html cannot be written: its temporary's name is taken by a folder.
  fs::create_directories(out_dir / ".report.html.tmp");
  CHECK_THROWS_WITH_AS(write_report({(dir.path / "results.jsonl").string()}, out_dir.string(),
                                    report::html_options{nullptr, false}),
                       doctest::Contains("cannot write"), std::runtime_error);
  CHECK(read_text(out_dir / "report.md") == "the old report\n");
  CHECK_FALSE(fs::exists(out_dir / "results.csv"));
  CHECK_FALSE(fs::exists(out_dir / ".report.md.tmp"));
}

TEST_CASE("report: records of the wrong shape are skipped with a warning naming the field") {
  boost::json::object good = to_json(golden_records()[0]);
  auto with = [&](const char* key, boost::json::value v) {
    boost::json::object o = good;
    o[key] = std::move(v);
    return boost::json::serialize(o);
  };
  auto why = [](const std::string& line) {
    auto parsed = read_record_line(line);
    const auto* w = std::get_if<std::string>(&parsed);
    return w ? *w : std::string("read as a record");
  };
  CHECK(why(boost::json::serialize(good)) == "read as a record");
  CHECK(why(with("params", boost::json::array{1, 2})) == "field 'params' is a list, expected an object");
  CHECK(why(with("model", 7)) == "field 'model' is a number, expected a string");
  CHECK(why(with("ok", "yes")) == "field 'ok' is a string, expected a boolean");
  CHECK(why(with("wall_s", "fast")) == "field 'wall_s' is a string, expected a number");
  CHECK(why(with("rep", 1e300)) == "field 'rep' is out of range");
  CHECK(why(with("metrics", boost::json::array{})) == "field 'metrics' is a list, expected an object or null");
}

namespace {

// A fairness check's records: cpu-uniform in two models, serial `serial_ratio` times slower.
std::vector<record> check_records(double serial_ratio) {
  std::vector<record> rs;
  for (int rep = 0; rep < 9; ++rep)
    for (const char* m : {"serial", "threads"}) {
      record r = run("cpu", m, {{"tasks", 1}, {"samples", 50000000}}, rep, 0.05, 3000, 0.05);
      r.metrics["ns_per_sample"] = (std::string(m) == "serial" ? serial_ratio : 1.0) * (0.75 + rep * 0.001);
      r.extra["experiment"] = "check:cpu-uniform";
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
  // The check: both models alike, CPU 0 20% slower than CPU 1 in pinned rounds.
  std::vector<record> rs;
  for (int rep = 0; rep < 10; ++rep)
    for (const char* m : {"serial", "threads"}) {
      record r = run("cpu", m, {{"tasks", 1}, {"samples", 50000000}}, rep, 0.05, 3000, 0.05);
      r.metrics["ns_per_sample"] = (rep % 2 == 0 ? 0.9 : 0.75) * (1 + rep * 0.001);
      r.extra["experiment"] = "check:cpu-uniform";
      r.extra["cpu"] = rep % 2;
      rs.push_back(r);
    }
  // threads 10% faster than async, one unit each.
  auto with_runs = [&](bool pinned) {
    auto all = rs;
    for (int rep = 0; rep < 5; ++rep)
      for (const char* m : {"threads", "async"}) {
        record r = run("cpu", m, {{"workers", 1}}, rep, std::string(m) == "threads" ? 1.0 : 1.1);
        r.metrics["units"] = 1;
        if (pinned) r.extra["cpu"] = rep % 2;
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
}

// Looked at as a person would: the first screen of report.html in a 1400 x 900 window holds
// the summary figure. Headless Chromium lays the page out; a probe script appended to a copy
// reports where the figure landed, and a screenshot of the first screen is kept beside it.
TEST_CASE("report: in a browser, the first screen shows the answer's table and the summary figure") {
  const std::string chromium = lab::test::optional_tool({"chromium", "chromium-browser"}, "the page in a browser");
  if (chromium.empty()) return;
  lab::test::required_tool("gnuplot");
  const render::gnuplot_process gnuplot;
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
  }
  const auto out_dir = dir.path / "report";
  write_report({(dir.path / "results.jsonl").string()}, out_dir.string(), html_options{&gnuplot});
  const std::string page = read_text(out_dir / "report.html");
  REQUIRE(page.find("id=\"summary-figure\"") != std::string::npos);
  std::ofstream(dir.path / "probe.html")
      << page
      << "<script>const f = document.getElementById('summary-figure'), t = document.querySelector('table');"
         "const r = f.getBoundingClientRect(), q = t.getBoundingClientRect();"
         "document.body.insertAdjacentHTML('beforeend', '<pre id=\"probe\">' + [r.left, r.top, r.right, r.bottom,"
         " q.right, document.documentElement.scrollWidth].join(' ') + '</pre>');</script>\n";
  const std::vector<std::string> common{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                        "--disable-component-update", "--disable-sync", "--no-first-run",
                                        "--user-data-dir=" + (dir.path / "profile").string(), "--window-size=1400,900"};
  auto args = common;
  args.insert(args.end(), {"--virtual-time-budget=3000", "--dump-dom", "file://" + (dir.path / "probe.html").string()});
  const auto dom = lab::test::run(chromium, args, 180);
  REQUIRE(dom.status == 0);
  const auto at = dom.out.find("<pre id=\"probe\">");
  REQUIRE(at != std::string::npos);
  std::istringstream probe(dom.out.substr(at + 16));
  double left = 0, top = 0, right = 0, bottom = 0, table_right = 0, page_width = 0;
  probe >> left >> top >> right >> bottom >> table_right >> page_width;
  CAPTURE(dom.out.substr(at, 120));
  CHECK(top >= 0);
  CHECK(left >= 0);
  CHECK(right <= 1400);
  CHECK(bottom <= 900);         // the whole figure, without scrolling
  CHECK(table_right <= 1400);   // the answer's table fits the width
  CHECK(page_width <= 1400);    // and nothing on the page scrolls sideways
  auto shot = common;
  // A virtual time budget, as for the probe: without one a loaded machine once kept the
  // screenshot waiting past 90 s.
  shot.insert(shot.end(), {"--virtual-time-budget=3000", "--screenshot=" + (dir.path / "first-screen.png").string(),
                           "file://" + (out_dir / "report.html").string()});
  REQUIRE(lab::test::run(chromium, shot, 180).status == 0);
  const std::string png = read_text(dir.path / "first-screen.png");
  CHECK(png.rfind("\x89PNG", 0) == 0);
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
}

TEST_CASE("report: models are compared on the run inside their process, not on the executable's start and exit") {
  // async's executable starts 20 ms slower than threads' (another binary), its run is 10% faster:
  // the verdict is about the run.
  std::vector<record> rs;
  for (int rep = 0; rep < 8; ++rep) {
    record t = run("sleep", "threads", {}, rep, 0.130);
    t.extra["run_s"] = t.wall_s - 0.010;
    record a = run("sleep", "async", {}, rep, 0.130);
    a.extra["run_s"] = 0.9 * (a.wall_s - 0.010);
    a.wall_s += 0.020;
    rs.push_back(t);
    rs.push_back(a);
  }
  const auto an = analyze(rs);
  const auto& p = an.experiments[0].points[0];
  REQUIRE(p.verdict.kind == verdict_kind::winner);
  CHECK(an.experiments[0].variants[p.verdict.best] == "async");
  CHECK(p.cells[p.verdict.best].walls.front() == doctest::Approx(rs[1].extra.at("run_s").as_double()));
  CHECK(p.cells[p.verdict.best].process_walls.front() == rs[1].wall_s);
  CHECK(run_time_s(record{}) == 0);  // no run_s: the wall
}
