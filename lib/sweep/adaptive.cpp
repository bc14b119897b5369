#include "sweep/adaptive.hpp"

#include <algorithm>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "stats/sequential.hpp"
#include "stats/stats.hpp"

namespace lab {

namespace {

// The same variants at the same sweep value: another model, agreeing on every parameter
// both have (serial, without `workers`, is the peer of every `workers` value).
bool peers(const boost::json::object& a, const std::string& model_a, const boost::json::object& b,
           const std::string& model_b) {
  if (model_a == model_b) return false;
  for (const auto& kv : a)
    if (const auto* v = b.if_contains(kv.key()); v && *v != kv.value()) return false;
  return true;
}

}  // namespace

std::optional<double> adaptive_measure(const record& r) {
  if (!r.ok) return std::nullopt;
  const auto& primary = primary_of(r.scenario);
  return primary.wall() ? std::optional<double>(run_time_s(r)) : metric(r, primary.key);
}

void adaptive_rounds::advance(experiment_state& x, const plan_entry& e) {
  if (e.rep > x.round) {
    x.round = e.rep;
    if (e.rep >= e.adaptive->min_reps) close_rounds(x, e);
  }
}

bool adaptive_rounds::wanted(const plan_entry& e) {
  if (!e.adaptive) return true;
  auto& x = experiments_[e.experiment];
  advance(x, e);
  if (e.rep < e.adaptive->min_reps) return true;
  const auto budget = static_cast<double>(e.adaptive->budget.count());
  const auto it = x.points.find(e.point);
  const bool run = !(budget > 0 && x.spent_s >= budget) && !(it != x.points.end() && it->second.done);
  if (!run) ++skipped_;
  return run;
}

void adaptive_rounds::recorded(const plan_entry& e, const record& r, double seconds) {
  replay(e, r.ok, adaptive_measure(r), seconds);
}

void adaptive_rounds::replay(const plan_entry& e, bool ok, std::optional<double> measure, double seconds) {
  if (!e.adaptive) return;
  auto& x = experiments_[e.experiment];
  advance(x, e);
  x.spent_s += seconds;
  auto& p = x.points[e.point];
  p.model = e.request.model;
  p.params = e.params;
  if (ok && measure) {
    p.values.push_back(*measure);
    p.rounds.push_back(e.rep);
  } else {
    ++p.failed;
  }
}

void adaptive_rounds::close_rounds(experiment_state& x, const plan_entry& e) {
  const auto& primary = primary_of(e.request.scenario);
  const double alpha = stats::per_look_alpha(e.adaptive->max_reps - e.adaptive->min_reps + 1);
  auto better = [&](const point_state* a, const point_state* b) {
    const double ma = stats::median(a->values), mb = stats::median(b->values);
    return primary.lower_is_better ? ma < mb : ma > mb;
  };
  auto contender = [&](const point_state& p) { return !(primary.serial_is_floor && is_baseline_model(p.model)); };
  // Each round decides afresh from every run so far, and a point still open keeps the best it
  // is compared with running too, so that their later runs stay paired by round.
  std::vector<point_state*> still_open;
  for (auto& [key, p] : x.points) {
    p.done = true;
    if (p.values.empty() || !contender(p)) continue;  // nothing more to learn from it
    std::vector<point_state*> group{&p};
    for (auto& [other_key, q] : x.points)
      if (!q.values.empty() && contender(q) && peers(p.params, p.model, q.params, q.model)) group.push_back(&q);
    if (group.size() < 2) continue;
    std::stable_sort(group.begin(), group.end(), better);
    point_state& best = *group[0];
    const point_state& other = &best == &p ? *group[1] : p;
    const double noise = std::max(stats::cv(best.values), stats::cv(other.values));
    const auto j = stats::judge_pair(best.values, best.rounds, other.values, other.rounds, alpha, stats::min_effect, noise);
    if (j.kind == stats::pair_verdict::open) {
      still_open.push_back(&p);
      still_open.push_back(&best);
    }
  }
  for (point_state* p : still_open) p->done = false;
}

}  // namespace lab
