#pragma once
// Parameter specs that several scenarios share, so each is defined once.
#include "core/params.hpp"

namespace lab::spec {

param_spec seed();
// `p` for the models that take it (catalog/models.hpp): its models, and its help followed by
// what it means for each of them.
param_spec for_models_taking(param_spec p);
param_spec workers(const std::string& help = "units in flight (threads, processes, coroutines, fibers); 0 = one per task");
param_spec spawn();         // spawn_mode
param_spec loop_threads();
param_spec cpu_pool();      // the hybrid: threads beside the units for CPU steps
param_spec stack_kib();
param_spec fiber_stack();  // `stack`: the allocator of each unit's stack (fibers)
param_spec yield_every(const std::string& default_value = "1000000");
// none | same | spread (models/placement.hpp); `choices` narrows it for a scenario.
param_spec pin(std::vector<std::string> choices = {"none", "same", "spread"});
param_spec server();        // io, mixed: the lab-server's HOST:PORT (the driver fills it in)
param_spec timeout_ms(const std::string& default_value);  // io, mixed: bound on one request
// io, profile: open loop at `rate` per second (what `what` is: "requests", "tasks"), with its arrivals.
param_spec rate(const std::string& help);
param_spec arrival();

}  // namespace lab::spec
