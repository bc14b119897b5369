#pragma once
// Before a run: will it fit on this machine? Each scenario says what a run of its params
// holds at once (scenario_def::demand): units, open files in its busiest process, memory its
// tasks hold. One preflight, which the registry chains after every scenario's settle step (so
// `lab run`, a sweep's plan and lab check all pass it before anything runs), measures that
// against the machine: the hard open-file limit (a model's process raises its soft limit to
// it), ulimit -u, kernel.pid_max and threads-max for units that are threads or processes, and
// MemAvailable for the units' memory at the catalog's per-unit cost. A run that will not fit
// is a usage_error (exit 2) saying what it needs, what the machine allows, and how to raise it.
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace lab {

struct run_demand {
  std::uint64_t units = 0;        // units alive at once (threads, processes, coroutines, fibers)
  std::uint64_t held_kib = 0;     // memory each unit's task holds itself (profile's memory steps)
  std::uint64_t descriptors = 0;  // open files the busiest process holds for the work (connections)
  std::string descriptors_are{};  // what they are, for the words: "connections in one process"
  std::string lower{};            // the parameter that lowers the demand: "concurrency"
};

using values_map = std::map<std::string, std::string>;
using demand_fn = std::function<run_demand(std::string_view model, const values_map& values)>;

// Throws usage_error "SCENARIO: ... needs ..., this machine allows ...; raise it with ... or
// lower ..." for the first limit the demand passes.
void preflight(std::string_view scenario, std::string_view model, const run_demand& d);

// Open files for `units` in flight, each with a connection of its own, or `connections`
// shared: in the one process, or (procs) in each worker's share.
std::uint64_t descriptors_needed(std::string_view model, std::uint64_t units, std::uint64_t connections);

// The units `tasks` tasks run on where `workers` sets them (0 = one per task): serial one, a
// model without workers one.
std::uint64_t worker_units(std::string_view model, const values_map& values, std::uint64_t tasks);

// The estimated memory of a run: units x (the model's per-unit cost + what each task holds).
std::uint64_t run_memory_kib(std::string_view model, const run_demand& d);

}  // namespace lab
