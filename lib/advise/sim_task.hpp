#pragma once
// A profile's task kinds as the simulation's visits for one variant (advise/simulate.hpp):
// each step, in its written order, at the station the model runs it on, with the costs the
// calibration measured. The same stations as the queueing network's (advise/predict.hpp).
#include "advise/costs.hpp"
#include "advise/predict.hpp"
#include "advise/simulate.hpp"

namespace lab::advise {

// At most how many visits a task makes, on average over its kinds: what a simulation costs.
double visits_per_task(const task_demand& d, const machine_costs& c);

sim_run simulation_of(const task_demand& d, const machine_costs& c, const variant& v, int cpus, double units,
                      double tasks);

}  // namespace lab::advise
