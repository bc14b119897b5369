#pragma once
// A run of the profile as it is really run, simulated event by event: `tasks` tasks on `units`
// units that start one after another (the model's measured spawn cost apart) and take the next
// task as they finish one, each task's steps in their written order visiting first-come
// first-served stations (the CPUs, the model's own threads, the CPU pool, the lock, the pooled
// connections) or a pure delay. Mean Value Analysis (advise/queueing.hpp) answers for the
// steady state; a run of 2,000 tasks on 1,000 units is not one: its units start together, wait
// together and queue together for the CPUs at each step (the lockstep of a cohort), and the
// last units start a spawn ramp later. Written by hand: no Debian-packaged C++ library
// simulates queueing networks, and the event loop is fifty lines.
#include <cstddef>
#include <vector>

namespace lab::advise {

// A visit: `seconds` of service at station `at`, or a pure delay where `at` is delay. Where
// `also` names a second station the unit holds a server of both for the service, taking `at`'s
// first and waiting for `also`'s while it holds it: a loop thread's work needs the thread and a
// CPU, and a loop that is runnable but has no CPU holds its thread all the same.
struct visit {
  static constexpr int delay = -1;
  static constexpr int none = -3;
  int at = delay;
  double seconds = 0;
  int also = none;
};

struct sim_station {
  int servers = 1;
};

struct sim_run {
  std::vector<sim_station> stations;
  std::vector<std::vector<visit>> kinds;  // task i runs kind i mod K
  std::vector<visit> start;               // what a unit does once as it starts, before its first task
  std::size_t units = 1, tasks = 1;
  double spawn_s = 0;                     // unit u starts at u x spawn_s
};

struct sim_result {
  double throughput = 0;  // tasks over the span from the first task's start to the last one's end
  double p50_s = 0, p99_s = 0, mean_s = 0;
  double span_s = 0;
};

sim_result simulate(const sim_run& run);

}  // namespace lab::advise
