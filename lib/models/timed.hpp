#pragma once
// Runs one task and times it on the unit that runs it.
#include <chrono>

#include "measure/thread_cpu.hpp"
#include "models/model.hpp"
#include "trace/trace.hpp"

namespace lab {

// The thread's CPU clock is read only where the plan asks for it: on a VM it is a system
// call (4 us here, against 90 ns for the wall clock), too dear for 10,000 short waits.
inline task_result timed_task(const task_plan& plan, std::size_t task) {
  trace::span traced(trace::what::task, static_cast<std::int64_t>(task));
  const double c0 = plan.measure_cpu ? thread_cpu_seconds() : 0.0;
  const auto t0 = std::chrono::steady_clock::now();
  const double v = plan.fn.blocking(task);
  const auto t1 = std::chrono::steady_clock::now();
  return {v, std::chrono::duration<double>(t1 - t0).count(), plan.measure_cpu ? thread_cpu_seconds() - c0 : 0.0};
}

}  // namespace lab
