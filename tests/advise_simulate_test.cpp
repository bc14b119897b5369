// The simulation of a run as it is run (advise/simulate.hpp): exact figures where a run has a
// closed form, and the lockstep and spawn ramp the steady state's Mean Value Analysis misses.
#include <doctest/doctest.h>

#include <initializer_list>

#include "advise/predict.hpp"
#include "advise/sim_task.hpp"
#include "advise/simulate.hpp"

namespace {

using namespace lab::advise;

// Two CPUs, a sample a nanosecond, and no cost to spawn or hand off: only the steps cost.
machine_costs steps_only(std::initializer_list<const char*> models) {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;
  model_costs mc;
  mc.switch_s = 0;
  for (const char* m : models) c.models[m] = mc;
  return c;
}

sim_run one_kind(std::vector<visit> visits, int servers, std::size_t units, std::size_t tasks) {
  sim_run r;
  r.stations = {{servers}};
  r.kinds = {std::move(visits)};
  r.units = units;
  r.tasks = tasks;
  return r;
}

}  // namespace

TEST_CASE("advise: a simulated station serves first come first served: throughput = servers / demand") {
  const auto r = simulate(one_kind({{0, 0.010}}, 1, 8, 100));
  CHECK(r.span_s == doctest::Approx(1.0));
  CHECK(r.throughput == doctest::Approx(100));
  // Two servers halve it; eight units queue, so a task waits behind the others.
  const auto two = simulate(one_kind({{0, 0.010}}, 2, 8, 100));
  CHECK(two.span_s == doctest::Approx(0.5));
  CHECK(two.p50_s == doctest::Approx(0.040));  // 8 units on 2 servers: 4 services a task
}

TEST_CASE("advise: simulated waits overlap: two rounds of N units each waiting W take 2W") {
  const auto r = simulate(one_kind({{visit::delay, 0.2}}, 1, 1000, 2000));
  CHECK(r.span_s == doctest::Approx(0.4));
  CHECK(r.throughput == doctest::Approx(5000));
  CHECK(r.p99_s == doctest::Approx(0.2));
}

TEST_CASE("advise: a cohort that waits together queues together: the lockstep the steady state misses") {
  // 1000 units wait 200 ms, then need 0.2 ms of one CPU: the last one's CPU ends 200 ms after
  // the first one's, where the steady state (arrivals spread evenly) has no queue at all.
  const auto r = simulate(one_kind({{visit::delay, 0.2}, {0, 0.0002}}, 1, 1000, 1000));
  CHECK(r.span_s == doctest::Approx(0.4));
  CHECK(r.p50_s == doctest::Approx(0.3).epsilon(0.01));
  CHECK(r.p99_s == doctest::Approx(0.398).epsilon(0.01));
}

TEST_CASE("advise: units spawned one after another start a ramp later") {
  auto run = one_kind({{visit::delay, 0.5}}, 1, 100, 100);
  run.spawn_s = 0.001;
  const auto r = simulate(run);
  CHECK(r.span_s == doctest::Approx(0.599));  // the last unit starts 99 ms after the first
  CHECK(r.p99_s == doctest::Approx(0.5));     // each task itself still takes its wait
}

TEST_CASE("advise: task kinds alternate, and nothing to run is an empty result") {
  sim_run r;
  r.stations = {{1}};
  r.kinds = {{{0, 0.010}}, {{0, 0.030}}};
  r.units = 1;
  r.tasks = 4;
  CHECK(simulate(r).span_s == doctest::Approx(0.080));
  r.tasks = 0;
  CHECK(simulate(r).throughput == 0);
}

TEST_CASE("advise: a prediction for a given number of tasks is simulated; without, it is the steady state") {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;
  model_costs mc;
  mc.mem_per_unit_kib = 64;
  mc.switch_s = 0;
  mc.spawn_s = 0;
  c.models["async"] = mc;
  target t;
  t.cpus = 2;
  t.concurrency = 1000;
  const auto d = demand_of("sleep 200ms, cpu 0.2ms", c);
  const auto steady = predict(d, c, {"async"}, t);
  CHECK_FALSE(steady.simulated);
  t.tasks = 1000;
  const auto run = predict(d, c, {"async"}, t);
  CHECK(run.simulated);
  // One loop: the cohort's 1000 CPU steps run one after another after the common wait.
  CHECK(run.throughput == doctest::Approx(1000 / 0.4).epsilon(0.01));
  CHECK(run.throughput < steady.throughput);
}

TEST_CASE("advise: a request's cost between the few units and the many it was measured at is log-linear, never extrapolated") {
  machine_costs c;
  model_costs m;
  m.request_cpu_s = 10e-6;
  m.pooled_request_cpu_s = 5e-6;
  c.server_cpu_per_request_s = 30e-6;
  // No calibration at scale (an older --costs file): the few units' figure everywhere.
  CHECK(c.request_cpu_s(m, false, 5000) == doctest::Approx(10e-6));
  m.request_cpu_at_scale_s = 20e-6;
  c.server_cpu_per_request_at_scale_s = 60e-6;
  c.scale_units = 1024;  // few_units 16: 128 is halfway in the logarithm (8 = 64^0.5)
  CHECK(c.request_cpu_s(m, false, 4) == doctest::Approx(10e-6));
  CHECK(c.request_cpu_s(m, false, 128) == doctest::Approx(15e-6));
  CHECK(c.request_cpu_s(m, false, 1024) == doctest::Approx(20e-6));
  CHECK(c.request_cpu_s(m, false, 100000) == doctest::Approx(20e-6));
  CHECK(c.server_request_cpu_s(false, 128) == doctest::Approx(45e-6));
  CHECK(c.request_cpu_s(m, true, 1024) == doctest::Approx(5e-6));  // pooled: measured at few units only
}

TEST_CASE("advise: consecutive steps on one station are one visit: a cohort the wait spread out stays spread") {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;
  c.memory_s_per_kib = 1e-6;
  model_costs mc;
  mc.switch_s = 0;
  c.models["async"] = mc;
  target t;
  t.cpus = 2;
  t.concurrency = 1000;
  t.tasks = 1000;
  // The loop runs the 1000 first CPU steps one after another (200 ms); each unit's memory step
  // follows its own CPU step at once, so the second waits end spread over 200 ms and the second
  // CPU steps find the loop free: 600 ms in all, not 800 (the cohort gathered again).
  const auto p = predict(demand_of("sleep 200ms, cpu 0.2ms, memory 1KiB, sleep 200ms, cpu 0.2ms", c), c, {"async"}, t);
  REQUIRE(p.simulated);
  CHECK(p.throughput == doctest::Approx(1000 / 0.6).epsilon(0.02));
}

TEST_CASE("advise: a unit's start visits come before its first task, and its task's time does not count them") {
  auto run = one_kind({{visit::delay, 0.5}}, 1, 2, 2);
  run.start = {{0, 0.1}};  // each unit's start needs 100 ms of the one server, one after the other
  const auto r = simulate(run);
  CHECK(r.span_s == doctest::Approx(0.6));  // the first task starts at 0.1 s, the last ends at 0.7 s
  CHECK(r.p99_s == doctest::Approx(0.5));
}

TEST_CASE("advise: a fresh connection's accept is what its server CPU costs beyond a pooled request's") {
  machine_costs c;
  c.server_cpu_per_request_s = 40e-6;
  c.server_cpu_per_pooled_request_s = 10e-6;
  CHECK(c.accept_s(false, 16) == doctest::Approx(30e-6));
  CHECK(c.accept_s(true, 16) == 0);
  c.server_cpu_per_pooled_request_s = 0;  // not measured: no acceptor station
  CHECK(c.accept_s(false, 16) == 0);
  // lab-server accepts on one coroutine: 1000 fresh requests at once take 1000 accepts in a row.
  c.server_cpu_per_pooled_request_s = 10e-6;
  c.cpus = 2;
  c.ns_per_sample = 1;
  model_costs mc;
  mc.request_cpu_s = 0;
  mc.switch_s = 0;
  c.models["async"] = mc;
  target t;
  t.cpus = 64;  // CPUs to spare: the acceptor alone queues
  t.concurrency = 1000;
  t.tasks = 1000;
  const auto p = predict(demand_of("request 100ms", c), c, {"async"}, t);
  CHECK(p.p99_s == doctest::Approx(0.1 + 0.030).epsilon(0.01));  // the last accept waits 999 x 30 us
}

TEST_CASE("advise: a fresh connection's request queues at the unit's loop twice, to connect and to send") {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;
  model_costs mc;
  mc.request_cpu_s = 40e-6;
  mc.pooled_request_cpu_s = 20e-6;
  mc.switch_s = 0;
  c.models["async"] = mc;
  auto d = demand_of("request 100ms", c);
  const auto fresh = simulation_of(d, c, {"async"}, 2, 10, 10).kinds.at(0);
  REQUIRE(fresh.size() >= 4);
  CHECK(fresh[0].at == fresh[2].at);  // the loop, twice
  CHECK(fresh[0].seconds == doctest::Approx(20e-6));
  CHECK(fresh[1].at == visit::delay);  // the connect completing in between: back of the queue
  CHECK(fresh.back().seconds == doctest::Approx(0.1));
  d.connections = 4;
  const auto pooled = simulation_of(d, c, {"async"}, 2, 10, 10).kinds.at(0);
  CHECK(pooled.front().seconds == doctest::Approx(20e-6));  // sent at once
  CHECK(pooled.size() == 2);  // the send, then the answer's wait holding a connection
}

TEST_CASE("advise: a loop's CPU step that yields lets a request beside it be sent; a greedy one holds it back") {
  machine_costs c;
  c.cpus = 2;
  c.ns_per_sample = 1;  // 1 ns a sample: yield_every 1e6 is 1 ms
  model_costs mc;
  mc.request_cpu_s = 2e-6;
  mc.switch_s = 0;
  c.models["async"] = mc;
  auto d = demand_of("request 100ms | cpu 1s", c);  // task 0 a request, task 1 one second of CPU
  auto span = [&](double every) {
    d.yield_every = every;
    return simulate(simulation_of(d, c, {"async"}, 2, 2, 2)).span_s;
  };
  CHECK(span(0) == doctest::Approx(1.1).epsilon(0.01));    // sent after the whole step: seeds/003's greedy task
  CHECK(span(1e6) == doctest::Approx(1.0).epsilon(0.01));  // sent between two 1 ms chunks, answered meanwhile
}

TEST_CASE("advise: a run too large to simulate quickly is predicted by its steady state instead") {
  const auto c = steps_only({"async"});
  target t;
  t.cpus = 2;
  t.concurrency = 1000;
  t.tasks = 100000;
  auto d = demand_of("cpu 1s", c);
  d.yield_every = 1000;  // 10,000 chunks a task, 10^9 visits: found out before anything is built
  CHECK(visits_per_task(d, c) > 1e4);
  CHECK_FALSE(predict(d, c, {"async"}, t).simulated);
  t.tasks = 100;
  CHECK(predict(d, c, {"async"}, t).simulated);
}

TEST_CASE("advise: work on a thread holds a CPU beside it: a loop and a pool never use more CPUs than there are") {
  sim_run r;
  r.stations = {{1}, {1}};  // one CPU; one loop thread
  r.kinds = {{{1, 1.0, 0}}, {{0, 1.0}}};  // task 0 on the loop (and a CPU), task 1 on a CPU alone
  r.units = 2;
  r.tasks = 2;
  CHECK(simulate(r).span_s == doctest::Approx(2.0));  // one after the other on the one CPU
  r.kinds[0][0].also = visit::none;                   // as if the loop needed no CPU
  CHECK(simulate(r).span_s == doctest::Approx(1.0));
  // A unit holding the loop while it waits for the CPU keeps the next loop visit waiting too.
  r.kinds = {{{0, 1.0}}, {{1, 1.0, 0}}, {{1, 1.0, 0}}};
  r.units = 3;
  r.tasks = 3;
  CHECK(simulate(r).span_s == doctest::Approx(3.0));
}

TEST_CASE("advise: a locked step on one loop is the loop's work: the others wait for the loop, not the lock") {
  const auto c = steps_only({"async", "threads"});
  target t;
  t.cpus = 2;
  t.concurrency = 2;
  t.tasks = 2;
  const auto d = demand_of("locked cpu 10ms, cpu 10ms", c);
  // One loop runs both units' 20 ms one after the other; the lock never made anyone wait.
  CHECK(predict(d, c, {"async"}, t).throughput == doctest::Approx(2 / 0.040));
  // Two threads: the second waits 10 ms for the lock, then both compute on the two CPUs.
  CHECK(predict(d, c, {"threads"}, t).throughput == doctest::Approx(2 / 0.030));
}
