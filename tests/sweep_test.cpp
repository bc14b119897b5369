#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <boost/json/serialize.hpp>

#include "support.hpp"
#include "temp_dir.hpp"
#include "core/error.hpp"
#include "record/record.hpp"
#include "sweep/plan.hpp"
#include "sweep/results_file.hpp"
#include "sweep/sweep.hpp"

using namespace lab;
namespace fs = std::filesystem;

namespace {

using lab::test::temp_dir;

std::vector<std::string> lines_of(const std::string& path) {
  std::vector<std::string> out;
  std::ifstream in(path);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Runs in milliseconds: sleeps of 0 ms on every model, two of them swept over workers.
const char* const tiny = R"([tiny]
scenario = sleep
models = serial, threads, async
reps = 2
set.tasks = 2
set.ms = 0
sweep.workers = 1, 2
)";

std::vector<plan_entry> plan_of(const temp_dir& dir, const std::string& text) {
  return make_plan(read_config(dir.write("plan.ini", text)));
}

sweep_hooks test_hooks() { return {LAB_BIN_DIR, nullptr, {}, {}, {}}; }

}  // namespace

TEST_CASE("sweep: the plan is models x swept values x reps, each round interleaving every point once") {
  temp_dir dir;
  const auto plan = plan_of(dir, R"([a]
scenario = sleep
models = serial, threads, procs, async
reps = 5
warmup = 2
set.ms = 0
sweep.workers = 1, 2, 4
[b]
scenario = cpu
models = threads
reps = 2
set.samples = 10
sweep.workers = 1..4 x2
sweep.dist = uniform, gauss
)");
  const std::size_t a_points = 1 + 3 * 3;  // serial has no workers
  const std::size_t b_points = 3 * 2;
  REQUIRE(plan.size() == a_points * 5 + b_points * 2);

  for (std::size_t i = 0; i < plan.size(); ++i) CHECK(plan[i].index == i);
  CHECK(plan.front().warmup == 2);
  CHECK(plan.back().warmup == 0);
  CHECK(plan.front().config == "plan.ini");

  // Each round is a contiguous block holding every point of the experiment once.
  std::set<std::vector<std::string>> orders;
  for (int round = 0; round < 5; ++round) {
    std::set<std::string> points;
    std::vector<std::string> order;
    std::set<std::string> models;
    for (std::size_t i = round * a_points; i < (round + 1) * a_points; ++i) {
      const auto& e = plan[i];
      CHECK(e.experiment == "a");
      CHECK(e.rep == round);
      CHECK(e.order_seed == round_seed(1, "a", round));
      points.insert(e.point);
      order.push_back(e.point);
      models.insert(e.request.model);
    }
    CHECK(points.size() == a_points);
    CHECK(models.size() == 4);
    orders.insert(order);
  }
  CHECK(orders.size() > 1);  // shuffled per round, not one fixed order
  for (std::size_t i = a_points * 5; i < plan.size(); ++i) CHECK(plan[i].experiment == "b");

  // Deterministic: the same configs give the same plan (shards on other machines rely on it).
  const auto again = plan_of(dir, R"([a]
scenario = sleep
models = serial, threads, procs, async
reps = 5
warmup = 2
set.ms = 0
sweep.workers = 1, 2, 4
)");
  for (std::size_t i = 0; i < again.size(); ++i) CHECK(again[i].point == plan[i].point);

  // A shuffle is a permutation, and a different seed gives a different one.
  auto order = shuffled_order(10, 42);
  std::set<std::size_t> seen(order.begin(), order.end());
  CHECK(seen.size() == 10);
  CHECK(shuffled_order(10, 42) == order);
  CHECK(shuffled_order(10, 43) != order);
}

TEST_CASE("sweep: shards partition the plan") {
  temp_dir dir;
  const auto plan = plan_of(dir, tiny);
  REQUIRE(plan.size() == 10);
  for (std::size_t n = 1; n <= 12; ++n) {
    std::multiset<std::size_t> all;
    for (std::size_t k = 0; k < n; ++k) {
      const auto part = select_shard(plan, parse_shard(std::to_string(k) + "/" + std::to_string(n)));
      for (const auto& e : part) {
        CHECK(e.index % n == k);
        all.insert(e.index);
      }
    }
    CAPTURE(n);
    CHECK(all.size() == plan.size());                                  // nothing twice
    CHECK(std::set<std::size_t>(all.begin(), all.end()).size() == plan.size());  // nothing missing
  }
  CHECK(parse_shard("").n == 1);
  for (const char* bad : {"1", "2/2", "3/2", "0/0", "-1/2", "a/b", "1/", "/2", "1/2/3", " 0/2"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_shard(bad), usage_error);
  }
}

TEST_CASE("sweep: records carry the plan's keys, and --resume skips what is recorded") {
  temp_dir dir;
  sweep_settings o;
  o.check = false;  // the fairness check has tests of its own
  o.configs = {dir.write("tiny.ini", tiny)};
  o.out = dir.file("out/results.jsonl");  // the folder is created

  auto work = prepare_sweep(o);
  REQUIRE(work.todo.size() == 10);
  const auto s = run_sweep(work, o, test_hooks());
  work.out.reset();  // the sweep is over: its lock on the file goes
  CHECK(s.recorded == 10);
  CHECK(s.failed == 0);
  CHECK(!s.interrupted);

  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 10);
  std::set<std::size_t> points;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const record r = record_from_line(lines[i]);
    CHECK(r.ok);
    CHECK(r.experiment == "tiny");
    CHECK(r.config == "tiny.ini");
    CHECK(r.round == r.rep);
    CHECK(r.point == work.todo[i].index);
    CHECK(r.order_seed == work.todo[i].order_seed);
    CHECK(r.extra.empty());
    CHECK(r.model == work.todo[i].request.model);
    CHECK(r.params == work.todo[i].params);
  }

  // Everything is recorded: a resumed sweep has nothing to do and writes nothing.
  o.resume = true;
  {
    const auto again = prepare_sweep(o);
    CHECK(again.todo.empty());
    CHECK(again.skipped == 10);
    CHECK(run_sweep(again, o, test_hooks()).recorded == 0);
    CHECK(lines_of(o.out).size() == 10);
  }

  // Lose three records (and leave a torn line): resume runs exactly those three.
  {
    std::ofstream out(o.out, std::ios::trunc);
    for (std::size_t i = 0; i < 7; ++i) out << lines[i] << '\n';
    out << lines[7].substr(0, 40);  // an interrupted writer's partial line, no newline
  }
  {
    const auto rest = prepare_sweep(o);
    CHECK(rest.skipped == 7);
    CHECK(rest.unreadable == 1);
    REQUIRE(rest.todo.size() == 3);
    CHECK(rest.todo[0].index == work.todo[7].index);
    CHECK(run_sweep(rest, o, test_hooks()).recorded == 3);
  }
  const auto after = lines_of(o.out);
  REQUIRE(after.size() == 11);  // 7 + the torn line, closed by a newline + 3
  CHECK_THROWS(record_from_line(after[7]));
  for (std::size_t i : {8, 9, 10}) CHECK_NOTHROW(record_from_line(after[i]));
  CHECK(prepare_sweep(o).todo.empty());

  // --fresh starts the file anew.
  o.resume = false;
  o.fresh = true;
  CHECK(run_sweep(prepare_sweep(o), o, test_hooks()).recorded == 10);
  CHECK(lines_of(o.out).size() == 10);
  o.resume = true;
  CHECK_THROWS_AS(prepare_sweep(o), usage_error);
}

TEST_CASE("sweep: a failed run is recorded and the sweep goes on") {
  temp_dir dir;
  sweep_settings o;
  o.check = false;  // the fairness check has tests of its own
  o.configs = {dir.write("tiny.ini", tiny)};
  o.out = dir.file("results.jsonl");
  // No model executables there: every run fails to start.
  const auto s = run_sweep(prepare_sweep(o), o, {dir.file("no-such-bin"), nullptr, {}, {}, {}});
  CHECK(s.recorded == 10);
  CHECK(s.failed == 10);
  CHECK(!s.interrupted);
  for (const auto& line : lines_of(o.out)) {
    const record r = record_from_line(line);
    CHECK(!r.ok);
    CHECK(r.error.find("could not start") != std::string::npos);
    CHECK(r.experiment.has_value());
  }
}

TEST_CASE("sweep: warm-up runs are not recorded, progress is reported to the stream given") {
  temp_dir dir;
  sweep_settings o;
  o.check = false;  // the fairness check has tests of its own
  o.configs = {dir.write("w.ini", "[w]\nscenario = sleep\nmodels = serial, threads\nreps = 2\nwarmup = 1\n"
                                  "set.tasks = 1\nset.ms = 0\n")};
  o.out = dir.file("results.jsonl");
  const auto work = prepare_sweep(o);
  CHECK(work.warmups == 2);
  std::ostringstream plan;
  write_plan(plan, work);
  CHECK(plan.str().find("# 4 runs to do (and 2 warm-up runs, not recorded)") == 0);

  std::ostringstream text;
  const auto progress = make_progress(text, false);
  const auto s = run_sweep(work, o, {LAB_BIN_DIR, progress.get(), {}, {}, {}});
  CHECK(s.recorded == 4);
  CHECK(s.warmups == 2);
  CHECK(lines_of(o.out).size() == 4);
  const std::string out = text.str();
  CHECK(out.find("[warm-up] ") != std::string::npos);
  CHECK(out.find("[1/4] ") != std::string::npos);
  CHECK(out.find("[4/4] ") != std::string::npos);
  CHECK(out.find(" sleep rep 1: ") != std::string::npos);

  std::ostringstream bar;
  const auto bar_progress = make_progress(bar, true);
  o.fresh = true;
  run_sweep(work, o, {LAB_BIN_DIR, bar_progress.get(), {}, {}, {}});
  CHECK(bar.str().find("\r4/4 [") != std::string::npos);
  CHECK(bar.str().back() == '\n');
}

TEST_CASE("sweep: a stop request ends the sweep between records") {
  temp_dir dir;
  sweep_settings o;
  o.check = false;  // the fairness check has tests of its own
  o.configs = {dir.write("tiny.ini", tiny)};
  o.out = dir.file("results.jsonl");
  const auto work = prepare_sweep(o);
  std::size_t polls = 0;
  const auto s = run_sweep(work, o, {LAB_BIN_DIR, nullptr, [&] { return ++polls > 3; }, {}, {}});
  CHECK(s.interrupted);
  CHECK(s.recorded == 3);
  CHECK(lines_of(o.out).size() == 3);
  CHECK(describe(s, work, o).find("interrupted: 3 of 10 runs recorded") == 0);
}

using lab::test::start_lab;
using lab::test::wait_exit;

TEST_CASE("sweep: a sweep interrupted by SIGINT exits 130 and leaves a valid JSON Lines file") {
  temp_dir dir;
  const auto config = dir.write("naps.ini", "[naps]\nscenario = sleep\nmodels = serial, threads\nreps = 5\n"
                                            "set.tasks = 1\nset.ms = 200\n");
  const auto results = dir.file("results.jsonl");
  const pid_t pid = start_lab({"sweep", config, "--no-check", "--out", results}, dir.file("out.txt"), dir.file("err.txt"));
  REQUIRE(lab::test::wait_for_line(results));
  const auto t0 = std::chrono::steady_clock::now();
  ::kill(pid, SIGINT);
  CHECK(wait_exit(pid) == 130);
  // The run in flight was ended, not waited for: the nine runs left take 1.8 s.
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(1500));

  const std::string text = text_of(results);
  REQUIRE(!text.empty());
  CHECK(text.back() == '\n');
  const auto lines = lines_of(results);
  CHECK(lines.size() >= 1);
  CHECK(lines.size() <= 3);
  for (const auto& line : lines) {
    const record r = record_from_line(line);
    CHECK(r.ok);  // the run cut short is not recorded as a failure
    CHECK(r.wall_s > 0.19);
  }
  const std::string err = text_of(dir.file("err.txt"));
  CHECK(err.find("lab sweep: interrupted: " + std::to_string(lines.size()) + " of 10 runs recorded") !=
        std::string::npos);

  // --resume picks up where it stopped.
  const auto again = start_lab({"sweep", config, "--no-check", "--out", results, "--resume", "--dry-run"}, dir.file("out.txt"),
                               dir.file("err.txt"));
  CHECK(wait_exit(again) == 0);
  CHECK(text_of(dir.file("out.txt")).find("# " + std::to_string(10 - lines.size()) + " runs to do") == 0);
}

TEST_CASE("sweep: lab sweep exits 2 with one line naming file:line and key") {
  temp_dir dir;
  const auto config = dir.write("bad.ini", "[e]\nscenario = sleep\nsweep.ms = 10..1 +1\n");
  const pid_t pid = start_lab({"sweep", config, "--out", dir.file("r.jsonl")}, dir.file("out.txt"), dir.file("err.txt"));
  CHECK(wait_exit(pid) == 2);
  CHECK(text_of(dir.file("err.txt")) == "lab: " + config + ":3: key 'sweep.ms': bad range '10..1 +1': the start is above the end\n");
  CHECK(!fs::exists(dir.file("r.jsonl")));  // nothing half-written
}

TEST_CASE("sweep: --resume counts a line the report cannot read as no run, so it runs again") {
  lab::record r;
  r.scenario = "sleep";
  r.model = "threads";
  r.params["ms"] = 1;
  r.experiment = "e";
  const std::string good = boost::json::serialize(lab::to_json(r));
  r.rep = 1;
  std::string torn = boost::json::serialize(lab::to_json(r));
  torn.replace(torn.find("\"wall_s\":0"), 10, "\"wall_s\":\"fast\"");  // a key of the contract mistyped
  std::istringstream in(good + "\n" + torn + "\n{\"schema\":1}\n");
  const auto runs = lab::read_recorded_runs(in);
  CHECK(runs.keys.size() == 1);
  CHECK(runs.unreadable == 2);
}
