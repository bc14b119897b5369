// The io and mixed scenarios, run the way the driver runs them: each model's executable as a
// child, against a real lab-server started by server_process.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/parse.hpp>
#include <boost/process/v2.hpp>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "net/server_process.hpp"
#include "scenario/scenario.hpp"
#include "support.hpp"
#include "workload/sum.hpp"

using namespace lab;
namespace asio = boost::asio;
namespace bp2 = boost::process::v2;
namespace json = boost::json;

namespace {

struct child_run {
  int exit_code = -1;
  std::string out;
  json::object result;  // the JSON line, when there is one
};

// Runs LAB_BIN_DIR/lab-MODEL --scenario=SCENARIO --set ... and waits for it (at most 60 s:
// a hang fails the test instead of stalling the suite).
child_run run_model(const std::string& model, const std::string& scenario, const std::vector<std::string>& sets) {
  std::vector<std::string> args{"--scenario=" + scenario};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  asio::io_context io;
  asio::readable_pipe out(io);
  bp2::process proc(io, LAB_BIN_DIR "/lab-" + model, args, bp2::process_stdio{nullptr, out, {}});
  child_run r;
  asio::steady_timer limit(io, std::chrono::seconds(60));
  asio::async_read(out, asio::dynamic_buffer(r.out), [&](boost::system::error_code, std::size_t) { limit.cancel(); });
  limit.async_wait([&](boost::system::error_code ec) {
    if (!ec) proc.terminate();
  });
  io.run();
  r.exit_code = proc.wait();
  if (!r.out.empty()) r.result = json::parse(r.out).as_object();
  return r;
}

double num(const json::object& o, const char* key) { return o.at(key).to_number<double>(); }
double metric(const json::object& o, const char* key) { return num(o.at("metrics").as_object(), key); }
std::string str(const json::object& o, const char* key) {
  return o.at(key).is_string() ? std::string(o.at(key).as_string()) : "";
}

}  // namespace

TEST_CASE("io: io and mixed declare that they need a lab-server") {
  CHECK(find_scenario("io").spec.needs_server);
  CHECK(find_scenario("mixed").spec.needs_server);
  CHECK(!find_scenario("cpu").spec.needs_server);
}

TEST_CASE("io: every model runs io against a real lab-server, with identical checksums") {
  net::server_process server({LAB_BIN_DIR "/lab-server"});
  const std::string at = "server=" + server.address();
  std::string hash;
  auto variants = test::models_running_here(scenario_names::io);
  variants.push_back("procs exec");
  variants.push_back("async 2 loop threads");
  if (test::checkable_here("fibers")) variants.push_back("fibers 2 carriers");
  for (const auto& v : variants) {
    CAPTURE(v);
    const std::string model = v.substr(0, v.find(' '));
    // 50 ms waits: long enough that starting 5 workers on a loaded machine cannot hide the overlap.
    std::vector<std::string> sets{at, "requests=20", "concurrency=5", "delay_ms=50"};
    if (v == "procs exec") sets.push_back("spawn=exec");
    if (v == "async 2 loop threads" || v == "fibers 2 carriers") sets.push_back("loop_threads=2");
    const auto r = run_model(model, "io", sets);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.result.at("ok").as_bool());
    CHECK(str(r.result, "checksum") == "20.0000000000");  // every request answered `ok`
    if (hash.empty()) hash = str(r.result, "task_hash");
    CHECK(str(r.result, "task_hash") == hash);
    CHECK(num(r.result, "ideal_s") == doctest::Approx(model == "serial" ? 1.0 : 0.2));
    CHECK(metric(r.result, "units") == (model == "serial" ? 1 : 5));
    CHECK(metric(r.result, "p50_ms") >= 49.9);
    CHECK(metric(r.result, "p50_ms") <= metric(r.result, "p90_ms"));
    CHECK(metric(r.result, "p90_ms") <= metric(r.result, "p99_ms"));
    CHECK(metric(r.result, "p99_ms") <= metric(r.result, "max_ms"));
    CHECK(metric(r.result, "achieved_concurrency") <= metric(r.result, "units") + 1e-9);
    if (model != "serial") CHECK(metric(r.result, "achieved_concurrency") > 1.5);
  }
}

TEST_CASE("io: mixed gives one checksum in every model, and overlaps its parts except in serial") {
  net::server_process server({LAB_BIN_DIR "/lab-server"});
  const std::uint64_t s_samples = 15'000'000, l_samples = 150'000'000, seed = 5;
  const std::string expected =
      checksum_of({{gaussian_sum(seed, 0, s_samples), 0}, {uniform_sum(seed, 1, l_samples), 0}});
  const std::vector<std::string> sets{"server=" + server.address(), "server_samples=" + std::to_string(s_samples),
                                      "local_samples=" + std::to_string(l_samples), "seed=" + std::to_string(seed)};
  for (const auto& model : test::models_running_here(scenario_names::mixed)) {  // serial first
    CAPTURE(model);
    const auto r = run_model(model, "mixed", sets);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.result.at("ok").as_bool());
    CHECK(str(r.result, "checksum") == expected);  // the server's total and the local one, bit for bit
    const double s = metric(r.result, "server_s"), l = metric(r.result, "local_s"), wall = num(r.result, "run_s");
    CAPTURE(s);
    CAPTURE(l);
    CAPTURE(wall);
    // Structural, so it holds on a loaded machine and under a sanitizer: parts in turn take
    // S + L and never run at once; overlapping parts are under way together for much of the
    // shorter one. (Not the wall against max(S, L): it also holds the units' start, and a fork
    // under ThreadSanitizer took longer than the margin. Under load either part may be the
    // longer: the server and the client compete for the cores.)
    const double overlap = metric(r.result, "overlap_s");
    CAPTURE(overlap);
    if (model == "serial") {
      CHECK(wall >= 0.97 * (s + l));
      CHECK(overlap < 1e-6);
      CHECK(num(r.result, "ideal_s") == doctest::Approx(s + metric(r.result, "local_cpu_s")));
    } else {
      CHECK(overlap > 0.25 * std::min(s, l));
      CHECK(num(r.result, "ideal_s") == doctest::Approx(std::max(s, metric(r.result, "local_cpu_s"))));
    }
    if (model == "async" || model == "fibers") CHECK(metric(r.result, "yields") >= 100);
  }
  // The seeds' lesson: a local sum that never yields keeps the loop from sending the request
  // until it is done, so async is serial again.
  auto greedy = sets;
  greedy.push_back("yield_every=0");
  const auto r = run_model("async", "mixed", greedy);
  REQUIRE(r.result.at("ok").as_bool());
  CHECK(str(r.result, "checksum") == expected);
  CHECK(metric(r.result, "yields") == 0);
  // The request's span (S, from its start) holds the whole local sum: it could not be sent
  // until the sum ended.
  CHECK(metric(r.result, "server_s") >= metric(r.result, "local_s"));
}

TEST_CASE("io: a server that is down gives ok=false with a reason and exit 0, without hanging") {
  std::string at;
  {
    net::server_process server({LAB_BIN_DIR "/lab-server"});
    at = server.address();
  }  // stopped: connections to it are refused now
  auto variants = test::models_running_here(scenario_names::io);
  variants.push_back("procs exec");
  for (const auto& v : variants) {
    const std::string model = v.substr(0, v.find(' '));
    if (!test::failures_checkable_here(model)) continue;
    for (const std::string scenario : {"io", "mixed"}) {
      if (!gap_reason(model, scenario).empty()) continue;
      CAPTURE(v);
      CAPTURE(scenario);
      const auto t0 = std::chrono::steady_clock::now();
      std::vector<std::string> sets{"server=" + at};
      if (v == "procs exec") sets.push_back("spawn=exec");
      if (scenario == "io") sets.insert(sets.end(), {"requests=4", "concurrency=2"});
      else sets.push_back("local_samples=1000");
      const auto r = run_model(model, scenario, sets);
      CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
      REQUIRE(r.exit_code == 0);
      CHECK(!r.result.at("ok").as_bool());
      const std::string error = str(r.result, "error");
      CAPTURE(error);
      CHECK(error.find(at) != std::string::npos);
      CHECK(error.find("refused") != std::string::npos);
    }
  }
}

TEST_CASE("io: a missing or malformed server is a usage error") {
  CHECK(run_model("serial", "io", {}).exit_code == 2);
  CHECK(run_model("async", "mixed", {}).exit_code == 2);
  CHECK(run_model("serial", "io", {"server=nowhere"}).exit_code == 2);
  CHECK(run_model("threads", "io", {"server=127.0.0.1:0"}).exit_code == 2);
}
