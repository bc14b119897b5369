#pragma once
// What the report's tests share: records built by hand (a fixed machine, deterministic
// jitter), the golden record set, and the comparison with a golden file.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "report/analysis.hpp"
#include "report/writers.hpp"

namespace lab::report_test {

using namespace lab::report;
namespace fs = std::filesystem;

inline machine_info test_machine(const std::string& host = "testbox") {
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
inline constexpr double jitter[] = {0.0, 0.004, -0.003, 0.006, -0.005, 0.002, -0.001, 0.003};

inline record run(const std::string& scenario, const std::string& model, boost::json::object params, int rep, double wall,
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

inline record failed(const std::string& scenario, const std::string& model, boost::json::object params, int rep,
              const std::string& error) {
  record r = run(scenario, model, std::move(params), rep, 0.001);
  r.ok = false;
  r.error = error;
  r.wall_s = 0.001;
  r.user_s = r.sys_s = 0;
  r.max_rss_kib = 0;
  return r;
}

inline void tag(std::vector<record>& rs, std::size_t from, const std::string& experiment) {
  for (std::size_t i = from; i < rs.size(); ++i) rs[i].experiment = experiment;
}

// The golden set: a cpu sweep over workers (serial, threads, procs, async), a sleep point
// with a failed run, and an io sweep where async overtakes threads.
inline std::vector<record> golden_records() {
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

inline std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Where two texts first differ, by line: a whole-file diff is unreadable in a test log.
inline std::string first_difference(const std::string& expected, const std::string& actual) {
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

// Compares `actual` with tests/golden/NAME, failing on any difference and naming the first
// one; LAB_UPDATE_GOLDEN=1 rewrites the file instead (review the change with git diff).
inline void check_golden(const std::string& name, const std::string& actual) {
  const fs::path path = fs::path(LAB_SOURCE_DIR) / "tests" / "golden" / name;
  if (const char* update = std::getenv("LAB_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << actual;
  }
  const std::string regenerate = "LAB_UPDATE_GOLDEN=1 ctest --test-dir build -R 'report' rewrites it";
  REQUIRE_MESSAGE(fs::exists(path), "missing golden file " << path << " (" << regenerate << ")");
  const std::string expected = read_text(path);
  const bool same = expected == actual;  // not the texts themselves: doctest would print both whole
  CHECK_MESSAGE(same, "tests/golden/" << name << first_difference(expected, actual) << "\n  if the new text is right, "
                                     << regenerate);
}

inline const analysed_experiment& find(const analysis& a, const std::string& title) {
  for (const auto& e : a.experiments)
    if (e.title() == title) return e;
  FAIL("no experiment " << title);
  return a.experiments.front();
}

inline std::size_t variant_index(const analysed_experiment& e, const std::string& label) {
  for (std::size_t v = 0; v < e.variants.size(); ++v)
    if (e.variants[v] == label) return v;
  FAIL("no variant " << label);
  return 0;
}

inline std::string markdown_of(const std::vector<record>& rs) {
  std::ostringstream out;
  write_markdown(out, rs);
  return out.str();
}



// A record whose metrics carry the same deterministic jitter as its wall.
inline record measured(const std::string& scenario, const std::string& model, boost::json::object params, int rep,
                double wall, std::initializer_list<std::pair<const char*, double>> metrics,
                std::initializer_list<std::pair<const char*, const char*>> texts = {}) {
  record r = run(scenario, model, std::move(params), rep, wall);
  for (const auto& [key, value] : metrics) r.metrics[key] = value * (1 + jitter[rep % 8]);
  for (const auto& [key, value] : texts) r.metrics[key] = value;
  return r;
}

}  // namespace lab::report_test
