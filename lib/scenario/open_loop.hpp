#pragma once
// What load of tasks in flight needs beside the tasks themselves (io, profile): how many
// units carry them, when each is due in open loop, and how its two latencies travel back
// from any model to the scenario's finish step.
//
// Open loop (wrk2's fix for coordinated omission): request i is due at start + offset(i)
// whatever happened to the others, and its latency runs from that due time, so a stall that
// delays the sends behind it is counted against every one of them. Its latency from the
// actual send is kept beside it: the difference is how far the client fell behind.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "stats/histogram.hpp"

namespace lab {

// The units a load of `tasks` asks for with `concurrency` in flight (0 = one per task): the
// task_set's workers.
std::size_t workers_for(std::size_t concurrency, std::size_t tasks);
// The units that carry them at once, no more than the tasks, as model::concurrency counts
// them for every model but serial (one).
std::size_t units_for(std::size_t concurrency, std::size_t tasks);

class arrival_schedule {
 public:
  // rate in requests per second (> 0); poisson: exponential gaps of mean 1/rate, drawn from
  // `seed` (the same schedule every run), else constant gaps.
  arrival_schedule(double rate, bool poisson, std::size_t requests, std::uint64_t seed);
  std::chrono::nanoseconds offset(std::size_t i) const;  // from the schedule's start
  double length_s() const;  // the last request's offset

 private:
  double rate_;
  std::size_t requests_;
  std::vector<double> poisson_s_;  // cumulative offsets; empty when constant
};

class params;
// The schedule of `tasks` at the params' `rate` (> 0), `arrival` and `seed`; none (closed loop)
// when rate is 0.
std::optional<arrival_schedule> schedule_of(const params& p, std::size_t tasks);
// When task i is due: its slot from the run's start (models/run_start.hpp), or (closed loop)
// now.
std::chrono::steady_clock::time_point due_time(const std::optional<arrival_schedule>& schedule, std::size_t task);

// A task's value carries its two latencies as two floats (7 significant digits) in the
// 64 bits of a double: procs workers return only a value and a duration per task, bit-exact.
double pack_latencies(double from_due_s, double from_send_s);
void unpack_latencies(double value, double& from_due_s, double& from_send_s);

// p50/p90/p99/p999/max/mean in ms of both histograms into metrics: `<p>_ms` from the due (or
// task start) time, `<p>_sent_ms` from the send.
void latency_metrics(const stats::histogram& from_due, const stats::histogram& from_send, boost::json::object& m);
// The same from the due time (or task start) alone: `<p>_ms` and mean_ms.
void latency_metrics(const stats::histogram& from_due, boost::json::object& m);

}  // namespace lab
