#pragma once
// The run's common start: the steady clock's time when its first task started, one for every
// unit of the run. io's open-loop schedule counts from it, so a request is due at the same
// moment whichever unit takes it. Where units are processes (procs), it lives in memory the
// workers share (the task queue's): each worker counting from its own first task would shift
// its schedule by however long after the first its fork or exec came, and the model would
// look as if it fell behind. Elsewhere it is this process's own.
#include <atomic>
#include <chrono>
#include <cstdint>

namespace lab::run_start {

// A new run: no start yet (the scenario runner calls it before the model runs its tasks).
void reset() noexcept;
// The run's start: `now` if no task has started before, else the first one's.
std::chrono::steady_clock::time_point mark(std::chrono::steady_clock::time_point now) noexcept;
// From now on this process counts from `slot` (a procs worker: its parent's), or (null) from
// its own again.
void share(std::atomic<std::int64_t>* slot) noexcept;

}  // namespace lab::run_start
