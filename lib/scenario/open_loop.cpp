#include "scenario/open_loop.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "core/params.hpp"
#include "models/run_start.hpp"
#include "workload/rng.hpp"

namespace lab {

std::size_t workers_for(std::size_t concurrency, std::size_t tasks) {
  return concurrency == 0 ? std::max<std::size_t>(tasks, 1) : concurrency;
}

std::size_t units_for(std::size_t concurrency, std::size_t tasks) {
  return std::max<std::size_t>(1, std::min(workers_for(concurrency, tasks), tasks));
}

arrival_schedule::arrival_schedule(double rate, bool poisson, std::size_t requests, std::uint64_t seed)
    : rate_(rate), requests_(requests) {
  if (!poisson) return;
  xoshiro256plus rng(seed, 0x10ad);
  poisson_s_.reserve(requests);
  double t = 0;
  for (std::size_t i = 0; i < requests; ++i) {
    poisson_s_.push_back(t);
    // Inverse transform: -ln(1 - U) / rate, U uniform in [0, 1).
    t += -std::log1p(-static_cast<double>(rng.next53()) * 0x1p-53) / rate;
  }
}

std::chrono::nanoseconds arrival_schedule::offset(std::size_t i) const {
  const double s = poisson_s_.empty() ? static_cast<double>(i) / rate_ : poisson_s_[i];
  return std::chrono::nanoseconds(static_cast<std::int64_t>(s * 1e9));
}

double arrival_schedule::length_s() const {
  if (requests_ == 0) return 0;
  return poisson_s_.empty() ? static_cast<double>(requests_ - 1) / rate_ : poisson_s_.back();
}

std::optional<arrival_schedule> schedule_of(const params& p, std::size_t tasks) {
  const double rate = p.number("rate");
  if (rate <= 0) return std::nullopt;
  return arrival_schedule(rate, p.text("arrival") == "poisson", tasks, static_cast<std::uint64_t>(p.integer("seed")));
}

std::chrono::steady_clock::time_point due_time(const std::optional<arrival_schedule>& schedule, std::size_t task) {
  const auto now = std::chrono::steady_clock::now();
  return schedule ? run_start::mark(now) + schedule->offset(task) : now;
}

double pack_latencies(double from_due_s, double from_send_s) {
  const auto hi = std::bit_cast<std::uint32_t>(static_cast<float>(from_due_s));
  const auto lo = std::bit_cast<std::uint32_t>(static_cast<float>(from_send_s));
  return std::bit_cast<double>((static_cast<std::uint64_t>(hi) << 32) | lo);
}

void unpack_latencies(double value, double& from_due_s, double& from_send_s) {
  const auto bits = std::bit_cast<std::uint64_t>(value);
  from_due_s = std::bit_cast<float>(static_cast<std::uint32_t>(bits >> 32));
  from_send_s = std::bit_cast<float>(static_cast<std::uint32_t>(bits));
}

namespace {
struct percentile_keys {
  const char* due;   // from the due time
  const char* sent;  // from the send
  double p;
};
constexpr percentile_keys percentile_points[] = {{metric_keys::p50_ms, metric_keys::p50_sent_ms, 50},
                                                 {metric_keys::p90_ms, metric_keys::p90_sent_ms, 90},
                                                 {metric_keys::p99_ms, metric_keys::p99_sent_ms, 99},
                                                 {metric_keys::p999_ms, metric_keys::p999_sent_ms, 99.9},
                                                 {metric_keys::max_ms, metric_keys::max_sent_ms, 100}};
}  // namespace

void latency_metrics(const stats::histogram& from_due, boost::json::object& m) {
  for (const auto& point : percentile_points) m[point.due] = from_due.percentile(point.p) * 1000.0;
  m[metric_keys::mean_ms] = from_due.mean() * 1000.0;
}

void latency_metrics(const stats::histogram& from_due, const stats::histogram& from_send, boost::json::object& m) {
  latency_metrics(from_due, m);
  for (const auto& point : percentile_points) m[point.sent] = from_send.percentile(point.p) * 1000.0;
  m["mean_sent_ms"] = from_send.mean() * 1000.0;
}

}  // namespace lab
