#pragma once
// Parameter specs that several scenarios share, so each is defined once.
#include "core/params.hpp"

namespace lab::spec {

param_spec seed();
param_spec workers(const std::string& help = "units in flight (threads, processes, coroutines); 0 = one per task");
param_spec spawn();         // procs: fork | exec
param_spec loop_threads();  // async: threads running the io_context
param_spec cpu_pool();      // async: threads beside the loop that run CPU steps (the hybrid)
param_spec stack_kib();     // fibers: each fiber's stack
param_spec yield_every(const std::string& default_value = "1000000");  // async CPU tasks
// none | same | spread (models/placement.hpp); `choices` narrows it for a scenario.
param_spec pin(std::vector<std::string> choices = {"none", "same", "spread"});
param_spec server();        // io, mixed: the lab-server's HOST:PORT (the driver fills it in)
param_spec timeout_ms(const std::string& default_value);  // io, mixed: bound on one request
// io, profile: open loop at `rate` per second (what `what` is: "requests", "tasks"), with its arrivals.
param_spec rate(const std::string& help);
param_spec arrival();

}  // namespace lab::spec
