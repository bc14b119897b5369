#pragma once
// A task, written once. A scenario writes each task as one C++20 coroutine (task_body) that
// computes and, wherever it would wait, co_awaits a description of the wait: give the CPU
// to other units, sleep, or make a round trip to a lab-server. The model that runs the task
// carries each wait out its own way (serial, threads, procs: a blocking call; async: an
// awaited Asio operation; fibers: Boost.Fiber's yield and sleep), so the blocking and the
// awaited form of a task are the same code, and the computing between waits runs the same
// machine code in every model.
//
// Why a hand-written coroutine type: it is the one place the lab needs a coroutine that
// suspends to whoever resumed it and hands them a value (the wait); std::generator is C++23
// and Asio's awaitable would tie every model to an io_context.
#include <array>
#include <atomic>
#include <chrono>
#include <coroutine>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

#include "net/exchange.hpp"

namespace lab {

namespace net {
struct server_address;
class connection_pool;
}  // namespace net

// What a task can wait for.
namespace wait {
// Let the other ready units run, then go on. Nothing to do where units preempt each other
// (threads, processes): there the kernel shares the CPU.
struct yield_now {};
// Let the other ready units run until *flag is set; as yield_now, nothing where units preempt.
struct give_way_until {
  const std::atomic<bool>* flag;
};
struct sleep_for {
  std::chrono::nanoseconds duration;
};
// Returns at once when `at` has passed.
struct sleep_until {
  std::chrono::steady_clock::time_point at;
};
// One request line (without '\n') to a lab-server and its answer line, by `deadline`; the
// co_await yields the answer and its stamps. On one of pool's connections, or (pool null) a
// connection of its own. `on_sent` (may be empty) is called once the request is on its way.
struct round_trip {
  const net::server_address* server;
  std::string line;
  std::chrono::steady_clock::time_point deadline;
  net::connection_pool* pool = nullptr;
  std::function<void()> on_sent = {};
};
// The stretch up to the task's next wait is CPU work: a model with a pool of CPU threads
// beside its event loop (async with cpu_pool) resumes the task there and the loop goes on
// waiting; everywhere else it is nothing and the task goes on where it is.
struct compute_next {};
}  // namespace wait

using task_wait =
    std::variant<wait::yield_now, wait::give_way_until, wait::sleep_for, wait::sleep_until, wait::round_trip,
                 wait::compute_next>;

// What a task measured about itself beside its value (the profile scenario: its latency and
// how that time divided), carried back from every model as the value is, procs' workers
// included. A task reaches its own with `task_figures& f = co_await my_figures{};`.
inline constexpr std::size_t task_figure_count = 6;
using task_figures = std::array<double, task_figure_count>;
struct my_figures {};

// The coroutine a task is. Whoever runs it calls resume() until it returns null, carrying
// out each wait it returns in between (and handing a round trip's result back with
// answer()), then takes value().
class task_body {
 public:
  struct promise_type;
  using handle = std::coroutine_handle<promise_type>;

  template <class Wait>
  struct awaiter {
    promise_type& promise;
    const Wait& wait;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<>) { promise.wait = wait; }
    auto await_resume() {
      if constexpr (std::is_same_v<Wait, wait::round_trip>) return std::move(promise.answer);
    }
  };

  struct figures_awaiter {
    task_figures& figures;
    bool await_ready() const noexcept { return true; }
    void await_suspend(std::coroutine_handle<>) noexcept {}
    task_figures& await_resume() const noexcept { return figures; }
  };

  struct promise_type {
    task_wait wait;
    net::exchange_stamps answer;
    double value = 0;
    task_figures figures{};
    std::exception_ptr error;

    task_body get_return_object() { return task_body(handle::from_promise(*this)); }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    void return_value(double v) noexcept { value = v; }
    void unhandled_exception() noexcept { error = std::current_exception(); }
    // A task awaits waits and nothing else: awaiting an Asio operation here does not compile.
    template <class Wait>
      requires std::is_constructible_v<task_wait, Wait> && std::is_trivially_destructible_v<Wait>
    awaiter<Wait> await_transform(const Wait& w) {
      return {*this, w};
    }
    // A round trip is awaited by name (`wait::round_trip rt{...}; co_await rt;`): GCC 12
    // destroys a temporary with a destructor in a co_await expression twice when the task is
    // abandoned at that wait (a failed round trip).
    awaiter<wait::round_trip> await_transform(wait::round_trip& w) { return {*this, w}; }
    void await_transform(wait::round_trip&& w) = delete;
    figures_awaiter await_transform(my_figures) noexcept { return {figures}; }
  };

  task_body(task_body&& other) noexcept : h_(std::exchange(other.h_, {})) {}
  task_body& operator=(task_body&&) = delete;
  ~task_body() {
    if (h_) h_.destroy();  // a task abandoned at a wait ends there: its locals are destroyed
  }

  // Runs the task up to its next wait and returns it; null once the task has ended.
  const task_wait* resume() {
    h_.resume();
    return h_.done() ? nullptr : &h_.promise().wait;
  }
  // The result of the round trip the task waits for, before it is resumed.
  void answer(net::exchange_stamps stamps) { h_.promise().answer = std::move(stamps); }
  // Once resume() returned null: the task's value, or what it threw.
  double value() const {
    if (h_.promise().error) std::rethrow_exception(h_.promise().error);
    return h_.promise().value;
  }
  const task_figures& figures() const { return h_.promise().figures; }

 private:
  explicit task_body(handle h) : h_(h) {}
  handle h_;
};

// The tasks of one run and how many units run them.
struct task_set {
  std::size_t tasks = 0;
  std::size_t workers = 0;  // units in flight; serial ignores it
  std::function<task_body(std::size_t task)> body;
  // Measure each task's own computing: its thread's CPU time where units preempt
  // (task_result::cpu_s), its time between waits where units share a thread (busy_s).
  bool measure_cpu = false;
  // Account each unit to the kernel's schedstat (measure/unit_sched.hpp): where the run's time
  // went. Two small /proc reads a unit, so only scenarios that report it ask.
  bool account_units = false;
};

struct task_result {
  double value = 0;
  double seconds = 0;  // the task's own duration, start to end, on the unit that ran it
  // When it started, on the steady clock (CLOCK_MONOTONIC: one clock for every process on the
  // host, so the spans of tasks run in different workers can be laid side by side).
  double start_s = 0;
  double cpu_s = 0;    // CPU time the task took on that unit (its thread's CPU clock)
  // Where units share a thread (async, fibers) and measure_cpu: the task's time running,
  // without the time it was suspended while others ran (an interleaved span is not its work).
  double busy_s = 0;
  std::uint64_t yields = 0;  // yield_now waits carried out (none where units preempt)
  task_figures figures{};    // what the task measured about itself (task_body::figures)

  void set_span(std::chrono::steady_clock::time_point t0, std::chrono::steady_clock::time_point t1) {
    start_s = std::chrono::duration<double>(t0.time_since_epoch()).count();
    seconds = std::chrono::duration<double>(t1 - t0).count();
  }
};

}  // namespace lab
