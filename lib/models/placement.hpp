#pragma once
// Where units run, from the `pin` parameter, applied with sched_setaffinity:
//   none    wherever the kernel puts them;
//   same    every unit on one CPU (the first this process may use): the spawning thread is
//           pinned there and every thread or process it creates inherits the mask;
//   spread  the spawning thread (or the first unit of a pair) on that CPU and every other
//           unit on the other CPUs, round-robin. Needs at least 2 usable CPUs.
// A hand-off between two threads on one CPU and across two CPUs differ by ~10x, so a
// figure without its placement misleads.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/params.hpp"

namespace lab {

enum class pin_mode { none, same, spread };

pin_mode parse_pin(std::string_view name);  // throws usage_error naming the choices
std::string_view to_string(pin_mode mode);

struct placement {
  pin_mode mode = pin_mode::none;
  std::vector<int> cpus;  // the CPUs this process may use, ascending

  int home_cpu() const { return cpus.empty() ? 0 : cpus.front(); }
  // Where the k-th unit other than the home one goes under spread (0-based).
  int unit_cpu(std::size_t k) const {
    return cpus.size() < 2 ? home_cpu() : cpus[1 + k % (cpus.size() - 1)];
  }
  bool spreads_units() const { return mode == pin_mode::spread; }
};

// The CPUs this process may use (its affinity mask), ascending.
std::vector<int> allowed_cpus();

// The placement the `pin` parameter asks for (none when the scenario has no `pin`).
// Throws run_error when spread is asked for with fewer than 2 usable CPUs.
placement placement_of(const params& values);

// Pins the calling thread to one CPU. Returns false (errno set) on failure; safe to call in
// a forked child before exec.
bool pin_calling_thread(int cpu) noexcept;

// Pins the calling thread where the placement puts the home unit; a no-op for none.
// Throws run_error if the kernel refuses.
void settle_home(const placement& where);

}  // namespace lab
