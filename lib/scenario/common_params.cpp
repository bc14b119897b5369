#include "scenario/common_params.hpp"

#include "catalog/models.hpp"
#include "net/address.hpp"

namespace lab::spec {

param_spec seed() {
  return {"seed", param_kind::integer, "1", 0, 9.2e18, {}, "generator seed; totals are a pure function of it", {}};
}

param_spec workers(const std::string& help) {
  return {"workers", param_kind::integer, "0", 0, 1e6, {}, help, models_taking("workers")};
}

param_spec spawn() {
  return {"spawn", param_kind::choice, "fork", 0, 0, {"fork", "exec"},
          "procs: fork per worker (totals over a pipe) or exec the worker via Boost.Process v2", models_taking("spawn")};
}

param_spec loop_threads() {
  return {"loop_threads", param_kind::integer, "1", 1, 1024, {},
          "async: threads running the one io_context (1 = like asyncio); fibers: carrier threads", models_taking("loop_threads")};
}

param_spec cpu_pool() {
  return {"cpu_pool", param_kind::integer, "0", 0, 1024, {},
          "async: threads of a CPU pool beside the event loop that run the tasks' CPU steps while the loop "
          "waits on sockets (asyncio's run_in_executor); 0 = CPU steps run on the loop",
          models_taking("cpu_pool")};
}

param_spec stack_kib() {
  return {"stack_kib", param_kind::integer, "0", 0, 1048576, {},
          "fibers: each fiber's stack in KiB; 0 = Boost.Fiber's default (the record's unit says it)",
          models_taking("stack_kib")};
}

param_spec yield_every(const std::string& default_value) {
  return {"yield_every", param_kind::integer, default_value, 0, 9.2e18, {},
          "async, fibers: CPU tasks yield every N samples; 0 = never (a greedy task)", models_taking("yield_every")};
}

param_spec pin(std::vector<std::string> choices) {
  return {"pin", param_kind::choice, "none", 0, 0, std::move(choices),
          "CPU placement via sched_setaffinity: none; same = every unit on one CPU; spread = "
          "the first unit on one CPU, the others on the other CPUs (needs 2+ CPUs)",
          {}};
}

param_spec server() {
  param_spec p{"server", param_kind::text, "", 0, 0, {},
               "lab-server HOST:PORT; unset: the driver starts a lab-server for the run", {}};
  p.check_text = [](const std::string& v) { return net::parse_server_address(v).text(); };
  return p;
}

param_spec timeout_ms(const std::string& default_value) {
  return {"timeout_ms", param_kind::integer, default_value, 1, 3.6e6, {},
          "a request (connect, send, answer) failing to finish in this many ms fails the run", {}};
}

param_spec rate(const std::string& help) {
  return {"rate", param_kind::number, "0", 0, 1e7, {}, help, {}};
}

param_spec arrival() {
  return {"arrival", param_kind::choice, "constant", 0, 0, {"constant", "poisson"},
          "open loop: constant gaps of 1/rate, or Poisson arrivals (exponential gaps, from seed)", {}};
}

}  // namespace lab::spec
