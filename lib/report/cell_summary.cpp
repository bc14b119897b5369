#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/experiment_builder.hpp"
#include "report/time_went.hpp"
#include "stats/paired.hpp"
#include "stats/sequential.hpp"

namespace lab::report::detail {

namespace {

std::optional<double> number_in(const boost::json::object& o, const std::string& key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return it->value().to_number<double>();
}

double median_of(const std::vector<double>& xs) { return xs.empty() ? 0.0 : stats::median(xs); }

// Judged paired by round: the per-round ratio and its signed-rank test decide. Where the pairs
// order the two the other way than the medians, the pairs name the best.
void take_pairs(const analysed_experiment& e, const stats::pair_judgement& j, comparison& c) {
  c.pairs = j.pairs;
  if (e.primary.lower_is_better ? j.ratio.estimate < 1 : j.ratio.estimate > 1) {
    std::swap(c.best, c.runner_up);
    std::swap(c.n_best, c.n_runner_up);
    c.ratio_lo = 1 / j.ratio.hi;
    c.ratio_hi = 1 / j.ratio.lo;
  }
  c.p = j.p;
  c.min_p = stats::signed_rank_min_p(j.pairs);
  c.ratio = j.ratio.estimate >= 1 ? j.ratio.estimate : 1 / j.ratio.estimate;
}

// The breakdown of the run whose efficiency is the median's (the lower middle of an even count):
// one real run's figures, which add up, rather than medians of each that need not.
std::optional<time_breakdown> median_breakdown(const std::vector<record>& records,
                                               const std::vector<std::size_t>& members) {
  std::vector<time_breakdown> runs;
  for (std::size_t i : members)
    if (records[i].ok)
      if (auto b = breakdown_of(records[i])) runs.push_back(*b);
  if (runs.empty()) return std::nullopt;
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.efficiency < b.efficiency; });
  return runs[(runs.size() - 1) / 2];
}

}  // namespace

cell summarize_cell(const std::vector<record>& records, const std::vector<std::size_t>& members,
                    const primary_metric& primary, std::vector<std::size_t>& outlier_records) {
  cell c;
  std::vector<double> cpu, rss, eff, ideals;
  std::vector<std::size_t> value_records;
  std::map<std::string, std::vector<double>> metrics;
  std::map<std::string, std::set<std::string>> texts;
  for (std::size_t i : members) {
    const record& r = records[i];
    ++c.runs;
    if (!r.ok) {
      auto it = std::find_if(c.errors.begin(), c.errors.end(), [&](const auto& e) { return e.first == r.error; });
      if (it == c.errors.end()) c.errors.emplace_back(r.error, 1);
      else ++it->second;
      continue;
    }
    ++c.ok;
    const auto units = number_in(r.metrics, metric_keys::units);
    if (!r.cpu && units && *units < r.machine.cpus) c.cpu_exposed = true;
    c.walls.push_back(run_time_s(r));
    c.process_walls.push_back(r.wall_s);
    cpu.push_back(r.user_s + r.sys_s);
    rss.push_back(static_cast<double>(r.max_rss_kib));
    const double inside = run_time_s(r);  // record/record.hpp: why not wall_s
    if (r.ideal_s && inside > 0) eff.push_back(*r.ideal_s / inside);
    if (r.ideal_s) ideals.push_back(*r.ideal_s);
    for (const auto& kv : r.metrics) {
      if (auto v = number_in(r.metrics, kv.key())) metrics[kv.key()].push_back(*v);
      else if (kv.value().is_string()) texts[kv.key()].insert(std::string(kv.value().get_string()));
    }
    const auto v = primary.wall() ? std::optional(run_time_s(r)) : number_in(r.metrics, primary.key);
    if (v && std::isfinite(*v)) {
      c.values.push_back(*v);
      c.rounds.push_back(r.rep);
      value_records.push_back(i);
    }
  }
  c.wall = stats::summarize(c.walls);
  c.value = stats::summarize(c.values);
  c.cpu_s = median_of(cpu);
  c.rss_kib = median_of(rss);
  if (!eff.empty()) c.efficiency = stats::median(eff);
  c.went = median_breakdown(records, members);
  if (!ideals.empty()) c.ideal_s = stats::median(ideals);
  for (const auto& [key, values] : metrics) c.metrics[key] = stats::median(values);
  for (const auto& [key, values] : texts) c.texts[key] = join({values.begin(), values.end()}, "/");
  for (std::size_t k : c.value.outliers) {
    outlier_records.push_back(value_records[k]);
    c.outlier_devs.push_back(c.value.median != 0 ? c.values[k] / c.value.median - 1 : 0.0);
  }
  return c;
}

comparison compare_pair(const analysed_experiment& e, const std::vector<cell>& cells, std::size_t a, std::size_t b) {
  if (e.better(cells[b].value.median, cells[a].value.median)) std::swap(a, b);
  const cell& best = cells[a];
  const cell& next = cells[b];
  comparison c;
  c.best = a;
  c.runner_up = b;
  const double hi = std::max(std::fabs(best.value.median), std::fabs(next.value.median));
  const double lo = std::min(std::fabs(best.value.median), std::fabs(next.value.median));
  c.ratio = lo > 0 ? hi / lo : 1.0;
  c.p = stats::mann_whitney_p(best.values, next.values);
  c.min_p = stats::mann_whitney_min_p(best.values.size(), next.values.size());
  c.n_best = best.values.size();
  c.n_runner_up = next.values.size();
  double noise = std::max({min_effect, best.value.cv, next.value.cv});
  const auto j = stats::judge_pair(best.values, best.rounds, next.values, next.rounds, 0.05, min_effect, noise);
  c.ratio_lo = j.ratio.lo;
  c.ratio_hi = j.ratio.hi;
  bool separated = e.primary.lower_is_better ? best.value.max < next.value.min : best.value.min > next.value.max;
  if (j.pairs > 0) {
    take_pairs(e, j, c);
    noise = j.noise;
    separated = false;
  }
  if (c.ratio - 1 <= noise) c.kind = verdict_kind::tie;
  else if (c.p < 0.05) c.kind = verdict_kind::winner;
  else if (c.min_p >= 0.05 && separated) c.kind = verdict_kind::tentative;
  else c.kind = verdict_kind::tie;
  c.equivalent = c.kind == verdict_kind::tie && j.kind == stats::pair_verdict::equivalent;
  return c;
}

comparison compare(const analysed_experiment& e, const std::vector<cell>& cells) {
  std::vector<std::size_t> ranked;
  for (std::size_t v = 0; v < cells.size(); ++v)
    if (cells[v].measured() && e.contender(v)) ranked.push_back(v);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](std::size_t a, std::size_t b) { return e.better(cells[a].value.median, cells[b].value.median); });
  if (ranked.size() >= 2) return compare_pair(e, cells, ranked[0], ranked[1]);
  comparison c;
  if (!ranked.empty()) c.best = c.runner_up = ranked[0];
  return c;
}

}  // namespace lab::report::detail
