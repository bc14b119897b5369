#include "report/scaling.hpp"

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <utility>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"

namespace lab::report {

namespace {

using series_points = std::vector<std::pair<std::string, std::vector<const point*>>>;

// Points grouped by the other swept parameters, in the order the groups first come.
series_points group_series(const analysed_experiment& e, std::size_t wk) {
  series_points series;
  for (const auto& p : e.points) {
    if (!p.at[wk].num) continue;
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < e.axes.size(); ++k)
      if (k != wk) parts.push_back(e.axes[k] + "=" + p.at[k].text);
    const std::string key = join(parts, ", ");
    auto it = std::find_if(series.begin(), series.end(), [&](const auto& s) { return s.first == key; });
    if (it == series.end()) it = series.insert(series.end(), {key, {}});
    it->second.push_back(&p);
  }
  return series;
}

// The point's task count: its coordinate of the scenario's task parameter, else the
// experiment's fixed one, else 0.
double tasks_of(const analysed_experiment& e, const point& p, const std::string& tasks) {
  for (std::size_t k = 0; k < e.axes.size(); ++k)
    if (e.axes[k] == tasks && p.at[k].num) return *p.at[k].num;
  if (auto t = e.fixed_value(tasks)) return std::strtod(t->c_str(), nullptr);
  return 0;
}

// The runs a speedup is divided from: one set per distinct baseline, shared by the points
// that use it (so a bootstrap round resamples it once).
std::size_t baseline_index(std::vector<std::vector<double>>& baselines, const std::vector<double>& walls) {
  const auto it = std::find(baselines.begin(), baselines.end(), walls);
  if (it != baselines.end()) return static_cast<std::size_t>(it - baselines.begin());
  baselines.push_back(walls);
  return baselines.size() - 1;
}

// Variant v's speedups along one series, the law fitted to them and its predictions.
std::optional<scaling_fit> fit_variant(const analysed_experiment& e, const amdahl_axes& axes, std::size_t wk,
                                       const std::string& key, const std::vector<const point*>& pts, std::size_t v) {
  const auto serial = e.serial_variant();
  // Speedup against the variant's own one-worker run where there is one, else serial.
  const cell* own = nullptr;
  std::string baseline;
  for (const point* p : pts)
    if (*p->at[wk].num == 1 && p->cells[v].ok > 0) {
      own = &p->cells[v];
      baseline = "its " + e.axes[wk] + "=1 run";
    }
  scaling_fit f;
  f.variant = v;
  f.series = key;
  std::vector<stats::scaling_sample> samples;
  std::vector<std::vector<double>> baselines;
  for (const point* p : pts) {
    const cell& c = p->cells[v];
    if (c.ok == 0 || c.wall.median <= 0) continue;
    const cell* base = own;
    if (!base && serial && p->cells[*serial].ok > 0) {
      base = &p->cells[*serial];
      baseline = e.variants[*serial];
    }
    if (!base) continue;
    // workers=0 means one unit per task; tasks=0 means one task per CPU.
    double w = *p->at[wk].num;
    if (w == 0) w = tasks_of(e, *p, axes.tasks);
    if (w == 0) w = e.cpus;
    if (w <= 0) continue;
    f.workers.push_back(*p->at[wk].num);
    f.cores.push_back(e.cpus > 0 ? std::min<double>(w, e.cpus) : w);
    f.speedup.push_back(base->wall.median / c.wall.median);
    samples.push_back({f.cores.back(), c.walls, baseline_index(baselines, base->walls)});
  }
  f.baseline = baseline;
  const auto fit = stats::fit_scaling(f.cores, f.speedup);
  if (!fit) return std::nullopt;
  f.fit = *fit;
  f.predictions = stats::predict_scaling(f.fit, samples, baselines, prediction_cores(f.most_cores()));
  return f;
}

}  // namespace

std::vector<scaling_fit> scaling_fits(const analysed_experiment& e) {
  std::vector<scaling_fit> out;
  const scenario_info* s = find_scenario_info(e.scenario);
  if (!s || !s->amdahl) return out;
  const auto w_axis = std::find(e.axes.begin(), e.axes.end(), s->amdahl->workers);
  if (w_axis == e.axes.end()) return out;
  const auto wk = static_cast<std::size_t>(w_axis - e.axes.begin());
  const auto serial = e.serial_variant();
  for (const auto& [key, pts] : group_series(e, wk))
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (serial && v == *serial) continue;
      if (auto f = fit_variant(e, *s->amdahl, wk, key, pts, v)) out.push_back(std::move(*f));
    }
  return out;
}

double scaling_fit::most_cores() const { return cores.empty() ? 0 : *std::max_element(cores.begin(), cores.end()); }

std::vector<double> prediction_cores(double most_measured) {
  std::vector<double> out;
  for (double n : {16.0, 64.0, 256.0, 1024.0})
    if (n > most_measured && out.size() < 2) out.push_back(n);
  return out;
}

std::string law_name(const stats::law_fit& f) {
  return f.law == stats::scaling_law::usl ? "the Universal Scalability Law" : "Amdahl's law";
}

std::string law_parameters(const stats::law_fit& f) {
  if (f.law == stats::scaling_law::usl) return "σ = " + fmt::sig(f.usl.sigma, 2) + ", κ = " + fmt::sig(f.usl.kappa, 2);
  return "f = " + fmt::sig(f.amdahl.serial_fraction, 2);
}

std::string prediction_text(const stats::prediction& p) {
  if (p.from_one_run) return fmt::ratio(p.speedup) + " (one run a point: no interval)";
  return fmt::ratio(p.speedup) + " (95%: " + fmt::ratio(p.lo) + "–" + fmt::ratio(p.hi) + ")";
}

}  // namespace lab::report
