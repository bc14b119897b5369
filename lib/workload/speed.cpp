#include "workload/speed.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "workload/sum.hpp"

namespace lab {

namespace {
double thread_cpu_now() {
  timespec ts{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}
}  // namespace

kernel_speed measure_kernel_speed(int rounds, unsigned long long samples) {
  const auto t0 = std::chrono::steady_clock::now();
  volatile double sink = uniform_sum(0, 0, samples / 4);  // warm-up: the page of the code, the clock
  std::vector<double> ns;
  for (int r = 0; r < std::max(1, rounds); ++r) {
    const double c0 = thread_cpu_now();
    sink = sink + uniform_sum(static_cast<std::uint64_t>(r) + 1, 0, samples);
    ns.push_back((thread_cpu_now() - c0) * 1e9 / static_cast<double>(std::max(1ULL, samples)));
  }
  std::sort(ns.begin(), ns.end());
  kernel_speed k;
  k.ns_per_sample = ns[ns.size() / 2];
  k.spread = k.ns_per_sample > 0 ? (ns.back() - ns.front()) / k.ns_per_sample : 0;
  k.took_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return k;
}

}  // namespace lab
