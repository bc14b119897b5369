// Which runs the driver pins to one CPU per round (driver/round_cpu.hpp).
#include <doctest/doctest.h>

#include "core/cpus.hpp"
#include "driver/round_cpu.hpp"

namespace {
lab::params with(std::map<std::string, std::string> v) { return lab::params(std::move(v)); }
}  // namespace

TEST_CASE("round cpu: single-unit points take the CPUs in turn, points with several units are left alone") {
  const auto cpus = lab::usable_cpu_ids();
  if (cpus.size() < 2) {
    CHECK(lab::round_cpu("serial", with({{"tasks", "4"}}), 0) == -1);  // nothing to even out
    return;
  }
  const std::size_t n = cpus.size();
  for (int rep = 0; rep < static_cast<int>(2 * n); ++rep) {
    const int expected = cpus[static_cast<std::size_t>(rep) % n];
    CHECK(lab::round_cpu("serial", with({{"tasks", "4"}}), rep) == expected);
    CHECK(lab::round_cpu("threads", with({{"tasks", "4"}, {"workers", "1"}}), rep) == expected);
    CHECK(lab::round_cpu("procs", with({{"tasks", "1"}, {"workers", "0"}}), rep) == expected);  // one per task
    CHECK(lab::round_cpu("async", with({{"tasks", "4"}, {"loop_threads", "1"}}), rep) == expected);
    CHECK(lab::cpu_of_round(rep) == expected);
  }
  CHECK(lab::round_cpu("threads", with({{"tasks", "4"}, {"workers", "2"}}), 0) == -1);
  CHECK(lab::round_cpu("threads", with({{"tasks", "4"}, {"workers", "0"}}), 0) == -1);
  CHECK(lab::round_cpu("async", with({{"tasks", "4"}, {"loop_threads", "2"}}), 0) == -1);
  CHECK(lab::round_cpu("fibers", with({{"loop_threads", "3"}}), 1) == -1);
  // A scenario that sizes its own units (no workers), and a point with its own placement.
  CHECK(lab::round_cpu("threads", with({{"units", "100"}}), 0) == -1);
  CHECK(lab::round_cpu("serial", with({{"pin", "spread"}}), 0) == -1);
  CHECK(lab::round_cpu("serial", with({{"pin", "none"}}), 0) == cpus[0]);
  CHECK(lab::round_cpu("no-such-model", with({}), 0) == -1);
}
