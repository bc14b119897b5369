// The calibration's costs from its records, each taken at the reference speed: a VM's speed
// moves between one calibration run and the next, and a cost measured while it ran slow is
// not the model's.
#include <doctest/doctest.h>

#include "advise/calibrate.hpp"
#include "report/advice.hpp"

namespace {

using namespace lab;

record calibration_run(const char* what, const char* model, double speed) {
  record r;
  r.scenario = "profile";
  r.model = model;
  r.experiment = std::string(report::calibration_prefix) + what;
  r.machine.cpus = 2;
  r.machine.host = "here";
  r.extra[report::speed_beside_key] = speed;
  return r;
}

}  // namespace

TEST_CASE("advise: each calibration cost is taken at the median speed probed beside the runs") {
  std::vector<record> records;
  auto queue = calibration_run("run-queue", "threads", 1.0);
  queue.params["ns_per_sample"] = 5.0;  // the lab's own measurement as it started: not the reference
  queue.params["concurrency"] = 2;
  queue.metrics["cpu_ms"] = 10.0;
  queue.metrics["p50_ms"] = 1.0;
  records.push_back(queue);
  auto spawn = calibration_run("spawn", "threads", 2.0);  // ran while the machine was twice as slow
  spawn.metrics["per_unit_ns"] = 1000.0;
  spawn.metrics["mem_per_unit_kib"] = 8.0;
  records.push_back(spawn);
  auto hand_off = calibration_run("switch", "threads", 1.0);
  hand_off.metrics["switch_ns"] = 300.0;
  records.push_back(hand_off);

  const auto c = advise::costs_from_records(records);
  CHECK(c.ns_per_sample == doctest::Approx(1.0));  // the median of 1, 2, 1
  CHECK(c.speed_min == doctest::Approx(1.0));
  CHECK(c.speed_max == doctest::Approx(2.0));
  CHECK(c.models.at("threads").spawn_s == doctest::Approx(0.5e-6));  // 1 µs at half the speed
  CHECK(c.models.at("threads").mem_per_unit_kib == doctest::Approx(8.0));  // memory is not time
  CHECK(*c.models.at("threads").switch_s == doctest::Approx(0.3e-6));

  for (auto& r : records) r.extra.erase(report::speed_beside_key);  // a calibration from before the probes
  const auto old = advise::costs_from_records(records);
  CHECK(old.ns_per_sample == doctest::Approx(5.0));
  CHECK(old.models.at("threads").spawn_s == doctest::Approx(1e-6));
}
