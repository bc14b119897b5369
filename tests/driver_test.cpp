// The driver `lab`, run as a user runs it.
#include <doctest/doctest.h>

#include <dirent.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "support.hpp"
#include "temp_dir.hpp"

using lab::test::bin;

TEST_CASE("driver: bad input exits 2 with one line naming the problem and the choices") {
  struct bad {
    std::vector<std::string> args;
    const char* says;
  };
  const std::vector<bad> cases{
      {{"--model=green", "--scenario=cpu"}, "choose serial, threads, procs, async, fibers"},
      {{"--model=threads", "--scenario=nope"}, "unknown scenario 'nope' (choose profile, cpu, sleep"},
      {{"--model=threads", "--scenario=cpu", "--set", "colour=red"}, "unknown parameter 'colour'"},
      {{"--model=threads", "--scenario=cpu", "--set", "samples=many"}, "expected an integer"},
      {{"--model=threads", "--scenario=cpu", "--set", "tasks=-1"}, "out of range"},
      {{"--model=threads", "--scenario=cpu", "--set", "dist=poisson"}, "choose uniform, gauss"},
      {{"--model=procs", "--scenario=cpu", "--set", "spawn=vfork"}, "choose fork, exec"},
      {{"--model=threads", "--scenario=cpu", "--set", "samples"}, "expected key=value"},
      {{"--model=threads"}, "scenario"},
      {{"--model=threads", "--scenario=cpu", "--reps", "0"}, "--reps"},
      {{"--model=threads", "--scenario=cpu", "--bogus"}, "bogus"},
      {{"frobnicate"}, "unknown command"},
      {{"report"}, "needs at least one"},
      {{"report", "/nonexistent/results.jsonl"}, "cannot read results file"},
      {{"sweep", "/nonexistent/x.ini"}, "cannot read config"},
      {{"list", "extra"}, "takes no arguments"},
  };
  for (const auto& c : cases) {
    auto r = lab::test::run(bin("lab"), c.args);
    CAPTURE(c.args.back());
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.says) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

TEST_CASE("driver: --json prints one record per repetition with the contract's fields") {
  auto r = lab::test::run(bin("lab"), {"--model=threads", "--scenario=cpu", "--set", "tasks=2", "--set",
                                       "samples=100000", "--reps", "3", "--json"});
  REQUIRE(r.status == 0);
  auto recs = lab::test::json_lines(r.out);
  REQUIRE(recs.size() == 3);
  for (int rep = 0; rep < 3; ++rep) {
    const auto& o = recs[rep];
    for (const char* key : {"schema", "scenario", "model", "params", "rep", "ok", "error", "wall_s", "user_s", "sys_s",
                            "max_rss_kib", "nvcsw", "nivcsw", "checksum", "ideal_s", "metrics", "machine"})
      CHECK_MESSAGE(o.contains(key), key);
    CHECK(o.at("schema").as_int64() == 1);
    CHECK(o.at("model").as_string() == "threads");
    CHECK(o.at("rep").as_int64() == rep);
    CHECK(o.at("ok").as_bool());
    CHECK(o.at("error").is_null());
    CHECK(o.at("params").at("tasks").as_int64() == 2);
    CHECK(o.at("params").at("dist").as_string() == "uniform");
    CHECK_FALSE(o.at("params").as_object().contains("spawn"));  // procs only
    CHECK(o.at("wall_s").as_double() > 0);
    CHECK(o.at("max_rss_kib").as_int64() > 0);
    CHECK(o.at("ideal_s").as_double() > 0);
    for (const char* key : {"host", "cpus", "cpu_model", "kernel", "compiler", "boost"})
      CHECK_MESSAGE(o.at("machine").as_object().contains(key), key);
    CHECK(o.at("machine").at("cpus").as_int64() >= 1);
    CHECK(o.at("checksum") == recs[0].at("checksum"));
  }
}

TEST_CASE("driver: the readable table has a header, one row per repetition and a summary line") {
  auto r = lab::test::run(bin("lab"), {"run", "--model=async", "--scenario=sleep", "--set", "ms=1", "--reps", "2"});
  REQUIRE(r.status == 0);
  auto lines = lab::split(lab::trim(r.out), '\n');
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].find("wall_s") != std::string::npos);
  CHECK(lines[0].find("run_s") != std::string::npos);
  CHECK(lines[1].rfind("async", 0) == 0);
  CHECK(lines[3].rfind("summary: 2 runs; run_s median ", 0) == 0);
  CHECK(lines[3].find("stopped: 2 runs asked for") != std::string::npos);
  // With --json the summary goes to stderr, so stdout stays JSON lines.
  auto j = lab::test::run(bin("lab"), {"run", "--model=async", "--scenario=sleep", "--set", "ms=1", "--reps", "2", "--json"});
  REQUIRE(j.status == 0);
  CHECK(lab::test::json_lines(j.out).size() == 2);
  CHECK(j.err.find("summary: 2 runs") != std::string::npos);
}

TEST_CASE("driver: lab --version names the lab, its workload and Boost; bare lab is a usage error") {
  auto v = lab::test::run(bin("lab"), {"--version"});
  REQUIRE(v.status == 0);
  CHECK(v.out.rfind("lab ", 0) == 0);
  CHECK(v.out.find("workload ") != std::string::npos);
  CHECK(v.out.find("Boost ") != std::string::npos);
  auto bare = lab::test::run(bin("lab"), {});
  CHECK(bare.status == 2);
  CHECK(bare.err.find("lab sweep") != std::string::npos);
  CHECK(lab::test::run(bin("lab"), {"list", "--help"}).status == 0);
}

TEST_CASE("driver: lab report given a trace or a folder without its record says what is missing, in one line") {
  lab::test::temp_dir dir;
  std::filesystem::create_directories(dir.file("traces"));
  std::filesystem::create_directories(dir.file("torn"));
  const std::string trace = dir.write("traces/run-x.trace.json", "{\"traceEvents\": []}");
  const std::string torn = dir.write("torn/run-y.trace.json", "{\"traceEvents\": [{\"name\": \"chunk\", \"ph\"");
  dir.write("torn/run-y.record.jsonl", "{}\n");
  struct bad {
    std::string path, says;
  };
  for (const auto& [path, says] : {bad{trace, "is a trace without its record: no '" + dir.file("traces/run-x.record.jsonl")},
                                   bad{dir.file("traces"), "is a folder with no run's record in it"},
                                   bad{torn, "is not a whole trace (not JSON"},
                                   bad{dir.file("torn"), "is not a whole trace (not JSON"},
                                   bad{dir.file("none.trace.json"), "no such file"}}) {
    auto r = lab::test::run(bin("lab"), {"report", path, "--out", dir.file("never-written")});
    INFO(path, ": ", r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK_FALSE(std::filesystem::exists(dir.file("never-written")));
  }
}

TEST_CASE("driver: lab list names every scenario, model and parameter default") {
  auto r = lab::test::run(bin("lab"), {"list"});
  REQUIRE(r.status == 0);
  for (const char* s : {"serial, threads, procs, async", "cpu:", "sleep:", "samples", "yield_every", "loop_threads"})
    CHECK_MESSAGE(r.out.find(s) != std::string::npos, s);
}

TEST_CASE("driver: a run that outlives --timeout is killed and recorded as failed") {
  auto r = lab::test::run(bin("lab"), {"--model=serial", "--scenario=sleep", "--set", "tasks=1", "--set", "ms=5000",
                                       "--timeout", "1", "--json"});
  REQUIRE(r.status == 0);
  auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("timed out after 1 s") != std::string::npos);
  CHECK(o.at("wall_s").as_double() < 3.0);
}

namespace {

std::string comm_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/comm");
  std::string s;
  std::getline(in, s);
  return s;
}

int ppid_of(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  auto close = stat.rfind(')');
  if (close == std::string::npos) return -1;
  int ppid = -1;
  char state = 0;
  std::sscanf(stat.c_str() + close + 1, " %c %d", &state, &ppid);
  return ppid;
}

// Worker processes: lab-procs whose parent is a lab-procs whose parent is `driver`.
std::vector<int> procs_workers_of(int driver) {
  std::vector<int> workers;
  DIR* d = opendir("/proc");
  while (auto* e = readdir(d)) {
    int pid = std::atoi(e->d_name);
    if (pid <= 0 || comm_of(pid) != "lab-procs") continue;
    int parent = ppid_of(pid);
    if (comm_of(parent) == "lab-procs" && ppid_of(parent) == driver) workers.push_back(pid);
  }
  closedir(d);
  return workers;
}

}  // namespace

TEST_CASE("driver: a worker process that dies fails the run with the reason and leaves no zombie") {
  for (const char* spawn : {"fork", "exec"}) {
    CAPTURE(spawn);
    lab::child_run run;
    std::thread driver([&] {
      run = lab::run_child(bin("lab"), {"--model=procs", "--scenario=sleep", "--set", "tasks=2", "--set", "ms=3000",
                                        "--set", std::string("spawn=") + spawn, "--json"},
                           std::chrono::seconds(30));
    });
    std::vector<int> workers;
    for (int i = 0; i < 200 && workers.size() < 2; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      DIR* d = opendir("/proc");
      while (auto* e = readdir(d)) {
        int pid = std::atoi(e->d_name);
        if (pid > 0 && comm_of(pid) == "lab" && ppid_of(pid) == getpid()) {
          workers = procs_workers_of(pid);
          break;
        }
      }
      closedir(d);
    }
    REQUIRE(workers.size() == 2);
    ::kill(workers[0], SIGKILL);
    driver.join();
    auto o = lab::test::json_lines(run.out).at(0);
    CHECK_FALSE(o.at("ok").as_bool());
    CHECK(std::string(o.at("error").as_string()).find("killed by signal 9") != std::string::npos);
    for (int w : workers) CHECK(comm_of(w).empty());  // reaped, not a zombie
  }
}

TEST_CASE("driver: io starts its own lab-server per run, or uses the one named") {
  auto r = lab::test::run(bin("lab"), {"--model=threads", "--scenario=io", "--set", "requests=20", "--set",
                                       "concurrency=5", "--set", "delay_ms=10", "--reps", "2", "--json"});
  REQUIRE(r.status == 0);
  auto recs = lab::test::json_lines(r.out);
  REQUIRE(recs.size() == 2);
  for (const auto& o : recs) {
    INFO(o.at("error"));
    CHECK(o.at("ok").as_bool());
    CHECK_FALSE(o.at("params").as_object().contains("server"));
    CHECK(std::string(o.at("server").as_string()).find("started by the driver") != std::string::npos);
    CHECK(o.at("metrics").at("p99_ms").as_double() >= 10.0);
  }
  CHECK(recs[0].at("server") != recs[1].at("server"));  // a fresh port per run

  // Nothing listens on port 1: a failed record naming the server, not a hang or a crash.
  r = lab::test::run(bin("lab"), {"--model=async", "--scenario=io", "--set", "server=127.0.0.1:1", "--set",
                                  "requests=3", "--json"});
  REQUIRE(r.status == 0);
  auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("127.0.0.1:1") != std::string::npos);
  CHECK(o.at("params").at("server").as_string() == "127.0.0.1:1");
}
