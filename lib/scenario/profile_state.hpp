#pragma once
// What the profile scenario's tasks and its finish step share (scenario/profile.cpp,
// profile_finish.cpp).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/address.hpp"
#include "scenario/open_loop.hpp"
#include "scenario/profile_steps.hpp"
#include "scenario/task_connections.hpp"

namespace lab {

// What each profile task measures about itself (task_result::figures), in seconds.
namespace profile_figure {
inline constexpr std::size_t latency = 0;    // from its due time (open loop) or its start to its end
inline constexpr std::size_t cpu = 1;        // thread CPU time in its CPU steps
inline constexpr std::size_t calls = 2;      // in its requests and sleeps, as the task saw them (a request's
                                             // connect and wait for a pooled connection included)
inline constexpr std::size_t wait_cpu = 3;   // in CPU steps but off the CPU, or waiting for the lock
inline constexpr std::size_t wait_unit = 4;  // open loop: due, but no unit free to start it
inline constexpr std::size_t lease_waits = 5;  // requests that waited for a free pooled connection
}  // namespace profile_figure

// One kind of task, its steps with repeats unrolled and every CPU step's samples set (one
// given as time turned into samples at ns_per_sample).
struct task_plan {
  std::vector<step> steps;
  double nominal_wait_s = 0;  // its request delays and sleeps, as written
};

struct profile_state {
  std::vector<task_plan> kinds;  // task i runs kinds[i % kinds.size()]
  std::uint64_t yield_every = 0;  // async, fibers: a CPU step yields every N samples (0 = never)
  std::optional<net::server_address> server;
  std::chrono::milliseconds timeout{0};
  std::uint64_t seed = 1;
  std::optional<arrival_schedule> schedule;  // open loop
  std::unique_ptr<task_connections> connections;
  double nominal_wait_s = 0;     // a task's request delays and sleeps, as written, averaged over the kinds
  double nominal_request_s = 0;  // of it, the request delays
  bool computes_on_server = false;
  std::int64_t rss_before_kib = 0;  // this process before the run
};

struct run_context;
struct task_set;
struct task_result;
struct outcome;
class model;
void profile_finish(const profile_state& st, const run_context& ctx, const task_set& set,
                    const std::vector<task_result>& results, const model& m, outcome& out);

}  // namespace lab
