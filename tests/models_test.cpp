// The models, run as the real executables the driver starts.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "support.hpp"

using namespace lab;
using lab::test::bin;
using lab::test::run_model;

TEST_CASE("model: every model returns bit-identical task totals") {
  for (const char* dist : {"uniform", "gauss"}) {
    const std::vector<std::string> base{"tasks=5", "samples=300001", std::string("dist=") + dist, "seed=9"};
    auto reference = run_model("serial", base);
    REQUIRE(reference.at("ok").as_bool());
    const auto hash = reference.at("task_hash");
    const auto checksum = reference.at("checksum");
    struct variant {
      std::string model;
      std::vector<std::string> extra;
    };
    // Every model the catalog runs cpu with, at its defaults, then the knobs that change how
    // a model splits the work: each splits the same totals differently.
    std::vector<variant> variants;
    for (const auto& m : lab::test::models_running_here(scenario_names::cpu))
      if (!is_baseline_model(m)) variants.push_back({m, {}});
    const std::vector<variant> knobs{
        {"threads", {"workers=2"}},
        {"threads", {"workers=0"}},
        {"procs", {"workers=2", "spawn=fork"}},
        {"procs", {"workers=3", "spawn=exec"}},
        {"async", {"yield_every=0"}},
        {"async", {"yield_every=7"}},  // a Gaussian pair split across yields
        {"async", {"loop_threads=2", "workers=2", "yield_every=1000"}},
        {"fibers", {"yield_every=0"}},
        {"fibers", {"yield_every=7"}},
        {"fibers", {"loop_threads=2", "workers=2", "yield_every=1000"}},
        {"fibers", {"loop_threads=2", "workers=0", "yield_every=7"}},
    };
    for (const auto& v : knobs)
      if (lab::test::checkable_here(v.model)) variants.push_back(v);
    for (const auto& v : variants) {
      auto sets = base;
      sets.insert(sets.end(), v.extra.begin(), v.extra.end());
      auto o = run_model(v.model, sets);
      CAPTURE(dist);
      CAPTURE(v.model);
      CAPTURE(v.extra.empty() ? std::string("defaults") : v.extra.back());
      CHECK(o.at("ok").as_bool());
      CHECK(o.at("task_hash") == hash);
      CHECK(o.at("checksum") == checksum);
    }
  }
}

TEST_CASE("model: async yields every yield_every samples, and never at 0") {
  auto o = run_model("async", {"tasks=2", "samples=1000", "yield_every=100"});
  CHECK(o.at("metrics").at("yields").to_number<double>() == 2 * 9);
  o = run_model("async", {"tasks=2", "samples=1000", "yield_every=0"});
  CHECK(o.at("metrics").at("yields").to_number<double>() == 0);
}

TEST_CASE("model: sleeps overlap in the concurrent models and not in serial") {
  const std::vector<std::string> sets{"tasks=3", "ms=300"};
  auto s = run_model("serial", sets, "sleep");
  CHECK(s.at("run_s").to_number<double>() >= 0.9);
  for (const auto& m : lab::test::models_running_here(scenario_names::sleep)) {
    if (is_baseline_model(m)) continue;
    auto o = run_model(m, sets, "sleep");
    CAPTURE(m);
    CHECK(o.at("ok").as_bool());
    // Generous: three 300 ms sleeps side by side take ~0.3 s, one after another 0.9 s.
    CHECK(o.at("run_s").to_number<double>() < 0.7);
    CHECK(o.at("ideal_s").to_number<double>() == doctest::Approx(0.3));
  }
  // workers caps the units in flight: 3 tasks on 2 threads take two rounds.
  auto o = run_model("threads", {"tasks=3", "ms=200", "workers=2"}, "sleep");
  CHECK(o.at("run_s").to_number<double>() >= 0.4);
  CHECK(o.at("ideal_s").to_number<double>() == doctest::Approx(0.4));
}

TEST_CASE("model: a thread that cannot be created fails the run with the reason") {
  if (!lab::test::address_limit_works) {
    lab::test::skip("a sanitizer build cannot run under an address-space limit");
    return;
  }
  // 2000 threads with 8 MiB stacks cannot fit in a 1 GiB address space: pthread_create fails
  // with EAGAIN part way, and the threads already started are joined.
  auto r = lab::test::run("/usr/bin/prlimit", {"--as=1000000000", bin("lab-threads"), "--scenario=sleep", "--set",
                                               "tasks=2000", "--set", "ms=10"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("could not create thread") != std::string::npos);
  // The limit that is set is the one named: ulimit -v here, not ulimit -u.
  CHECK(std::string(o.at("error").as_string()).find("ulimit -v") != std::string::npos);
}

TEST_CASE("model: bad input to a model executable exits 2 with one line") {
  auto r = lab::test::run(bin("lab-threads"), {"--scenario=cpu", "--set", "dist=poisson"});
  CHECK(r.status == 2);
  CHECK(r.err.find("dist") != std::string::npos);
  CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("model: procs reports memory summed over its processes") {
  auto o = run_model("procs", {"tasks=3", "ms=1"}, "sleep");
  const auto& m = o.at("metrics").as_object();
  REQUIRE(m.contains("rss_sum_kib"));
  // Three workers and the model process, each a few MiB resident.
  CHECK(m.at("rss_sum_kib").to_number<double>() > 3 * 1024);
  CHECK(std::string(m.at("rss_sum_method").as_string()).find("sum") != std::string::npos);
}
