#include <doctest/doctest.h>

#include <sched.h>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "models/placement.hpp"
#include "overheads_support.hpp"
#include "support.hpp"

using namespace lab;

TEST_CASE("switch: every model's every mechanism counts two hand-offs per round trip") {
  const std::uint64_t round_trips = 500;
  for (const std::string& model_name : test::models_running_here(scenario_names::switch_)) {
    for (const char* pin : {"none", "same", "spread"}) {
      if (std::string(pin) == "spread" && allowed_cpus().size() < 2) continue;
      auto probe = test::probe_for(model_name, "switch", {{"pin", pin}});
      for (const handoff mechanism : find_model_info(model_name)->handoffs) {
        const std::string where = model_name + " pin=" + pin + " mechanism=" + std::string(to_string(mechanism));
        CAPTURE(where);
        const switch_result r = probe->ping_pong(round_trips, mechanism);
        CHECK(r.switches == 2 * round_trips);
        CHECK(r.seconds > 0);
      }
    }
  }
  // ping_pong leaves the calling thread's placement to the scenario: undo any pin here.
  cpu_set_t all;
  CPU_ZERO(&all);
  for (int c : allowed_cpus()) CPU_SET(c, &all);
  sched_setaffinity(0, sizeof all, &all);
}

// The catalog says which mechanisms a model has; the scenario runs each on the model's probe
// and records it.
TEST_CASE("switch: the scenario runs every model's every catalog mechanism and records it") {
  for (const std::string& name : test::models_running_here(scenario_names::switch_))
    for (handoff h : find_model_info(name)->handoffs) {
      const std::string mechanism(to_string(h));
      CAPTURE(name);
      CAPTURE(mechanism);
      const run_context ctx = test::context_for(name, "switch", {{"round_trips", "50"}, {"mechanism", mechanism}});
      auto m = test::model_for(name, ctx);
      const outcome out = run_scenario(find_scenario("switch"), name, *m, ctx);
      REQUIRE_MESSAGE(out.ok, out.error);
      CHECK(out.metrics.at(metric_keys::mechanism).as_string() == mechanism);
    }
}

TEST_CASE("switch: a mechanism the model lacks is refused naming the ones it has") {
  // Refused when the point is planned (usage_error: exit 2), before anything runs.
  CHECK_THROWS_WITH_AS(test::run_lab("async", "switch", {{"mechanism", "pipe"}}), doctest::Contains("post, channel"),
                       usage_error);
  CHECK_THROWS_WITH_AS(test::run_lab("threads", "switch", {{"mechanism", "post"}}), doctest::Contains("condvar, pipe"),
                       usage_error);
  // The scenario refuses first; a probe asked anyway says it has not built that hand-off.
  auto probe = test::probe_for("threads", "switch");
  CHECK_THROWS_WITH_AS(probe->ping_pong(10, handoff::post), doctest::Contains("no hand-off by post"), run_error);
}

TEST_CASE("switch: the record reports one-way ns and the counted hand-offs") {
  const record r = test::run_lab("threads", "switch", {{"round_trips", "2000"}, {"mechanism", "pipe"}, {"pin", "same"}});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(*metric(r, "switches") == 4000);
  CHECK(*metric(r, "switch_ns") > 0);
  CHECK(*metric(r, "nvcsw") + *metric(r, "nivcsw") > 0);  // a blocking pipe read sleeps
  CHECK(r.metrics.at("pin").as_string() == "same");
}

TEST_CASE("overheads: pin=spread on one CPU fails saying so") {
  cpu_set_t saved;
  REQUIRE(sched_getaffinity(0, sizeof saved, &saved) == 0);
  REQUIRE(pin_calling_thread(allowed_cpus().front()));
  const run_context ctx = test::context_for("threads", "switch", {{"pin", "spread"}});
  CHECK_THROWS_WITH_AS(placement_of(ctx.values), doctest::Contains("needs at least 2 usable CPUs"), run_error);
  auto m = test::model_for("threads", ctx);
  const outcome out = run_scenario(find_scenario("switch"), "threads", *m, ctx);
  CHECK_FALSE(out.ok);
  CHECK(out.error.find("pin=spread") != std::string::npos);
  sched_setaffinity(0, sizeof saved, &saved);
}
