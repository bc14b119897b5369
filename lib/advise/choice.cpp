// The advice in words: the variant to choose, with the figures behind it, and the runner-up
// with where it would win instead (found by predicting both along concurrency and CPUs).
#include <algorithm>
#include <cmath>

#include "advise/advise.hpp"
#include "report/format.hpp"
#include "stats/stats.hpp"

namespace lab::advise {

namespace {

bool eligible(const variant_advice& va, const target& t) {
  if (!va.not_predicted.empty() || !va.at_target.reachable) return false;
  return !t.p99_s || va.at_target.p99_s <= *t.p99_s;
}

std::string figures(const prediction& p, const target& t) {
  return report::fmt::sig(p.throughput) + " tasks/s at " + report::fmt::count(p.units) + " in flight on " +
         report::fmt::count(t.cpus) + (t.cpus == 1 ? " CPU" : " CPUs") + " (p99 " + report::fmt::seconds(p.p99_s) + ", " +
         report::fmt::kib(p.memory_kib) + "), bound by " + p.binds;
}

// Where `b` beats `a` by more than the margin, or `a` no longer fits and `b` does.
std::string where_wins(const advice& x, const variant& a, const variant& b) {
  const double n0 = x.tgt.concurrency.value_or(1);
  for (int i = -8; i <= 8; ++i) {
    target t = x.tgt;
    t.concurrency = std::max(1.0, std::round(n0 * std::pow(10.0, i / 4.0)));
    const auto pa = predict(x.demand, x.costs, a, t), pb = predict(x.demand, x.costs, b, t);
    if (pb.reachable && !pa.reachable) return "at " + report::fmt::count(*t.concurrency) + " in flight, where " + pa.limit;
    if (pb.throughput > pa.throughput * (1 + stats::min_effect))
      return "at " + report::fmt::count(*t.concurrency) + " in flight (" + report::fmt::sig(pb.throughput) + " against " +
             report::fmt::sig(pa.throughput) + " tasks/s)";
  }
  for (int cpus = 1; cpus <= 256; cpus *= 2) {
    target t = x.tgt;
    t.cpus = cpus;
    const auto pa = predict(x.demand, x.costs, a, t), pb = predict(x.demand, x.costs, b, t);
    if (pb.throughput > pa.throughput * (1 + stats::min_effect))
      return "on " + std::to_string(cpus) + " CPUs (" + report::fmt::sig(pb.throughput) + " against " +
             report::fmt::sig(pa.throughput) + " tasks/s)";
  }
  return "";
}

}  // namespace

void name_choice(advice& a) {
  std::vector<const variant_advice*> ranked;
  for (const auto& va : a.variants)
    if (eligible(va, a.tgt)) ranked.push_back(&va);
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto* x, const auto* y) {
    return x->at_target.throughput > y->at_target.throughput;
  });
  if (ranked.empty()) {
    a.choice = "No model reaches the target: every one is past a limit" + std::string(a.tgt.p99_s ? " or the p99 target" : "") + ".";
    return;
  }
  const auto& best = ranked.front()->at_target;
  a.choice = "Choose " + best.v.label() + ": " + figures(best, a.tgt) + ".";
  if (ranked.size() < 2) return;
  const auto& next = ranked[1]->at_target;
  const double behind = 1 - next.throughput / best.throughput;
  a.runner_up = next.v.label() + (behind <= stats::min_effect ? " ties with it" : " is next") + ", " +
                report::fmt::percent(behind) + " lower at " + report::fmt::sig(next.throughput) + " tasks/s";
  const auto wins = where_wins(a, best.v, next.v);
  a.runner_up += wins.empty() ? "; it would not win at 1/100 to 100 times this concurrency nor on 1 to 256 CPUs."
                              : "; it would win instead " + wins + ".";
}

}  // namespace lab::advise
