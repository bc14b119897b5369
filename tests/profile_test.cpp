// The profile scenario end to end: `lab` runs a written-down workload in every model, against
// a real lab-server it starts, and the records say the same work was done and how its time
// divided.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include <boost/json/serialize.hpp>
#include <boost/json/value_to.hpp>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "measure/machine.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using namespace lab::test;
namespace json = boost::json;

namespace {

// One `lab run --json` of the profile: its record. REQUIREs exit 0 and one record.
json::object run_profile(const std::string& model, std::vector<std::string> sets) {
  std::vector<std::string> args{"--model=" + model, "--scenario=profile", "--json", "--timeout", "120"};
  for (auto& s : sets) {
    args.push_back("--set");
    args.push_back(std::move(s));
  }
  const auto r = run(bin("lab"), args, 150);
  INFO(model, " stderr: ", r.err);
  REQUIRE(r.status == 0);
  const auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

double metric(const json::object& rec, const char* key) {
  const auto* m = rec.at("metrics").as_object().if_contains(key);
  REQUIRE_MESSAGE(m, "no metric ", key);
  return m->to_number<double>();
}

}  // namespace

TEST_CASE("profile: every model runs the same steps and returns one checksum") {
  const std::vector<std::string> sets{"steps=cpu 3e5, 2x request 2ms, locked cpu 1e5, memory 64KiB, sleep 1ms",
                                      "tasks=24", "concurrency=6"};
  std::map<std::string, std::string> checksums;
  for (const auto& m : lab::test::models_running_here(lab::scenario_names::profile)) {
    const auto rec = run_profile(m, sets);
    INFO(m, ": ", json::serialize(rec));
    REQUIRE(rec.at("ok").as_bool());
    checksums[m] = json::value_to<std::string>(rec.at("checksum"));
  }
  // The hybrid and the exec'd workers too.
  checksums["async cpu_pool=2"] = json::value_to<std::string>(
      run_profile("async", {sets[0], sets[1], sets[2], "cpu_pool=2"}).at("checksum"));
  checksums["procs exec"] =
      json::value_to<std::string>(run_profile("procs", {sets[0], sets[1], sets[2], "spawn=exec"}).at("checksum"));
  REQUIRE(checksums.size() >= 5);
  for (const auto& [name, sum] : checksums) {
    CAPTURE(name);
    CHECK(sum == checksums.begin()->second);
  }
}

TEST_CASE("profile: fibers run every kind of step on two carriers, request steps on a pool too") {
  if (!lab::test::checkable_here("fibers")) return lab::test::skip("ThreadSanitizer cannot follow fiber stack switches");
  const std::string steps = "steps=cpu 2e5, sleep 1ms, locked cpu 1e5, memory 16KiB, request 1ms";
  const auto serial = run_profile("serial", {steps, "tasks=12"});
  for (const char* pool : {"connections=0", "connections=2"}) {
    CAPTURE(pool);
    const auto rec = run_profile("fibers", {steps, "tasks=12", "concurrency=4", "loop_threads=2", pool});
    CHECK(rec.at("ok").as_bool());
    CHECK(rec.at("checksum") == serial.at("checksum"));
  }
}

TEST_CASE("profile: a task's time divides into CPU, calls and queueing, each within its latency") {
  for (const std::string& model : lab::test::models_running_here(lab::scenario_names::profile)) {
    // Request steps need a model that waits on sockets: those that run io.
    if (!lab::gap_reason(model, lab::scenario_names::io).empty()) continue;
    CAPTURE(model);
    const auto rec = run_profile(model, {"steps=cpu 1ms, request 5ms, cpu 0.5ms", "tasks=30", "concurrency=5"});
    // queue_ms is the rest of the latency by construction: what is measured is that the CPU and
    // the calls fit in it, and that the queue's measured parts fit in the queue.
    CHECK(metric(rec, "cpu_ms") + metric(rec, "calls_ms") <= 1.02 * metric(rec, "mean_ms"));
    CHECK(metric(rec, "wait_cpu_ms") + metric(rec, "wait_unit_ms") <= metric(rec, "queue_ms") + 0.01);
    CHECK(metric(rec, "calls_ms") >= 5.0);  // the server answers after 5 ms
    CHECK(metric(rec, "cpu_ms") > 0.3);     // 1.5 ms of samples at this machine's speed, within its moves
    CHECK(metric(rec, "cpu_ceiling_tps") > 0);
    CHECK(metric(rec, "throughput_tps") > 0);
    CHECK(rec.at("params").as_object().at("ns_per_sample").to_number<double>() > 0);  // the calibration used
    CHECK(metric(rec, "p99_ms") >= metric(rec, "p50_ms"));
  }
}

TEST_CASE("profile: locked cpu serializes the units, whatever the model") {
  for (const std::string& model : lab::test::models_running_here(lab::scenario_names::profile)) {
    if (lab::is_baseline_model(model)) continue;  // one unit: serialized without a lock
    CAPTURE(model);
    std::vector<std::string> sets{"steps=locked cpu 4e6", "tasks=8", "concurrency=8"};
    // Where CPU steps can leave the loop, they do: the lock is then all that serializes them.
    if (lab::model_takes(model, "cpu_pool")) sets.push_back("cpu_pool=4");
    const auto rec = run_profile(model, sets);
    const double locked_cpu_s = metric(rec, "cpu_ms") * 8 / 1000;
    // Eight holders of one lock cannot take less than their CPU time in turn.
    CHECK(rec.at("run_s").to_number<double>() >= 0.98 * locked_cpu_s);
  }
}

TEST_CASE("profile: open loop measures latency from the due time") {
  const auto rec = run_profile("threads", {"steps=cpu 1e5, request 2ms", "tasks=40", "concurrency=4", "rate=400"});
  CHECK(metric(rec, "offered_rps") == 400);
  CHECK(metric(rec, "wait_unit_ms") >= 0);
  // 40 tasks due 2.5 ms apart take at least the schedule's length.
  CHECK(rec.at("run_s").to_number<double>() >= 39 / 400.0);
  CHECK(rec.at("ideal_s").to_number<double>() >= 39 / 400.0);
}

TEST_CASE("profile: more units than connections queue for one, and the record counts the waits") {
  // One model per way of waiting on a shared pool: blocking threads, awaited coroutines and
  // suspended fibers (procs splits the connections over its worker processes, so its waits
  // count differently).
  for (const std::string model : {"threads", "async", "fibers"}) {
    if (!lab::test::checkable_here(model)) continue;
    CAPTURE(model);
    const auto rec = run_profile(model, {"steps=request 5ms", "tasks=40", "concurrency=10", "connections=2"});
    CHECK(rec.at("ok").as_bool());
    CHECK(metric(rec, "units") == 10);        // not capped at the connections
    CHECK(metric(rec, "connection_waits") > 0);
    CHECK(metric(rec, metric_keys::connections) == 2);
    CHECK(rec.at("run_s").to_number<double>() >= 20 * 0.005);  // 40 requests of 5 ms, two at a time
  }
}

TEST_CASE("profile: bad steps and impossible sizes exit 2 with one line, before any run") {
  const auto refused = [](const std::string& model, const std::vector<std::string>& sets, const std::string& says) {
    std::vector<std::string> args{"--model=" + model, "--scenario=profile", "--json"};
    for (const auto& a : sets) {
      args.push_back("--set");
      args.push_back(a);
    }
    const auto r = run(bin("lab"), args);
    CAPTURE(r.err);
    CHECK(r.status == 2);
    CHECK(r.err.find(says) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(r.out.empty());
  };
  refused("threads", {"steps=cpu 2ms, reqest 20ms"}, "unknown kind 'reqest'");
  // Coroutines: no thread or process limit can refuse the run before its memory does.
  refused("async", {"steps=memory 8GiB", "concurrency=10000", "tasks=10000"}, "units at once need about");
  refused("threads", {"steps=sleep 1ms", "concurrency=9000000"}, "out of range");
  // A million threads: refused by kernel.pid_max, kernel.threads-max or ulimit -u, whichever is
  // lowest here. A machine that allows them all would start the run, so it is not asked (last:
  // nothing may be checked after a skip).
  if (kernel_units_refusal(1'000'000).empty()) {
    skip("this machine allows a million threads (kernel.pid_max, kernel.threads-max, ulimit -u): that refusal not checked");
    return;
  }
  refused("threads", {"steps=cpu 1ms", "tasks=1000000", "concurrency=1000000"},
          "units at once are each a thread or process, more than");
}

TEST_CASE("profile: configs/profiles.ini runs every archetype, at a tenth of its size") {
  std::ifstream in(std::string(LAB_SOURCE_DIR) + "/configs/profiles.ini");
  REQUIRE(in);
  std::string text, line;
  int sections = 0;
  while (std::getline(in, line)) {
    // A tenth of the tasks and of the seeds' samples, one run per point.
    if (line.rfind("set.tasks = ", 0) == 0) {
      const long tasks = std::stol(line.substr(12));
      line = "set.tasks = " + std::to_string(std::max(2L, tasks / 10));
    }
    if (line == "reps = 3") line = "reps = 1";
    if (line.rfind("set.steps = request compute", 0) == 0) line = "set.steps = request compute 8000000 | cpu 120000000";
    if (!line.empty() && line[0] == '[') ++sections;
    text += line + "\n";
  }
  CHECK(sections >= 6);  // api, crawler, batch, chat, seeds, gil
  temp_dir dir;
  const auto config = dir.write("profiles.ini", text);
  const auto out = dir.file("profiles.jsonl");
  const auto r = run(bin("lab"), {"sweep", config, "--no-check", "--fresh", "--out", out}, 300);
  INFO(r.err);
  REQUIRE(r.status == 0);
  std::ifstream results(out);
  std::string all((std::istreambuf_iterator<char>(results)), std::istreambuf_iterator<char>());
  std::map<std::string, std::set<std::string>> checksums;  // experiment -> checksums
  int records = 0;
  for (const auto& rec : json_lines(all)) {
    ++records;
    INFO(json::serialize(rec));
    CHECK(rec.at("ok").as_bool());
    checksums[json::value_to<std::string>(rec.at("experiment"))].insert(json::value_to<std::string>(rec.at("checksum")));
  }
  CHECK(records >= 25);
  CHECK(checksums.size() == 6);
  for (const auto& [experiment, sums] : checksums) {
    CAPTURE(experiment);
    CHECK(sums.size() == 1);  // every model, every variant: the same work
  }
}
