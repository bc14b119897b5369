// The prediction model on hand-made costs: exact figures where the model has a closed form,
// limits where it approaches one (docs/advise.md writes the model out).
#include <doctest/doctest.h>

#include "advise/predict.hpp"
#include "advise/queueing.hpp"
#include "core/error.hpp"

namespace {

using namespace lab::advise;

machine_costs hand_made() {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;
  for (const char* m : {"serial", "threads", "procs", "async", "fibers"}) {
    model_costs mc;
    mc.mem_per_unit_kib = 64;
    mc.switch_s = 0;
    mc.request_cpu_s = 0;
    c.models[m] = mc;
  }
  return c;
}

prediction at(const char* steps, variant v, int cpus, double units) {
  const auto c = hand_made();
  target t;
  t.cpus = cpus;
  t.concurrency = units;
  return predict(demand_of(steps, c), c, v, t);
}

}  // namespace

TEST_CASE("advise: serial runs one task at a time: 1 / (CPU + waits)") {
  const auto p = at("cpu 10ms, sleep 10ms", {"serial"}, 8, 100);
  CHECK(p.units == 1);
  CHECK(p.throughput == doctest::Approx(50));
  CHECK(p.p50_s == doctest::Approx(0.020));
}

TEST_CASE("advise: a CPU-bound profile scales with cores, not with units") {
  const double one = at("cpu 10ms", {"threads"}, 1, 64).throughput;
  const double four = at("cpu 10ms", {"threads"}, 4, 64).throughput;
  const double sixteen = at("cpu 10ms", {"threads"}, 16, 256).throughput;
  CHECK(one == doctest::Approx(100).epsilon(0.001));
  CHECK(four == doctest::Approx(400).epsilon(0.001));
  CHECK(sixteen == doctest::Approx(1600).epsilon(0.001));
  CHECK(at("cpu 10ms", {"threads"}, 4, 64).binds == "the CPUs");
}

TEST_CASE("advise: a wait-bound profile scales with concurrency: N / the wait") {
  CHECK(at("request 100ms", {"threads"}, 2, 10).throughput == doctest::Approx(100));
  CHECK(at("request 100ms", {"async"}, 2, 1000).throughput == doctest::Approx(10000));
  CHECK(at("request 100ms", {"threads"}, 2, 10).binds == "too few units in flight (the waits)");
}

TEST_CASE("advise: async on one loop caps at 1 / its CPU per task, whatever the cores") {
  const auto p = at("cpu 1ms, request 100ms", {"async"}, 8, 10000);
  CHECK(p.throughput == doctest::Approx(1000).epsilon(0.001));
  CHECK(p.binds == "the one loop thread");
  // the hybrid's pool takes the CPU steps off the loop: the cores bind instead
  const auto hybrid = at("cpu 1ms, request 100ms", {"async", 1, 8}, 8, 10000);
  CHECK(hybrid.throughput == doctest::Approx(8000).epsilon(0.001));
}

TEST_CASE("advise: the lock serialises its CPU: 1 / the locked CPU per task") {
  const auto p = at("locked cpu 2ms", {"threads"}, 8, 100);
  CHECK(p.throughput == doctest::Approx(500).epsilon(0.001));
  CHECK(p.binds == "the lock");
}

TEST_CASE("advise: memory is units x (per unit + what each task holds)") {
  const auto p = at("memory 16KiB, sleep 1s", {"threads"}, 2, 1000);
  CHECK(p.memory_kib == doctest::Approx(1000 * (64 + 16)));
}

TEST_CASE("advise: limits cap the units; a budget below one unit is an error") {
  const auto c = hand_made();
  target t;
  t.cpus = 2;
  t.concurrency = 1000;
  t.memory_kib = 800;  // ten units of 80 KiB
  const auto d = demand_of("memory 16KiB, sleep 1s", c);
  const auto p = predict(d, c, {"threads"}, t);
  CHECK_FALSE(p.reachable);
  CHECK(p.units == 10);
  CHECK(p.throughput == doctest::Approx(10));
  CHECK(p.binds.find("memory budget") != std::string::npos);
  t.memory_kib = 40;
  CHECK_THROWS_AS(predict(d, c, {"threads"}, t), lab::usage_error);
  t.memory_kib.reset();
  t.open_files = 1024;
  const auto fds = predict(demand_of("request 10ms", c), c, {"async"}, t);
  CHECK(fds.units == 960);
  CHECK(fds.binds.find("descriptors") != std::string::npos);
}

TEST_CASE("advise: Erlang C and the open network at a rate") {
  CHECK(erlang_c(1, 0.5) == doctest::Approx(0.5));  // M/M/1: P(wait) = rho
  CHECK(erlang_c(2, 1.0) == doctest::Approx(1.0 / 3));
  const auto open = open_network({{"cpu", 0.01, 1}}, 50);  // M/M/1, rho 0.5: R = D / (1 - rho)
  CHECK(open.response_s == doctest::Approx(0.02));
  CHECK_FALSE(open.saturated);
  CHECK(open_network({{"cpu", 0.01, 1}}, 150).saturated);
}

// The verification predicts each run on the machine it met (docs/advise.md, Verify).
TEST_CASE("advise: a machine 1.5x slower costs 1.5x the CPU; a step written as time runs the samples it was turned to") {
  auto c = hand_made();
  c.server_cpu_per_request_s = 20e-6;
  c.models["threads"].request_cpu_s = 10e-6;
  c.models["threads"].spawn_s = 4e-6;
  const auto slow = c.at_speed(1.5);
  CHECK(slow.ns_per_sample == doctest::Approx(1.5));
  CHECK(slow.server_cpu_per_request_s == doctest::Approx(30e-6));
  CHECK(*slow.models.at("threads").request_cpu_s == doctest::Approx(15e-6));
  CHECK(slow.models.at("threads").spawn_s == doctest::Approx(6e-6));
  CHECK(slow.models.at("threads").mem_per_unit_kib == 64);  // memory is not time
  CHECK_FALSE(slow.models.at("threads").pooled_request_cpu_s);  // what was not measured stays unmeasured

  // "cpu 10ms" turned into samples at 2 ns each (10^7 / 2) runs 7.5 ms where a sample costs 1.5 ns.
  const auto kinds = as_run(lab::parse_task_kinds("cpu 10ms, sleep 5ms"), 2);
  CHECK(kinds[0][0].samples == 5'000'000);
  CHECK(kinds[0][0].seconds == 0);
  CHECK(kinds[0][1].seconds == doctest::Approx(0.005));  // a sleep is not CPU
  CHECK(demand_of(kinds, slow).cpu_s == doctest::Approx(0.0075));
  CHECK(demand_of(kinds, slow).wait_s == doctest::Approx(0.005));
}
