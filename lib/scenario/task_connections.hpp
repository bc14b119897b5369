#pragma once
// The persistent lab-server connections a task scenario's units share (io's and profile's
// `connections`): one pool opened before the model starts timing, or, where units are
// processes (procs), a share of the connections per worker process, opened at its first task.
// Descriptors cannot be shared between processes that each talk on them, and an exec'd worker
// could not inherit them anyway. A request that finds every connection busy waits for one
// (exchange_stamps::lease_wait_s): units are never capped silently.
#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>

#include "net/address.hpp"
#include "net/connection_pool.hpp"

namespace lab {

class task_connections {
 public:
  // count 0: a connection per request (pool_for gives null). units: procs' worker processes.
  task_connections(net::server_address server, std::size_t count, std::chrono::milliseconds timeout, bool procs,
                   std::size_t units);
  // This process's connections for `task` (null: a connection per request). A procs worker
  // starts with task k for worker k (models/slice.hpp), so task % units names the worker.
  net::connection_pool* pool_for(std::size_t task);
  // Connections open in the whole run (procs: at least one per worker).
  std::size_t used() const { return procs_ ? std::max(count_, units_) : count_; }
  std::size_t count() const { return count_; }

 private:
  std::size_t share(std::size_t worker) const;

  net::server_address server_;
  std::size_t count_;
  std::chrono::milliseconds timeout_;
  bool procs_;
  std::size_t units_;
  std::mutex open_mutex_;
  std::unique_ptr<net::connection_pool> pool_;
};

}  // namespace lab
