#include "models/task_queue.hpp"

#include "models/run_lock.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <new>

#include "core/error.hpp"

namespace lab {

namespace {

void* map_shared(int fd, const std::string& what) {
  void* p = ::mmap(nullptr, sizeof(shared_task_queue::shared), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED) {
    const int err = errno;
    ::close(fd);
    throw run_error("could not map the workers' task queue (" + what + "): " + std::strerror(err));
  }
  return p;
}

}  // namespace

shared_task_queue::shared_task_queue(std::size_t tasks, std::size_t first) : tasks_(tasks) {
  // Exec'd workers open it by path (path()), so no descriptor needs to survive an exec.
  fd_ = ::memfd_create("lab-procs-tasks", MFD_CLOEXEC);
  if (fd_ < 0) throw run_error(std::string("could not create the workers' task queue: ") + std::strerror(errno));
  if (::ftruncate(fd_, sizeof(shared)) != 0) {
    const int err = errno;
    ::close(fd_);
    throw run_error(std::string("could not size the workers' task queue: ") + std::strerror(err));
  }
  shared_ = new (map_shared(fd_, "memfd")) shared{{first}, {0}, {}};
  run_lock::init_shared(&shared_->lock);
}

shared_task_queue::shared_task_queue(const std::string& path, std::size_t tasks) : tasks_(tasks) {
  fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) throw run_error("could not open the workers' task queue " + path + ": " + std::strerror(errno));
  shared_ = static_cast<shared*>(map_shared(fd_, path));
}

shared_task_queue::~shared_task_queue() {
  if (shared_) ::munmap(shared_, sizeof(shared));
  if (fd_ >= 0) ::close(fd_);
}

std::size_t shared_task_queue::next() noexcept {
  const std::uint64_t i = shared_->next.fetch_add(1, std::memory_order_relaxed);
  return i < tasks_ ? static_cast<std::size_t>(i) : tasks_;
}

void shared_task_queue::close() noexcept { shared_->next.store(tasks_, std::memory_order_relaxed); }

std::string shared_task_queue::path() const {
  return "/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd_);
}

}  // namespace lab
