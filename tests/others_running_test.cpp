// What lab advise reads to say the machine was busy as it began: other programs' runnable
// threads now, not the load average's last minute.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "measure/machine.hpp"

TEST_CASE("machine: a thread spinning beside the reader counts as another runnable thread") {
  std::atomic<bool> stop{false};
  std::thread spinner([&] {
    while (!stop.load(std::memory_order_relaxed)) {
    }
  });
  // A runnable thread counts whether or not it is on a CPU at the instant of a sample.
  const double beside = lab::others_running(std::chrono::milliseconds(100));
  stop = true;
  spinner.join();
  CHECK(beside >= 0.9);
  CHECK(lab::others_running(std::chrono::milliseconds(0)) >= 0);  // one sample, never negative
}
