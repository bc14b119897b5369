#pragma once
// From a task's demands and a machine's costs to what each model would do at a scale: the
// explicit model docs/advise.md writes out. Pure: no measuring, no I/O.
//
// A task visits, as stations of a queueing network (advise/queueing.hpp):
//   - the machine's CPUs (servers: the target's CPUs): every CPU second the task costs anyone,
//     its steps, its unit's share of each request's client work and hand-offs, and the server's
//     work for it;
//   - where a model runs its units' code on fewer threads than CPUs (serial: one; async and
//     fibers: loop_threads), those threads (servers: that many) for the client's part;
//     the async hybrid's CPU pool takes the CPU steps off the loop;
//   - the lock (one server) for its locked CPU;
//   - a pure delay for the requests' answers and the sleeps.
// Closed loop: `concurrency` units always busy (Mean Value Analysis); open loop: tasks due at
// `rate` (M/M/c). Latency: the mean response; p99 = p50 x the run queue's measured tail where
// the kernel shares CPUs among more units than it has, else p99 = p50 (the lab's steps and
// schedules are fixed: no other spread is modelled). Memory: units x memory per unit alive +
// tasks in flight x their memory steps. Limits (descriptors, processes, threads, the memory
// budget) cap the units; a target past them is unreachable, predicted at the largest that fits.
#include <optional>
#include <string>
#include <vector>

#include "advise/costs.hpp"
#include "advise/demand.hpp"
#include "advise/queueing.hpp"

namespace lab::advise {

// One way to run the task: a model and its settings that change the prediction.
struct variant {
  std::string model;
  int loop_threads = 1;  // async, fibers: the threads running the loop or the fibers
  int cpu_pool = 0;      // async hybrid: threads running the CPU steps beside the loop
  std::string label() const;
};

struct target {
  int cpus = 1;
  std::optional<double> concurrency;  // units in flight (closed loop)
  std::optional<double> rate;         // tasks per second offered (open loop)
  // A run of this many tasks (closed loop): simulated as run (advise/simulate.hpp), its spawn
  // ramp and lockstep included; none: the steady state, by Mean Value Analysis.
  std::optional<double> tasks;
  std::optional<double> memory_kib;   // budget for the whole run
  std::optional<double> p99_s;        // latency target: a variant past it is not chosen
  // What the machine allows (0 = no limit known): descriptors, processes, threads.
  double open_files = 0;
  double processes = 0;
  double threads = 0;
};

struct prediction {
  variant v;
  double units = 0;            // units in flight the prediction is for (after the limits)
  double throughput = 0;       // tasks per second
  double p50_s = 0, p99_s = 0;
  double cpu_per_task_s = 0;   // every CPU second a task costs, client and server
  double memory_kib = 0;
  std::string binds;           // the resource that caps throughput first, in words
  double binds_at = 0;         // its utilisation, or the fraction of the limit used
  bool reachable = true;       // the target's concurrency fits the limits
  bool simulated = false;      // throughput and latency from the simulation of target::tasks
  double tasks = 0;            // that many, where simulated
  std::string limit;           // why not, naming the limit and the figures
  std::vector<station> stations;
  network_result network;
};

// How many threads run the units' own code at once: the catalog's parallel parameter.
double client_threads(const variant& v, double units);

prediction predict(const task_demand& d, const machine_costs& costs, const variant& v, const target& t);

// The units each variant can hold under the target's limits, and the limit that caps them.
struct unit_cap {
  double units = 0;
  std::string why;
  bool capped = false;  // false: no limit known
};
unit_cap units_allowed(const task_demand& d, const machine_costs& costs, const variant& v, const target& t);

}  // namespace lab::advise
