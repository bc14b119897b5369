#include <doctest/doctest.h>

#include "overheads_support.hpp"

using namespace lab;

namespace {

// Small enough for a test, long enough (tens of ms of CPU) to dwarf the I/O's 5 ms.
const assignments small{{"samples", "30000000"}, {"io_ms", "5"}};

assignments with(assignments sets, const std::string& key, const std::string& value) {
  sets.emplace_back(key, value);
  return sets;
}

}  // namespace

TEST_CASE("yield: a greedy coroutine holds the I/O completion for the whole CPU task, a yielding one does not") {
  const record greedy = test::run_lab("async", "yield", with(small, "yield_every", "0"));
  REQUIRE_MESSAGE(greedy.ok, greedy.error);
  const double cpu_ms = *metric(greedy, "cpu_s") * 1000;
  const double greedy_ms = *metric(greedy, "io_latency_ms");
  // The request started before the CPU task and completes only after it: by construction.
  CHECK(greedy_ms >= cpu_ms);
  CHECK(*metric(greedy, "yields") == 0);

  const record polite = test::run_lab("async", "yield", with(small, "yield_every", "10000"));
  REQUIRE_MESSAGE(polite.ok, polite.error);
  CHECK(*metric(polite, "yields") == 2999);  // 3000 chunks, a yield between each two
  CHECK(*metric(polite, "io_latency_ms") >= 5);
  CHECK(*metric(polite, "io_latency_ms") < greedy_ms / 2);
  CHECK(polite.checksum == greedy.checksum);  // chunking changes no sample
}

TEST_CASE("yield: threads keep the I/O latency low without yielding") {
  const record r = test::run_lab("threads", "yield", small);
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(*metric(r, "io_latency_ms") >= 5);
  CHECK(*metric(r, "io_latency_ms") < *metric(r, "cpu_s") * 1000 / 2);
  CHECK(r.metrics.at("yield_every").is_null());
}
