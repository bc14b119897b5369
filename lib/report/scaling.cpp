#include "report/scaling.hpp"

#include <algorithm>
#include <cstdlib>
#include <map>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"

namespace lab::report {

std::vector<scaling_fit> scaling_fits(const analysed_experiment& e) {
  std::vector<scaling_fit> out;
  const scenario_info* s = find_scenario_info(e.scenario);
  if (!s || !s->amdahl) return out;
  const auto w_axis = std::find(e.axes.begin(), e.axes.end(), "workers");
  if (w_axis == e.axes.end()) return out;
  const auto wk = static_cast<std::size_t>(w_axis - e.axes.begin());

  // Points grouped by the other swept parameters.
  std::map<std::string, std::vector<const point*>> series;
  std::vector<std::string> series_order;
  for (const auto& p : e.points) {
    if (!p.at[wk].num) continue;
    std::vector<std::string> parts;
    for (std::size_t k = 0; k < e.axes.size(); ++k)
      if (k != wk) parts.push_back(e.axes[k] + "=" + p.at[k].text);
    const std::string key = join(parts, ", ");
    if (!series.count(key)) series_order.push_back(key);
    series[key].push_back(&p);
  }

  // workers=0 means one unit per task; tasks=0 means one task per CPU.
  auto tasks_of = [&](const point& p) -> double {
    for (std::size_t k = 0; k < e.axes.size(); ++k)
      if (e.axes[k] == "tasks" && p.at[k].num) return *p.at[k].num;
    if (auto t = e.fixed_value("tasks")) return std::strtod(t->c_str(), nullptr);
    return 0;
  };
  const auto serial = e.serial_variant();

  for (const auto& key : series_order) {
    const auto& pts = series[key];
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (serial && v == *serial) continue;
      // Speedup against the variant's own one-worker run where there is one, else serial.
      double base = 0;
      std::string baseline;
      for (const point* p : pts)
        if (*p->at[wk].num == 1 && p->cells[v].ok > 0) {
          base = p->cells[v].wall.median;
          baseline = "its workers=1 run";
        }
      scaling_fit f;
      f.variant = v;
      f.series = key;
      for (const point* p : pts) {
        const cell& c = p->cells[v];
        if (c.ok == 0 || c.wall.median <= 0) continue;
        double t_base = base;
        if (t_base == 0 && serial && p->cells[*serial].ok > 0) {
          t_base = p->cells[*serial].wall.median;
          baseline = e.variants[*serial];
        }
        if (t_base == 0) continue;
        double w = *p->at[wk].num;
        if (w == 0) w = tasks_of(*p);
        if (w == 0) w = e.cpus;
        if (w <= 0) continue;
        f.workers.push_back(*p->at[wk].num);
        f.cores.push_back(e.cpus > 0 ? std::min<double>(w, e.cpus) : w);
        f.speedup.push_back(t_base / c.wall.median);
      }
      f.baseline = baseline;
      if (auto fit = stats::fit_amdahl(f.cores, f.speedup)) {
        f.fit = *fit;
        out.push_back(std::move(f));
      }
    }
  }
  return out;
}

}  // namespace lab::report
