#pragma once
#include <sched.h>

#include <vector>

namespace lab {
// CPUs this process may run on (its affinity mask), read at run time: the lab designs for
// N cores and must not assume the two of the machine it was written on.
int usable_cpus();

// The CPUs this process may run on, in order.
std::vector<int> usable_cpu_ids();

// Pins the calling thread (and so every process it starts, which inherits the mask) to one
// CPU while it lives; restores the mask it found. A no-op for cpu < 0.
class scoped_cpu_pin {
 public:
  explicit scoped_cpu_pin(int cpu);
  ~scoped_cpu_pin();
  scoped_cpu_pin(const scoped_cpu_pin&) = delete;
  scoped_cpu_pin& operator=(const scoped_cpu_pin&) = delete;

 private:
  bool pinned_ = false;
  cpu_set_t saved_{};
};
}  // namespace lab
