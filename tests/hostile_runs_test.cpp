// Runs under hostile conditions (issue 21): a trace that cannot be written, a signal, a
// parameter the model cannot take, memory running out where no run catches it.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "driver/run_point.hpp"
#include "support.hpp"
#include "sweep/config.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::temp_dir;
namespace fs = std::filesystem;

namespace {

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

using lab::test::start_lab;
using lab::test::wait_exit;

// On main a full filesystem left `ok: true` and a record naming a trace file that was not there.
TEST_CASE("hostile: a trace that cannot be written fails its run, in lab run and in sweeps alike") {
  temp_dir dir;
  const fs::path mnt = dir.path / "small";
  fs::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=8k") != 0) {
    lab::test::skip("cannot mount a tmpfs here (not root?)");
    return;
  }
  const auto run = lab::test::run(lab::test::bin("lab"), {"--model=threads", "--scenario=sleep", "--set", "tasks=300",
                                                         "--set", "ms=0", "--json", "--trace", mnt.string()});
  const std::string config = dir.write("t.ini", "[t]\nscenario = sleep\nmodels = threads\nreps = 1\ntrace = true\n"
                                                "set.tasks = 300\nset.ms = 0\n");
  const auto sweep = lab::test::run(lab::test::bin("lab"), {"sweep", config, "--no-check", "--out", (mnt / "r.jsonl").string()});
  const std::string swept = text_of((mnt / "r.jsonl").string());
  ::umount(mnt.c_str());
  INFO(run.err, sweep.err);
  REQUIRE(run.status == 0);
  REQUIRE(sweep.status == 0);
  for (const auto& line : {lab::trim(run.out), lab::trim(swept)}) {
    const auto o = lab::test::json_lines(line).at(0);
    CHECK_FALSE(o.at("ok").as_bool());
    CHECK(std::string(o.at("error").as_string()).find("the trace was not written") == 0);
    CHECK_FALSE(o.at("trace").as_object().contains("file"));
    CHECK(o.at("trace").as_object().contains("error"));
  }
}

// On main SIGTERM to `lab run` ended it with status 143 where docs/cli.md says 130.
TEST_CASE("hostile: SIGTERM to lab run exits 130 and keeps the records finished before it") {
  temp_dir dir;
  const pid_t pid = start_lab({"--model=serial", "--scenario=sleep", "--set", "tasks=1", "--set", "ms=300", "--reps",
                               "20", "--json"},
                              dir.file("out.txt"), dir.file("err.txt"));
  REQUIRE(lab::test::wait_for_line(dir.file("out.txt")));
  ::kill(pid, SIGTERM);
  CHECK(wait_exit(pid) == 130);
  const auto records = lab::test::json_lines(text_of(dir.file("out.txt")));
  CHECK(records.size() >= 1);
  CHECK(records.size() < 20);
  for (const auto& o : records) CHECK(o.at("ok").as_bool());  // the run cut short is not a record
}

// On main `--set mechanism=post` with threads or serial exited 0 with a failed record, and a
// sweep planned it too.
TEST_CASE("hostile: a mechanism the model does not have is refused when planned, exit 2") {
  for (const char* model : {"threads", "serial"}) {
    CAPTURE(model);
    run_request req;
    req.model = model;
    req.scenario = "switch";
    req.sets = {{"mechanism", "post"}};
    CHECK_THROWS_WITH_AS(validate(req), doctest::Contains("mechanism 'post' is not one of model"), usage_error);
    const auto r = lab::test::run(lab::test::bin("lab"), {"--model=" + std::string(model), "--scenario=switch", "--set",
                                                          "mechanism=post", "--json"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
  }
  temp_dir dir;
  const std::string config = dir.write("s.ini", "[s]\nscenario = switch\nmodels = threads, async\nreps = 1\n"
                                                "sweep.mechanism = default, post\n");
  CHECK_THROWS_WITH_AS(read_configs({config}), doctest::Contains("mechanism 'post' is not one of model threads"),
                       usage_error);
  run_request fine;
  fine.model = "async";
  fine.scenario = "switch";
  fine.sets = {{"mechanism", "post"}};
  CHECK_NOTHROW(validate(fine));
}

// On main lab-async spawning 3M units under `ulimit -v 300000` died of SIGABRT (an uncaught
// std::bad_alloc), a run the driver could only call "killed by a signal".
TEST_CASE("hostile: memory running out inside a model is a failed record with the reason, never an abort") {
  if (!lab::test::address_limit_works) {
    lab::test::skip("a sanitizer build cannot run under an address-space limit");
    return;
  }
  const auto r = lab::test::run("/usr/bin/prlimit", {"--as=300000000", lab::test::bin("lab-async"), "--scenario=spawn",
                                                     "--set", "units=3000000"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("out of memory") != std::string::npos);
}
