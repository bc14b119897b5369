#include "models/run_lock.hpp"

#include <atomic>

namespace lab::run_lock {

namespace {

pthread_mutex_t* own() noexcept {
  static pthread_mutex_t m;
  static const bool ready = [] {
    init_shared(&m);
    return true;
  }();
  (void)ready;
  return &m;
}

std::atomic<pthread_mutex_t*> current{nullptr};

pthread_mutex_t* in_use() noexcept {
  pthread_mutex_t* m = current.load(std::memory_order_acquire);
  return m ? m : own();
}

}  // namespace

void init_shared(pthread_mutex_t* m) noexcept {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_setpshared(&attr, PTHREAD_PROCESS_SHARED);
  pthread_mutex_init(m, &attr);
  pthread_mutexattr_destroy(&attr);
}

void share(pthread_mutex_t* m) noexcept { current.store(m, std::memory_order_release); }

hold::hold() noexcept : m_(in_use()) { pthread_mutex_lock(m_); }
hold::~hold() { pthread_mutex_unlock(m_); }

}  // namespace lab::run_lock
