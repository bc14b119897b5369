#include "models/run_start.hpp"

namespace lab::run_start {

namespace {

std::atomic<std::int64_t> own{0};
std::atomic<std::atomic<std::int64_t>*> current{&own};

}  // namespace

void reset() noexcept { current.load()->store(0); }

std::chrono::steady_clock::time_point mark(std::chrono::steady_clock::time_point now) noexcept {
  using clock = std::chrono::steady_clock;
  auto& slot = *current.load();
  std::int64_t expected = 0;
  const std::int64_t ticks = now.time_since_epoch().count();
  if (slot.compare_exchange_strong(expected, ticks)) return now;
  return clock::time_point(clock::duration(expected));
}

void share(std::atomic<std::int64_t>* slot) noexcept { current.store(slot ? slot : &own); }

}  // namespace lab::run_start
