#include "advise/simulate.hpp"

#include <algorithm>
#include <deque>
#include <functional>
#include <queue>
#include <tuple>

#include "stats/stats.hpp"

namespace lab::advise {

namespace {

struct unit_state {
  std::size_t task = 0, kind = 0, next = 0;  // the task it runs, its kind, its next visit
  double started = 0;
};

struct event {
  double at = 0;
  std::size_t unit = 0;
  int releases = visit::delay;  // the station whose server the unit leaves, delay, or start
  static constexpr int start = -2;  // the unit has been spawned: it takes its first task
  bool operator>(const event& o) const { return std::tie(at, unit) > std::tie(o.at, o.unit); }
};

class simulation {
 public:
  explicit simulation(const sim_run& run)
      : run_(run), busy_(run.stations.size(), 0), waiting_(run.stations.size()), units_(run.units) {}

  sim_result go() {
    for (std::size_t u = 0; u < units_.size() && u < run_.tasks; ++u)
      events_.push({double(u) * run_.spawn_s, u, event::start});
    while (!events_.empty()) {
      const event e = events_.top();
      events_.pop();
      if (e.releases == event::start) {
        if (taken_ < run_.tasks) take_task(e.unit, e.at);
        continue;
      }
      if (e.releases != visit::delay) release(e.releases, e.at);
      advance(e.unit, e.at);
    }
    return result();
  }

 private:
  void take_task(std::size_t u, double now) {
    unit_state& s = units_[u];
    s.task = taken_++;
    s.kind = s.task % run_.kinds.size();
    s.next = 0;
    s.started = now;
    first_start_ = std::min(first_start_, now);
    advance(u, now);
  }

  // The unit goes on to its next visit, or ends its task and takes another.
  void advance(std::size_t u, double now) {
    unit_state& s = units_[u];
    const auto& visits = run_.kinds[s.kind];
    if (s.next == visits.size()) {
      latencies_.push_back(now - s.started);
      last_end_ = std::max(last_end_, now);
      if (taken_ < run_.tasks) take_task(u, now);
      return;
    }
    const visit& v = visits[s.next++];
    if (v.at == visit::delay) events_.push({now + v.seconds, u, visit::delay});
    else if (busy_[v.at] < run_.stations[v.at].servers) serve(v, u, now);
    else waiting_[v.at].push_back(u);
  }

  void serve(const visit& v, std::size_t u, double now) {
    ++busy_[v.at];
    events_.push({now + v.seconds, u, v.at});
  }

  // A server is free: the first unit waiting there starts its service.
  void release(int at, double now) {
    --busy_[at];
    if (waiting_[at].empty()) return;
    const std::size_t u = waiting_[at].front();
    waiting_[at].pop_front();
    const unit_state& s = units_[u];
    serve(run_.kinds[s.kind][s.next - 1], u, now);
  }

  sim_result result() {
    sim_result r;
    if (latencies_.empty()) return r;
    r.span_s = last_end_ - first_start_;
    r.throughput = r.span_s > 0 ? double(latencies_.size()) / r.span_s : 0;
    std::sort(latencies_.begin(), latencies_.end());
    r.p50_s = stats::percentile(latencies_, 50);
    r.p99_s = stats::percentile(latencies_, 99);
    r.mean_s = stats::mean(latencies_);
    return r;
  }

  const sim_run& run_;
  std::vector<int> busy_;
  std::vector<std::deque<std::size_t>> waiting_;
  std::vector<unit_state> units_;
  std::priority_queue<event, std::vector<event>, std::greater<>> events_;
  std::vector<double> latencies_;
  std::size_t taken_ = 0;
  double first_start_ = 1e300, last_end_ = 0;
};

}  // namespace

sim_result simulate(const sim_run& run) {
  if (run.kinds.empty() || run.units == 0 || run.tasks == 0) return {};
  return simulation(run).go();
}

}  // namespace lab::advise
