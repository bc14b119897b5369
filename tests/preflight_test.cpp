// Before a run: what will not fit on this machine is refused with what it needs, what the
// machine allows and how to raise it, exit 2, before anything runs.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/error.hpp"
#include "measure/machine.hpp"
#include "scenario/preflight.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::bin;

namespace {

// `lab ARGS` with its open-file limit lowered to soft:hard (prlimit, util-linux).
test::command_result with_nofile(const std::string& limits, std::vector<std::string> args) {
  args.insert(args.begin(), {"--nofile=" + limits, bin("lab")});
  return test::run("/usr/bin/prlimit", args);
}

void refused(const test::command_result& r, const std::vector<std::string>& says) {
  CAPTURE(r.err);
  CHECK(r.status == 2);
  CHECK(r.out.empty());
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  for (const auto& s : says) CHECK_MESSAGE(r.err.find(s) != std::string::npos, s);
}

}  // namespace

TEST_CASE("preflight: io asking for more descriptors than ulimit -Hn allows exits 2 before it runs") {
  refused(with_nofile("256:512", {"--model=threads", "--scenario=io", "--set", "concurrency=1000", "--set",
                                  "requests=1000", "--set", "delay_ms=1"}),
          {"io on threads: 1000 requests in flight", "about 1064 open files", "allows 512", "ulimit -Hn",
           "lower concurrency"});
  refused(with_nofile("256:512", {"--model=async", "--scenario=io", "--set", "connections=2000", "--set",
                                  "concurrency=2000", "--set", "delay_ms=1"}),
          {"2000 connections in one process", "lower connections"});
  // procs: each worker holds its share; the lab-server the driver starts holds them all.
  CHECK(descriptors_needed("procs", 8, 600) == 75);
  CHECK(descriptors_needed("threads", 8, 600) == 600);
  CHECK(descriptors_needed("threads", 1000, 0) == 1000);
  refused(with_nofile("256:512", {"--model=procs", "--scenario=io", "--set", "connections=600", "--set",
                                  "concurrency=8", "--set", "requests=8", "--set", "delay_ms=1"}),
          {"600 connections at the lab-server it starts"});
  const auto fits = with_nofile("256:512", {"--model=procs", "--scenario=io", "--set", "connections=300", "--set",
                                            "concurrency=8", "--set", "requests=8", "--set", "delay_ms=1", "--json"});
  CAPTURE(fits.err);
  CHECK(fits.status == 0);
}

TEST_CASE("preflight: a sweep's plan passes it too, so nothing of the sweep runs") {
  test::temp_dir dir;
  const std::string config =
      dir.write("big.ini", "[fanout]\nscenario = io\nmodels = threads\nset.concurrency = 1000\nset.requests = 1000\n");
  refused(with_nofile("256:512", {"sweep", config, "--out", dir.file("r.jsonl"), "--no-check"}),
          {"1000 requests in flight", "ulimit -Hn"});
  CHECK_FALSE(std::filesystem::exists(dir.file("r.jsonl")));
}

TEST_CASE("preflight: memory past MemAvailable at the per-unit cost is refused, with both figures") {
  const long long available = mem_available_kib();
  REQUIRE(available > 0);
  run_demand d{.units = 1000, .held_kib = static_cast<std::uint64_t>(available) / 500, .lower = "concurrency"};
  CHECK(run_memory_kib("async", d) > static_cast<std::uint64_t>(available));
  try {
    preflight("profile", "async", d);
    FAIL("not refused");
  } catch (const usage_error& e) {
    const std::string what = e.what();
    CAPTURE(what);
    CHECK(what.find("profile on async: 1000 units at once need about") == 0);
    CHECK(what.find("MiB available (MemAvailable)") != std::string::npos);
    CHECK(what.find("lower concurrency") != std::string::npos);
  }
  d.held_kib = 1;
  CHECK_NOTHROW(preflight("profile", "async", d));
}
