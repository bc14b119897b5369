#include "stats/histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace lab::stats {

namespace {
constexpr std::uint64_t sub = 1ULL << histogram::sub_bits;
// Octaves above the exact range: values up to 2^64 ns.
constexpr std::size_t buckets = sub + (64 - histogram::sub_bits) * sub;
}  // namespace

histogram::histogram() : counts_(buckets, 0) {}

std::size_t histogram::index_of(std::uint64_t ns) {
  if (ns < sub) return static_cast<std::size_t>(ns);
  const int top = std::bit_width(ns) - 1;  // >= sub_bits
  const int shift = top - sub_bits;
  // The sub_bits bits below the leading one pick the bucket inside octave `shift`.
  return static_cast<std::size_t>(sub + static_cast<std::uint64_t>(shift) * sub + ((ns >> shift) - sub));
}

double histogram::midpoint_ns(std::size_t index) {
  if (index < sub) return static_cast<double>(index);
  const std::size_t shift = (index - sub) / sub;
  const std::uint64_t low = (sub + (index - sub) % sub) << shift;
  return static_cast<double>(low) + (static_cast<double>(1ULL << shift) - 1.0) / 2.0;
}

void histogram::record(double seconds) {
  const double ns = std::max(0.0, seconds * 1e9);
  const std::uint64_t v = ns >= 1.8e19 ? UINT64_MAX : static_cast<std::uint64_t>(std::llround(ns));
  ++counts_[index_of(v)];
  ++count_;
  min_ns_ = std::min(min_ns_, v);
  max_ns_ = std::max(max_ns_, v);
  sum_s_ += static_cast<double>(v) / 1e9;
}

void histogram::merge(const histogram& other) {
  for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ns_ = std::min(min_ns_, other.min_ns_);
  max_ns_ = std::max(max_ns_, other.max_ns_);
  sum_s_ += other.sum_s_;
}

double histogram::percentile(double p) const {
  if (count_ == 0) return 0;
  if (p <= 0) return static_cast<double>(min_ns_) / 1e9;
  if (p >= 100) return max();
  // Nearest rank: the smallest value with at least p% of the values at or below it.
  const auto rank = std::max<std::uint64_t>(1, static_cast<std::uint64_t>(std::ceil(p / 100.0 * static_cast<double>(count_))));
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) {
      // Never outside what was recorded: the bucket's midpoint clamped to [min, max].
      const double ns = std::clamp(midpoint_ns(i), static_cast<double>(min_ns_), static_cast<double>(max_ns_));
      return ns / 1e9;
    }
  }
  return max();
}

}  // namespace lab::stats
