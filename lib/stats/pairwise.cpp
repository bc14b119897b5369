#include "stats/pairwise.hpp"

#include <bit>
#include <cstdint>
#include <functional>

namespace lab::stats {

namespace {

// Doubles mapped to integers in the same order (negative ones reversed), so bisection over
// the integers visits every double between two finite ones and ends on one exactly.
std::uint64_t key_of(double x) {
  const auto bits = std::bit_cast<std::uint64_t>(x);
  return (bits >> 63) ? ~bits : bits | (std::uint64_t(1) << 63);
}

double double_of(std::uint64_t key) {
  return std::bit_cast<double>((key >> 63) ? key & ~(std::uint64_t(1) << 63) : ~key);
}

// The smallest double t in [lo, hi] with count(t) > k; count non-decreasing in t and
// count(hi) > k.
double smallest_with_more_than(double lo, double hi, std::size_t k, const std::function<std::size_t(double)>& count) {
  std::uint64_t l = key_of(lo), h = key_of(hi);
  while (l < h) {
    const std::uint64_t mid = l + (h - l) / 2;
    if (count(double_of(mid)) > k)
      h = mid;
    else
      l = mid + 1;
  }
  return double_of(l);
}

}  // namespace

double kth_difference(std::span<const double> a, std::span<const double> b, std::size_t k) {
  const std::size_t n = a.size(), m = b.size();
  // b[j] - a[i] as rounded is non-decreasing in b[j] and non-increasing in a[i]: as i grows,
  // the j that qualify only grow, so one pointer walks b once per count.
  auto count = [&](double t) {
    std::size_t total = 0, j = 0;
    for (std::size_t i = 0; i < n; ++i) {
      while (j < m && b[j] - a[i] <= t) ++j;
      total += j;
    }
    return total;
  };
  return smallest_with_more_than(b.front() - a.back(), b.back() - a.front(), k, count);
}

double kth_walsh_average(std::span<const double> d, std::size_t k) {
  const std::size_t n = d.size();
  // (d[i] + d[j]) / 2 is non-decreasing in each index: for a larger i the last qualifying j
  // can only be smaller, so one pointer walks down once per count.
  auto count = [&](double t) {
    std::size_t total = 0, j = n;  // j: one past the last qualifying index
    for (std::size_t i = 0; i < n; ++i) {
      while (j > i && (d[i] + d[j - 1]) / 2 > t) --j;
      if (j <= i) break;
      total += j - i;
    }
    return total;
  };
  return smallest_with_more_than(d.front(), d.back(), k, count);
}

double median_difference(std::span<const double> a, std::span<const double> b) {
  const std::size_t all = a.size() * b.size(), h = all / 2;
  return all % 2 ? kth_difference(a, b, h) : (kth_difference(a, b, h - 1) + kth_difference(a, b, h)) / 2;
}

double median_walsh_average(std::span<const double> d) {
  const std::size_t all = d.size() * (d.size() + 1) / 2, h = all / 2;
  return all % 2 ? kth_walsh_average(d, h) : (kth_walsh_average(d, h - 1) + kth_walsh_average(d, h)) / 2;
}

}  // namespace lab::stats
