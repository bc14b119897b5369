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
  bool starting = true;                      // still in its start visits, before any task
  int held = 0;                              // of its visit's stations (at, also), how many it holds
};

struct event {
  double at = 0;
  std::size_t unit = 0;
  int releases = visit::delay;  // the station whose server the unit leaves, delay, or start
  int also = visit::none;       // and the second one it held beside it
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
        advance(e.unit, e.at);  // its start visits, then its first task
        continue;
      }
      if (e.releases != visit::delay) release(e.releases, e.at);
      if (e.also != visit::none) release(e.also, e.at);
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

  const std::vector<visit>& visits_of(const unit_state& s) const { return s.starting ? run_.start : run_.kinds[s.kind]; }

  // The unit goes on to its next visit, or ends its start or its task and takes a task.
  void advance(std::size_t u, double now) {
    unit_state& s = units_[u];
    const auto& visits = visits_of(s);
    if (s.next == visits.size()) {
      if (!s.starting) {
        latencies_.push_back(now - s.started);
        last_end_ = std::max(last_end_, now);
      }
      s.starting = false;
      if (taken_ < run_.tasks) take_task(u, now);
      return;
    }
    const visit& v = visits[s.next++];
    if (v.at == visit::delay) events_.push({now + v.seconds, u, visit::delay});
    else acquire(u, now);
  }

  // The unit takes the servers its visit needs, `at` then `also`, queueing at the first that is
  // full (holding what it has); with all of them it starts its service.
  void acquire(std::size_t u, double now) {
    unit_state& s = units_[u];
    const visit& v = visits_of(s)[s.next - 1];
    const int needs = v.also == visit::none ? 1 : 2;
    while (s.held < needs) {
      const int at = s.held == 0 ? v.at : v.also;
      if (busy_[at] >= run_.stations[at].servers) return waiting_[at].push_back(u);
      ++busy_[at];
      ++s.held;
    }
    s.held = 0;
    events_.push({now + v.seconds, u, v.at, v.also});
  }

  // A server is free: the first unit waiting there takes it, and goes on to what else it needs.
  void release(int at, double now) {
    --busy_[at];
    if (waiting_[at].empty()) return;
    const std::size_t u = waiting_[at].front();
    waiting_[at].pop_front();
    ++busy_[at];
    ++units_[u].held;
    acquire(u, now);
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
