#include "models/placement.hpp"

#include <sched.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace lab {

pin_mode parse_pin(std::string_view name) {
  if (name == "none") return pin_mode::none;
  if (name == "same") return pin_mode::same;
  if (name == "spread") return pin_mode::spread;
  throw usage_error("unknown pin '" + std::string(name) + "' (choose none, same, spread)");
}

std::string_view to_string(pin_mode mode) {
  switch (mode) {
    case pin_mode::none: return "none";
    case pin_mode::same: return "same";
    case pin_mode::spread: return "spread";
  }
  return "none";
}

std::vector<int> allowed_cpus() {
  std::vector<int> cpus;
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) != 0) return cpus;
  for (int c = 0; c < CPU_SETSIZE; ++c)
    if (CPU_ISSET(c, &set)) cpus.push_back(c);
  return cpus;
}

placement placement_of(const params& values) {
  placement where;
  where.mode = values.has("pin") ? parse_pin(values.text("pin")) : pin_mode::none;
  where.cpus = allowed_cpus();
  if (where.mode == pin_mode::spread && where.cpus.size() < 2)
    throw run_error("pin=spread needs at least 2 usable CPUs, and this process may use " +
                    std::to_string(where.cpus.size()) + " (use pin=same or pin=none)");
  return where;
}

bool pin_calling_thread(int cpu) noexcept {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return sched_setaffinity(0, sizeof set, &set) == 0;  // pid 0: the calling thread
}

void settle_home(const placement& where) {
  if (where.mode == pin_mode::none) return;
  if (!pin_calling_thread(where.home_cpu()))
    throw run_error("could not pin to CPU " + std::to_string(where.home_cpu()) + ": " + std::strerror(errno));
}

}  // namespace lab
