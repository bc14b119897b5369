#include "scenario/task_connections.hpp"

#include <algorithm>

namespace lab {

task_connections::task_connections(net::server_address server, std::size_t count, std::chrono::milliseconds timeout,
                                   bool procs, std::size_t units)
    : server_(std::move(server)), count_(count), timeout_(timeout), procs_(procs), units_(std::max<std::size_t>(1, units)) {
  // Opened here, before the model starts timing; procs workers open theirs (pool_for).
  if (count_ > 0 && !procs_) pool_ = std::make_unique<net::connection_pool>(server_, count_, timeout_);
}

net::connection_pool* task_connections::pool_for(std::size_t task) {
  if (count_ == 0) return nullptr;
  if (!procs_) return pool_.get();
  std::lock_guard lock(open_mutex_);
  if (!pool_) pool_ = std::make_unique<net::connection_pool>(server_, share(task % units_), timeout_);
  return pool_.get();
}

std::size_t task_connections::share(std::size_t worker) const {
  return std::max<std::size_t>(1, count_ / units_ + (worker < count_ % units_ ? 1 : 0));
}

}  // namespace lab
