#include "scenario/common_params.hpp"

#include <algorithm>

#include "catalog/models.hpp"
#include "net/address.hpp"

namespace lab::spec {

param_spec seed() {
  return {.name = "seed",
          .default_value = "1",
          .max = 9.2e18,
          .help = "generator seed; totals are a pure function of it"};
}

param_spec for_models_taking(param_spec p) {
  p.help = param_help(p.name, p.help);
  p.models = models_taking(p.name);
  return p;
}

param_spec workers(const std::string& help) {
  return for_models_taking({.name = "workers", .default_value = "0", .max = 1e6, .help = help});
}

param_spec spawn() {
  return for_models_taking({.name = param_names::spawn,
                            .kind = param_kind::choice,
                            .default_value = std::string(to_string(spawn_mode::fork)),
                            .choices = spawn_mode_names(),
                            .help = "how each worker process starts"});
}

param_spec loop_threads() {
  return for_models_taking(
      {.name = "loop_threads", .default_value = "1", .min = 1, .max = 1024, .help = "threads that run the units"});
}

param_spec cpu_pool() {
  return for_models_taking({.name = "cpu_pool",
                            .default_value = "0",
                            .max = 1024,
                            .help = "a pool of threads beside the units for the tasks' CPU steps"});
}

param_spec stack_kib() {
  return for_models_taking({.name = "stack_kib",
                            .default_value = "0",
                            .max = 1048576,
                            .help = "each unit's stack in KiB; 0 = the model's default (the record's unit says it)"});
}

param_spec fiber_stack() {
  return for_models_taking({.name = "stack",
                            .kind = param_kind::choice,
                            .default_value = "fixed",
                            .choices = {"fixed", "pooled", "protected"},
                            .help = "how each unit's stack is allocated"});
}

param_spec yield_every(const std::string& default_value) {
  return for_models_taking({.name = "yield_every",
                            .default_value = default_value,
                            .max = 9.2e18,
                            .help = "CPU tasks yield every N samples; 0 = never (a greedy task)"});
}

// The help names only the choices the scenario takes (yield has no spread).
param_spec pin(std::vector<std::string> choices) {
  std::string help = "CPU placement via sched_setaffinity: none";
  if (std::find(choices.begin(), choices.end(), "same") != choices.end()) help += "; same = every unit on one CPU";
  if (std::find(choices.begin(), choices.end(), "spread") != choices.end())
    help += "; spread = the first unit on one CPU, the others on the other CPUs (needs 2+ CPUs)";
  return {.name = "pin",
          .kind = param_kind::choice,
          .default_value = "none",
          .choices = std::move(choices),
          .help = std::move(help)};
}

param_spec server() {
  param_spec p{.name = "server",
               .kind = param_kind::text,
               .help = "lab-server HOST:PORT; unset: the driver starts a lab-server for the run"};
  p.check_text = [](const std::string& v) { return net::parse_server_address(v).text(); };
  return p;
}

param_spec timeout_ms(const std::string& default_value) {
  return {.name = "timeout_ms",
          .default_value = default_value,
          .min = 1,
          .max = 3.6e6,
          .help = "a request (connect, send, answer) failing to finish in this many ms fails the run"};
}

param_spec rate(const std::string& help) {
  return {.name = "rate", .kind = param_kind::number, .default_value = "0", .max = 1e7, .help = help};
}

param_spec arrival() {
  return {.name = "arrival",
          .kind = param_kind::choice,
          .default_value = "constant",
          .choices = {"constant", "poisson"},
          .help = "open loop: constant gaps of 1/rate, or Poisson arrivals (exponential gaps, from seed)"};
}

}  // namespace lab::spec
