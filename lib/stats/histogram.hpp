#pragma once
// A log-bucketed histogram of non-negative durations, HdrHistogram's layout in miniature:
// values below 2^sub_bits nanoseconds have a bucket each; above, every power of two is cut
// into 2^sub_bits equal buckets, so a bucket is at most 1/128 of its values wide and the
// midpoint it reports is within 0.4% of any value in it. Debian packages HdrHistogram only
// for Java and Go, and this is all the lab needs of it: record, merge, percentiles.
// Fixed memory (~60 KB) whatever the count, so a run of 10^7 requests keeps no samples.
#include <cstdint>
#include <vector>

namespace lab::stats {

class histogram {
 public:
  static constexpr int sub_bits = 7;
  static constexpr double max_relative_error = 1.0 / (1 << (sub_bits + 1));  // 0.39%

  histogram();
  void record(double seconds);  // negative values count as 0
  void merge(const histogram& other);
  std::uint64_t count() const { return count_; }
  // The nearest-rank p-th percentile (0 < p <= 100) in seconds, to max_relative_error; 0 when
  // empty. percentile(100) is the exact maximum, percentile(0) the exact minimum.
  double percentile(double p) const;
  double max() const { return static_cast<double>(max_ns_) / 1e9; }
  double mean() const { return count_ ? sum_s_ / static_cast<double>(count_) : 0.0; }

 private:
  static std::size_t index_of(std::uint64_t ns);
  static double midpoint_ns(std::size_t index);
  std::vector<std::uint64_t> counts_;
  std::uint64_t count_ = 0;
  std::uint64_t min_ns_ = UINT64_MAX, max_ns_ = 0;
  double sum_s_ = 0;
};

}  // namespace lab::stats
