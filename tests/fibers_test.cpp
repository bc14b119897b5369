// The fibers model: its cooperative tasks, its units, and what it runs (fibers_io_test.cpp: sockets).
#include <doctest/doctest.h>

#include <fstream>
#include <optional>

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "overheads_support.hpp"
#include "support.hpp"

using namespace lab;
using lab::test::bin;
using lab::test::run_model;

namespace {
std::optional<long> read_sysctl(const std::string& name) {
  std::ifstream in("/proc/sys/" + name);
  long v = 0;
  if (in >> v) return v;
  return std::nullopt;
}
}  // namespace

TEST_CASE("fibers: CPU tasks yield every yield_every samples, on one carrier and on two") {
  for (const char* carriers : {"loop_threads=1", "loop_threads=2"}) {
    CAPTURE(carriers);
    auto o = run_model("fibers", {"tasks=2", "samples=1000", "yield_every=100", carriers});
    REQUIRE(o.at("ok").as_bool());
    CHECK(o.at("metrics").at("yields").to_number<double>() == 2 * 9);
    CHECK(o.at("metrics").at("carriers").to_number<double>() == std::stod(carriers + 13));
  }
  auto o = run_model("fibers", {"tasks=2", "samples=1000", "yield_every=0"});
  CHECK(o.at("metrics").at("yields").to_number<double>() == 0);
  CHECK(o.at("metrics").at("scheduler").as_string() == "round_robin");
}

TEST_CASE("fibers: sleeps on one carrier overlap") {
  // Three 200 ms sleeps on one carrier thread: side by side ~0.2 s, one after another 0.6 s.
  auto o = run_model("fibers", {"tasks=3", "ms=200", "loop_threads=1"}, "sleep");
  REQUIRE(o.at("ok").as_bool());
  CHECK(o.at("run_s").to_number<double>() < 0.5);
  CHECK(o.at("ideal_s").to_number<double>() == doctest::Approx(0.2));
}

TEST_CASE("fibers: units are all parked at once when sampled, and joined") {
  auto probe = test::probe_for("fibers", "spawn");
  bool sampled = false;
  CHECK(probe->hold_alive(5000, [&](const held_units& held) {
    CHECK(held.pids.empty());
    sampled = true;
  }) == 5000);
  CHECK(sampled);
  probe->spawn_join(5000);
  CHECK(probe->unit_name().find("KiB") != std::string::npos);
}

TEST_CASE("fibers: spawn and switch records carry their metrics") {
  record r = test::run_lab("fibers", "spawn", {{"units", "1000"}, {"repeat", "1"}, {"stack_kib", "32"}});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(r.metrics.at("per_unit_ns").is_number());
  CHECK(*metric(r, "alive_when_sampled") == 1000);
  CHECK(*metric(r, "mem_per_unit_kib") > 0);
  CHECK(std::string(r.metrics.at("unit").as_string()).find("32 KiB") != std::string::npos);
  for (const char* mechanism : {"channel", "condvar"}) {
    CAPTURE(mechanism);
    r = test::run_lab("fibers", "switch", {{"round_trips", "2000"}, {"mechanism", mechanism}});
    REQUIRE_MESSAGE(r.ok, r.error);
    CHECK(*metric(r, "switches") == 4000);
    CHECK(*metric(r, "switch_ns") > 0);
  }
  // Each stack allocator, recorded by name, its stacks' first touches counted as page faults.
  for (const char* kind : {"fixed", "pooled", "protected"}) {
    CAPTURE(kind);
    r = test::run_lab("fibers", "spawn", {{"units", "2000"}, {"repeat", "1"}, {"stack_kib", "16"}, {"stack", kind}});
    REQUIRE_MESSAGE(r.ok, r.error);
    const std::string unit(r.metrics.at("unit").as_string());
    CHECK(unit.find(std::string(kind) == "fixed" ? " fixedsize_stack" : std::string(kind) + "_fixedsize_stack") !=
          std::string::npos);
    CHECK(*metric(r, "unit_stack_kib") == 16);
    CHECK(*metric(r, "minor_faults_per_unit") >= 0);
  }
  // A fiber that cannot be created fails the run saying why, once those made have ended: a
  // protected stack is two memory maps, so vm.max_map_count caps them.
  const auto maps = read_sysctl("vm/max_map_count");
  if (maps && *maps < 200000 && test::failures_checkable_here("fibers")) {
    const auto units = std::to_string(*maps);  // twice the maps the limit allows
    r = test::run_lab("fibers", "spawn", {{"units", units}, {"repeat", "1"}, {"stack_kib", "16"}, {"stack", "protected"}});
    // Whether the limit is reached varies from run to run on this VM (40,000 failed where 49,147
    // passed, minutes apart): the run either holds them all or fails saying why, never crashes.
    if (!r.ok) {
      CHECK(r.error.find("could not create fiber") != std::string::npos);
      CHECK(r.error.find("vm.max_map_count") != std::string::npos);
    }
  }
  // Boost's stack pool is not thread-safe: refused where work_stealing moves fibers.
  auto o = run_model("fibers", {"steps=cpu 1e4", "tasks=4", "loop_threads=2", "stack=pooled"}, "profile");
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("stack=pooled runs on one carrier") != std::string::npos);
  CHECK_THROWS_WITH_AS(test::run_lab("fibers", "switch", {{"mechanism", "pipe"}}), doctest::Contains("channel, condvar"),
                       usage_error);
}

TEST_CASE("fibers: lab list names fibers, which runs every task scenario") {
  auto r = lab::test::run(bin("lab"), {"list"});
  REQUIRE(r.status == 0);
  CHECK(r.out.find("models: serial, threads, procs, async, fibers") != std::string::npos);
  CHECK(r.out.find("Asio integration") == std::string::npos);
  for (const char* s : {"io", "mixed", "yield", "profile"}) {
    CAPTURE(s);
    CHECK(lab::gap_reason("fibers", s).empty());
  }
}
