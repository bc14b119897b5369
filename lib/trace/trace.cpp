#include "trace/trace.hpp"

#include <sched.h>
#include <time.h>
#include <unistd.h>

#include "trace/state.hpp"

namespace lab::trace {

namespace detail {

bool on_ = false;

state& the_state() {
  static state s;
  return s;
}

namespace {
thread_local buffer* mine = nullptr;
}

buffer& this_buffer() {
  if (!mine) {
    auto b = std::make_unique<buffer>();
    b->tid = ::gettid();
    b->events.reserve(64);
    state& s = the_state();
    std::lock_guard lock(s.buffers_mutex);
    mine = b.get();
    s.buffers.push_back(std::move(b));
  }
  return *mine;
}

}  // namespace detail

std::int64_t since_start(clock::time_point t) noexcept {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count() -
         detail::the_state().epoch_ns;
}

int current_cpu() noexcept { return ::sched_getcpu(); }

std::int64_t thread_cpu_ns() noexcept {
  timespec t{};
  if (::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) != 0) return -1;
  return static_cast<std::int64_t>(t.tv_sec) * 1000000000 + t.tv_nsec;
}

bool budget_left() noexcept { return detail::the_state().budget.load(std::memory_order_relaxed) > 0; }

void count_dropped() noexcept { detail::the_state().dropped.fetch_add(1, std::memory_order_relaxed); }

void record(const event& e) noexcept {
  auto& s = detail::the_state();
  if (s.budget.fetch_sub(1, std::memory_order_relaxed) <= 0) {
    s.dropped.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  try {
    detail::this_buffer().events.push_back(e);
  } catch (...) {  // out of memory: the event is lost, not the run
    s.dropped.fetch_add(1, std::memory_order_relaxed);
  }
}

void instant(what kind, std::int64_t task, std::uint32_t row) noexcept {
  if (!on()) return;
  event e;
  e.start_ns = now();
  e.task = task;
  e.row = row;
  e.kind = kind;
  record(e);
}

void instant_at(what kind, clock::time_point at) noexcept {
  if (!on()) return;
  event e;
  e.start_ns = since_start(at);
  e.kind = kind;
  record(e);
}

void name_this_thread(const std::string& name) {
  if (on()) detail::this_buffer().name = name;
}

void name_row(std::uint32_t row, const std::string& name) {
  if (on()) detail::this_buffer().row_names.emplace_back(row, name);
}

}  // namespace lab::trace
