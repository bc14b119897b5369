// One writer per results file, and --resume that knows its file and is idempotent (issue 21).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "record/record.hpp"
#include "support.hpp"
#include "sweep/results_file.hpp"
#include "sweep/sweep.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::temp_dir;
namespace fs = std::filesystem;

namespace {

std::size_t line_count(const std::string& path) {
  std::ifstream in(path);
  std::size_t n = 0;
  for (std::string line; std::getline(in, line);) ++n;
  return n;
}

sweep_hooks quiet() { return {LAB_BIN_DIR, nullptr, {}, {}, {}}; }

// A sweep of two quick runs into dir/r.jsonl, run once.
sweep_settings two_runs_recorded(const temp_dir& dir) {
  sweep_settings o;
  o.check = false;
  o.configs = {dir.write("c.ini", "[c]\nscenario = sleep\nmodels = serial\nreps = 2\nset.ms = 0\n")};
  o.out = dir.file("r.jsonl");
  run_sweep(prepare_sweep(o), o, quiet());
  return o;
}

// Two models whose sleeps differ threefold, and a budget of 1 s against 30 rounds of about
// 0.1 s: the rounds end before max_reps, on the statistics or on the budget (whichever a
// loaded machine allows), and resume must decide both again alike.
const char* const adaptive =
    "[a]\nscenario = sleep\nmodels = serial, threads\nreps = auto\nmin_reps = 3\nmax_reps = 30\nbudget = 1\n"
    "set.tasks = 3\nset.ms = 15\n";

}  // namespace

// On main two `lab sweep --resume` with one plan and one --out ran every run twice.
TEST_CASE("resume: a results file has one writer; a second is refused naming the holder") {
  temp_dir dir;
  const std::string out = dir.file("r.jsonl");
  results_file first(out, false);
  try {
    results_file second(out, false);
    FAIL("a second writer was let in");
  } catch (const usage_error& e) {
    const std::string why = e.what();
    CHECK(why.find(out + " is being written by pid " + std::to_string(::getpid())) == 0);
    CHECK(why.find("one sweep writes a results file at a time") != std::string::npos);
  }
  // The command line: exit 2, one line, nothing run, the holder's file untouched.
  const std::string config = dir.write("c.ini", "[c]\nscenario = sleep\nmodels = serial\nreps = 2\nset.ms = 0\n");
  const auto r = lab::test::run(lab::test::bin("lab"), {"sweep", config, "--no-check", "--resume", "--out", out});
  CHECK(r.status == 2);
  CHECK(r.err.find("is being written by pid " + std::to_string(::getpid())) != std::string::npos);
  CHECK(line_count(out) == 0);
}

// Issue 22 (#8): a sweep run twice into one --out doubled every record.
TEST_CASE("resume: an --out that holds records needs --resume or --fresh") {
  temp_dir dir;
  sweep_settings o = two_runs_recorded(dir);
  REQUIRE(line_count(o.out) == 2);
  CHECK_THROWS_WITH_AS(prepare_sweep(o),
                       (o.out + " already holds results: --resume to add the runs it lacks, --fresh to start it anew").c_str(),
                       usage_error);
  o.dry_run = true;  // a plan alone writes nothing, so it may look
  CHECK_NOTHROW(prepare_sweep(o));
  o.dry_run = false;
  o.fresh = true;
  CHECK(run_sweep(prepare_sweep(o), o, quiet()).recorded == 2);
  CHECK(line_count(o.out) == 2);
}

// On main a finished reps = auto sweep resumed ran 12 more runs that it had called unneeded.
TEST_CASE("resume: a finished reps = auto sweep resumed runs nothing") {
  temp_dir dir;
  sweep_settings o;
  o.check = false;
  o.configs = {dir.write("a.ini", adaptive)};
  o.out = dir.file("r.jsonl");
  sweep_summary first;
  {
    const auto work = prepare_sweep(o);
    first = run_sweep(work, o, quiet());
  }
  REQUIRE_FALSE(first.interrupted);
  REQUIRE(first.not_needed > 0);  // the case in point: rounds the comparison did not need
  const std::size_t lines = line_count(o.out);
  o.resume = true;
  for (int again = 0; again < 2; ++again) {
    const auto work = prepare_sweep(o);
    CHECK(work.skipped == lines);
    const auto s = run_sweep(work, o, quiet());
    CHECK(s.recorded == 0);
    CHECK(s.not_needed == first.not_needed);
    CHECK_FALSE(s.interrupted);
    CHECK(line_count(o.out) == lines);
  }
}

// On main a config that redefined an experiment appended to its old runs silently, and 100 KB
// of random bytes as --out got 10 records appended after the garbage, exit 0.
TEST_CASE("resume: --resume refuses a file of another plan or no results at all") {
  temp_dir dir;
  sweep_settings o = two_runs_recorded(dir);
  o.resume = true;
  CHECK(prepare_sweep(o).todo.empty());
  // The same experiment, planned otherwise.
  o.configs = {dir.write("c.ini", "[c]\nscenario = sleep\nmodels = serial\nreps = 3\nset.ms = 0\n")};
  CHECK_THROWS_WITH_AS(prepare_sweep(o), doctest::Contains("holds runs of experiment 'c' planned differently"),
                       usage_error);
  // Another experiment in the same file is no conflict: a file may hold several configs' runs.
  o.configs = {dir.write("d.ini", "[d]\nscenario = sleep\nmodels = serial\nreps = 1\nset.ms = 0\n")};
  CHECK(prepare_sweep(o).todo.size() == 1);

  std::string noise(100 * 1024, '\0');
  std::mt19937 rng(5);
  for (char& c : noise) c = static_cast<char>(rng());
  o.out = dir.write("noise.bin", noise);
  CHECK_THROWS_WITH_AS(prepare_sweep(o), doctest::Contains("is not a results file: none of its"), usage_error);
  const auto r = lab::test::run(lab::test::bin("lab"), {"sweep", o.configs[0], "--no-check", "--resume", "--out", o.out});
  CHECK(r.status == 2);
  CHECK(fs::file_size(o.out) == noise.size());
}
