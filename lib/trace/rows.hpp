#pragma once
// Which row (Trace Event `tid`) an event goes on. Header-only: `lab report` (labreport) tells
// coroutines' rows from threads' by it without linking the tracer.
#include <cstdint>

namespace lab::trace {

inline constexpr std::uint32_t this_thread = 0;    // the OS thread that records it
inline constexpr std::uint32_t task_row = 1;       // the coroutine running the event's task
inline constexpr std::uint32_t first_coroutine_row = 100000000;  // above any real tid (pid_max <= 2^22)

}  // namespace lab::trace
