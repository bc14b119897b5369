#pragma once
// A model's units measured bare, for the scenarios about the units themselves (spawn,
// switch) rather than about tasks run on them. One implementation per model, each in its
// own file (serial_probe.cpp, threads_probe.cpp, procs_probe.cpp, async_probe.cpp, fibers_probe.cpp);
// a model hands out its probe through model::make_probe. The scenarios own the protocol (which
// counts, how often, what to fit) and the catalog the facts (default counts, mechanisms); a
// probe owns only the mechanics.
#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/mechanisms.hpp"
#include "models/model.hpp"
#include "models/placement.hpp"

namespace lab {

struct switch_result {
  double seconds = 0;          // the hand-offs alone: both units exist and are placed first
  std::uint64_t switches = 0;  // hand-offs counted by the receiving unit: 2 per round trip
  long nvcsw = 0;              // context switches getrusage counted over both units,
  long nivcsw = 0;             // from before the second unit was created to after it ended
};

// What the sampler of hold_alive is shown while every unit is alive.
struct held_units {
  std::vector<pid_t> pids;  // units that are processes, whose memory is their own; else empty
};

class unit_probe {
 public:
  virtual ~unit_probe() = default;

  // What one unit is, for the record: "std::jthread", "fork", "co_spawn", ...
  virtual std::string unit_name() const = 0;

  // Creates and starts n units that do nothing, then waits until all have ended.
  // Throws run_error if a unit cannot be created; the ones that were are ended first.
  virtual void spawn_join(std::size_t n) = 0;

  // False for a model whose unit holds nothing once it returns (serial's plain call).
  virtual bool holds_units() const { return true; }

  // Starts n units that block until released (threads on a latch, processes on a pipe
  // read, coroutines on a timer) and, once all n have reported that they are up (each just
  // before it blocks), calls sample(). Returns how
  // many units were alive and blocked while sample() ran: counted after it returned and
  // before any unit was released. Then releases the units and waits for them to end.
  virtual std::size_t hold_alive(std::size_t n, const std::function<void(const held_units&)>& sample) = 0;

  // Two units pass a token back and forth round_trips times (one round trip = two
  // hand-offs), by a mechanism the switch scenario checked against the model's handoffs in
  // the catalog (catalog/models.hpp). Throws run_error if a unit cannot be created or fails.
  virtual switch_result ping_pong(std::uint64_t round_trips, handoff mechanism) = 0;

  // The stack each unit reserves (threads, fibers), or none: a plain call, a process (its own
  // address space, copied on write), a coroutine (its frame, on the heap, is in the memory
  // per unit).
  virtual std::optional<std::size_t> unit_stack_bytes() const { return std::nullopt; }

  // Why pin=spread cannot separate this model's units (they share one thread), or "".
  virtual std::string placement_note() const { return {}; }
};

std::unique_ptr<unit_probe> make_serial_probe(const run_context& ctx);
std::unique_ptr<unit_probe> make_threads_probe(const run_context& ctx);
std::unique_ptr<unit_probe> make_procs_probe(const run_context& ctx);
std::unique_ptr<unit_probe> make_async_probe(const run_context& ctx);

// For a mechanism the catalog gives the model but its probe does not carry out: a catalog and
// a probe that disagree (tests/switch_test.cpp runs every catalog mechanism on its probe).
[[noreturn]] void throw_unbuilt_mechanism(handoff mechanism);

}  // namespace lab
