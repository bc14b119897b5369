#pragma once
// Tracing a run: what each unit did when, and on which CPU, for a Trace Event Format file
// (trace/writer.hpp). Off unless the model process was started with --trace=FILE.
//
// Cost: every hook is a branch on one flag when tracing is off. When it is on, an event is
// a plain struct appended to the recording thread's own buffer: no lock, no I/O, no string
// built until the run has ended. Events are taken at the granularity of a task's chunks
// (between two yields), never inside the kernel's loop. A run records at most `cap` events
// over all its processes; the rest are counted as dropped and the record says so.
#include <chrono>
#include <cstdint>
#include <string>

#include "trace/rows.hpp"

namespace lab::trace {

enum class what : std::uint8_t {
  unit,        // a unit's life: thread, process, coroutine; the loop thread's io_context::run
  task,        // one task, start to end, on the unit that ran it
  chunk,       // computing, between two yields (a blocking task's whole sum is one chunk)
  ready_wait,  // a coroutine that yielded, ready, waiting for the loop to resume it
  request,     // a round trip to the lab-server, from the call to the answer read
  sleep,       // a blocking sleep
  timer,       // an awaited timer
  workers,     // procs' parent, waiting for its worker processes
  sent,        // instant: the request's bytes were written
  answered,    // instant: the answer line arrived
};


struct event {
  std::int64_t start_ns = 0;  // from the run's start
  std::int64_t dur_ns = -1;   // -1: an instant
  std::int64_t task = -1;     // -1: not a task's
  std::uint64_t samples = 0;  // chunk: samples it drew
  std::uint64_t done = 0;     // chunk: the task's samples drawn by its end
  // chunk: the recording thread's CPU time at its start and end (CLOCK_THREAD_CPUTIME_ID), so
  // a gap between two chunks on a thread says whether it ran untraced work or was off the CPU.
  std::int64_t thread_cpu_ns = -1, thread_cpu_end_ns = -1;
  std::uint32_t row = this_thread;
  std::int16_t cpu = -1;      // sched_getcpu at the start; -1 unknown
  std::int16_t cpu_end = -1;  // and at the end (a chunk can migrate)
  what kind = what::unit;
};

namespace detail {
extern bool on_;
}

// The one flag every hook branches on. Set before any unit starts, never changed during a run.
inline bool on() noexcept { return detail::on_; }
// False once this process's event budget is spent: a chunk then skips its clock reads (two
// thread-CPU-clock system calls) and is only counted as dropped.
bool budget_left() noexcept;
void count_dropped() noexcept;

using clock = std::chrono::steady_clock;
// Nanoseconds since the run's start (the same clock in every process of the run).
std::int64_t since_start(clock::time_point t) noexcept;
inline std::int64_t now() noexcept { return since_start(clock::now()); }
int current_cpu() noexcept;
std::int64_t thread_cpu_ns() noexcept;  // the calling thread's CPU time; -1 if unreadable

// Appends to this thread's buffer; counted as dropped past the run's cap. Out of line so a
// coroutine resumed on another thread finds that thread's buffer.
void record(const event& e) noexcept;
void instant(what kind, std::int64_t task = -1, std::uint32_t row = this_thread) noexcept;
// An instant stamped earlier than it is recorded: async I/O learns that a write happened only
// when its completion runs, which a busy loop can put a whole chunk later.
void instant_at(what kind, clock::time_point at) noexcept;
// Names the calling thread's row ("thread 2", "loop thread") / a coroutine's row.
void name_this_thread(const std::string& name);
void name_row(std::uint32_t row, const std::string& name);

// A span from construction to destruction. Costs a branch when tracing is off.
class span {
 public:
  span(what kind, std::int64_t task = -1, std::uint32_t row = this_thread) noexcept
      : active_(on()), kind_(kind), row_(row), task_(task) {
    if (active_) start_ = now();
  }
  span(const span&) = delete;
  span& operator=(const span&) = delete;
  ~span() {
    if (!active_) return;
    event e;
    e.start_ns = start_;
    e.dur_ns = now() - start_;
    e.task = task_;
    e.row = row_;
    e.kind = kind_;
    record(e);
  }

 private:
  bool active_;
  what kind_;
  std::uint32_t row_;
  std::int64_t task_;
  std::int64_t start_ = 0;
};

// A compute chunk of `samples` draws; `done` the task's total drawn by its end.
class chunk {
 public:
  chunk(std::int64_t task, std::uint64_t samples, std::uint64_t done, std::uint32_t row = this_thread) noexcept
      : active_(on()) {
    if (!active_) return;
    if (!budget_left()) {
      count_dropped();
      active_ = false;
      return;
    }
    e_.task = task;
    e_.samples = samples;
    e_.done = done;
    e_.row = row;
    e_.kind = what::chunk;
    e_.cpu = static_cast<std::int16_t>(current_cpu());
    e_.thread_cpu_ns = thread_cpu_ns();
    e_.start_ns = now();
  }
  chunk(const chunk&) = delete;
  chunk& operator=(const chunk&) = delete;
  ~chunk() {
    if (!active_) return;
    e_.dur_ns = now() - e_.start_ns;
    e_.thread_cpu_end_ns = thread_cpu_ns();
    e_.cpu_end = static_cast<std::int16_t>(current_cpu());
    record(e_);
  }

 private:
  bool active_;
  event e_;
};

}  // namespace lab::trace
