#pragma once
// A profile's task as demands on a machine: what one task needs of CPUs, the lock, the
// server and waiting, averaged over its task kinds (task i runs kind i mod K).
#include <string_view>

#include "advise/costs.hpp"
#include "scenario/profile_steps.hpp"

namespace lab::advise {

struct task_demand {
  double cpu_s = 0;          // CPU steps outside the lock
  double locked_s = 0;       // CPU steps holding the lock
  double requests = 0;       // round trips to the server (request and request compute)
  double sleeps = 0;         // timer waits
  double wait_s = 0;         // the requests' answer delays and the sleeps, as written
  double request_s = 0;      // of it, the requests' (a pooled connection is held that long)
  double server_samples = 0; // Gaussian samples the server sums for `request compute` steps
  double memory_kib = 0;     // held by a task while it is in flight
  double connections = 0;    // requests on this many connections kept open; 0 = a fresh one each
  task_kinds kinds;          // the steps in their order, for the simulation (advise/simulate.hpp)
  double yield_every = 0;    // samples between a cooperative unit's yields in a CPU step; 0 = never
  double waits() const { return requests + sleeps; }
};

// The steps as a run executes them: CPU given as time becomes samples at `ns_per_sample` (the
// speed the lab measured before its runs, recorded as their ns_per_sample), so a demand made of
// them follows the machine's speed during the run, not the speed the time was turned at.
task_kinds as_run(task_kinds kinds, double ns_per_sample);

// A CPU step's seconds: as written, or its samples at the kernel speed of `costs`.
double cpu_seconds(const step& s, const machine_costs& costs);
// The CPU a cooperative unit runs between two yields in a CPU step (the profile's yield_every
// samples at the kernel speed); 0: it never yields.
double yield_seconds(const task_demand& d, const machine_costs& costs);

// CPU steps given in samples become seconds at the measured kernel speed.
task_demand demand_of(const task_kinds& kinds, const machine_costs& costs);
task_demand demand_of(std::string_view steps, const machine_costs& costs);

}  // namespace lab::advise
