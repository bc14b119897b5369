#pragma once
// CPU time of the calling thread: what a task really cost, whatever else shared its CPU.
// A wall-clock span stretches when two units take turns on one CPU; this does not, which
// is what keeps an ideal built from it honest under oversubscription.
#include <ctime>

namespace lab {

inline double thread_cpu_seconds() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

}  // namespace lab
