#pragma once
// The next task for procs' worker processes: one counter in shared memory that every worker
// takes from, as threads take from one atomic. A worker on a faster CPU then runs more tasks,
// as a thread would, so procs and threads differ by being processes and not by how the tasks
// were dealt. (Dealt in fixed slices, task k to worker k mod n, the fast CPU of this
// project's VM sat idle while the slow one finished: 32 tasks on 2 workers reached 0.91 of the
// ideal against threads' 0.975, in the same minutes.)
// The memory is a memfd: forked workers inherit the mapping; exec'd workers open it by the
// parent's /proc/PID/fd/N, which needs no descriptor to survive the exec. It also holds the
// run's common start (models/run_start.hpp), so every worker counts from the same one.
#include <pthread.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lab {

class shared_task_queue {
 public:
  // A fresh queue of tasks first..tasks-1 (the tasks before `first` are dealt by hand: each
  // worker k starts with task k, so every worker runs at least one and opens what it holds
  // per worker, e.g. its share of io's pooled connections). Throws run_error.
  explicit shared_task_queue(std::size_t tasks, std::size_t first = 0);
  // An exec'd worker's view of its parent's queue (path()). Throws run_error.
  shared_task_queue(const std::string& path, std::size_t tasks);
  ~shared_task_queue();
  shared_task_queue(const shared_task_queue&) = delete;
  shared_task_queue& operator=(const shared_task_queue&) = delete;

  // The next task index, or tasks() when none is left. Safe across processes.
  std::size_t next() noexcept;
  // Hands out no more tasks (a worker failed: the others finish the one they are in).
  void close() noexcept;
  std::size_t tasks() const noexcept { return tasks_; }
  // Where an exec'd worker of this process opens the queue.
  std::string path() const;
  // The run's start, shared by the workers (models/run_start.hpp).
  std::atomic<std::int64_t>* start_slot() noexcept { return &shared_->start; }
  // The run's lock, shared by the workers (models/run_lock.hpp).
  pthread_mutex_t* lock_slot() noexcept { return &shared_->lock; }

  struct shared {
    std::atomic<std::uint64_t> next;
    std::atomic<std::int64_t> start;
    pthread_mutex_t lock;
  };

 private:
  static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "shared between processes");
  static_assert(std::atomic<std::int64_t>::is_always_lock_free, "shared between processes");
  int fd_ = -1;
  shared* shared_ = nullptr;
  std::size_t tasks_ = 0;
};

}  // namespace lab
