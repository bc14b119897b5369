#pragma once
// Runs one task and times it on the unit that runs it.
#include <chrono>

#include "models/model.hpp"

namespace lab {

inline task_result timed_task(const task_fn& fn, std::size_t task) {
  const auto t0 = std::chrono::steady_clock::now();
  const double v = fn.blocking(task);
  return {v, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
}

}  // namespace lab
