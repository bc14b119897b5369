#pragma once
// The one lock every unit of a run shares (the profile scenario's `locked cpu` steps: shared
// state, or with it on every CPU step, a global interpreter lock). It is a pthread mutex marked
// process-shared in every model, so the lock is the same machine code whether its holders are
// threads, coroutines on loop threads, fibers on carriers or processes: procs' workers point
// at the one in their task queue's shared memory (models/task_queue.hpp), every other model
// uses this process's own. A holder never waits on anything else while it holds it (the step
// is CPU work only), so a coroutine or fiber blocking its thread on it cannot deadlock: the
// holder runs on another thread and lets go.
#include <pthread.h>

namespace lab::run_lock {

// Makes `m` a process-shared mutex (for memory that processes share).
void init_shared(pthread_mutex_t* m) noexcept;
// From now on this process locks `m` (a procs worker: its parent's), or (null) its own again.
void share(pthread_mutex_t* m) noexcept;

// Holds the run's lock for its lifetime.
class hold {
 public:
  hold() noexcept;
  ~hold();
  hold(const hold&) = delete;
  hold& operator=(const hold&) = delete;

 private:
  pthread_mutex_t* m_;
};

}  // namespace lab::run_lock
