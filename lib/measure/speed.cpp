#include "measure/speed.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "measure/thread_cpu.hpp"
#include "workload/sum.hpp"

namespace lab {

double measure_ns_per_sample() {
  constexpr std::uint64_t samples = 6'000'000;
  volatile double sink = uniform_sum(0, 0, samples / 4);  // warm-up: the page of the code, the clock
  std::array<double, 7> ns{};
  for (std::size_t r = 0; r < ns.size(); ++r) {
    const double c0 = thread_cpu_seconds();
    sink = sink + uniform_sum(r + 1, 0, samples);
    ns[r] = (thread_cpu_seconds() - c0) * 1e9 / static_cast<double>(samples);
  }
  std::sort(ns.begin(), ns.end());
  return ns[ns.size() / 2];
}

}  // namespace lab
