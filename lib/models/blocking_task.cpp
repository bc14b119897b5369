#include "models/blocking_task.hpp"

#include <chrono>
#include <thread>

#include "measure/thread_cpu.hpp"
#include "measure/unit_sched.hpp"
#include "net/blocking_client.hpp"
#include "net/connection_pool.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace {

template <class... F>
struct overloaded : F... {
  using F::operator()...;
};
// Spelled out: clang 14 (the fuzz build's) has no C++20 deduction for aggregates.
template <class... F>
overloaded(F...) -> overloaded<F...>;

// Runs the task to its end; throws what the task or one of its waits threw.
void run_blocking(task_body& body, std::int64_t task) {
  while (const task_wait* w = body.resume()) {
    std::visit(overloaded{
                   [](const wait::yield_now&) {},
                   [](const wait::give_way_until&) {},
                   [](const wait::compute_next&) {},
                   [&](const wait::sleep_for& s) {
                     trace::span traced(trace::what::sleep, task, trace::task_row);
                     std::this_thread::sleep_for(s.duration);
                   },
                   [](const wait::sleep_until& s) { std::this_thread::sleep_until(s.at); },
                   [&](const wait::round_trip& r) {
                     if (!r.pool) return body.answer(net::exchange_once(*r.server, r.line, r.deadline, r.on_sent));
                     if (r.on_sent) r.on_sent();
                     body.answer(r.pool->round_trip(r.line, r.deadline));
                   },
               },
               *w);
  }
}

}  // namespace

task_result timed_task(const task_set& set, std::size_t task) {
  trace::span traced(trace::what::task, static_cast<std::int64_t>(task));
  unit_sched::note_cpu();
  const double c0 = set.measure_cpu ? thread_cpu_seconds() : 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  task_body body = set.body(task);
  run_blocking(body, static_cast<std::int64_t>(task));
  task_result r;
  r.set_span(t0, std::chrono::steady_clock::now());
  r.value = body.value();
  r.figures = body.figures();
  r.cpu_s = set.measure_cpu ? thread_cpu_seconds() - c0 : 0.0;
  return r;
}

}  // namespace lab
