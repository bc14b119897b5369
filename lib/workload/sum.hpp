#pragma once
// The CPU workload: the sum of `samples` draws from a uniform [0,1) or standard Gaussian
// distribution. A task's total is a pure function of (dist, seed, task, samples), and
// advancing a sum_state in any chunks gives bit-for-bit the total of one pass, so every
// model, however it schedules or slices the work, returns identical totals.
#include <cstdint>
#include <string_view>

#include "workload/kernel.hpp"
#include "workload/rng.hpp"

namespace lab {

// The workload's version: raised whenever a sum's samples (and so its checksums) change, so
// that records of different versions are known not to hold the same work (`lab --version`).
inline constexpr int workload_version = 1;

enum class dist { uniform, gauss };

dist parse_dist(std::string_view name);  // throws usage_error naming the choices
std::string_view to_string(dist d);

class sum_state {
 public:
  sum_state(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples);

  // Draws up to n more samples; returns how many it drew.
  std::uint64_t advance(std::uint64_t n);
  std::uint64_t remaining() const { return remaining_; }
  bool done() const { return remaining_ == 0; }
  double total() const;

 private:
  dist dist_;
  xoshiro256plus rng_;
  std::uint64_t remaining_;
  // Uniform samples are summed as exact 53-bit integers: integer addition is associative,
  // so the total is exact and independent of chunking, and it runs at one add per sample
  // instead of waiting on a floating-point add's latency.
  unsigned __int128 uniform_acc_ = 0;
  // Gaussian samples come in pairs (polar method); the second waits here across chunks.
  gauss_carry gauss_;
};

double task_total(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples);
inline double uniform_sum(std::uint64_t seed, std::uint64_t task, std::uint64_t n) {
  return task_total(dist::uniform, seed, task, n);
}
inline double gaussian_sum(std::uint64_t seed, std::uint64_t task, std::uint64_t n) {
  return task_total(dist::gauss, seed, task, n);
}

}  // namespace lab
