#include "check/cpu_moments.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "catalog/scenarios.hpp"
#include "check/check_text.hpp"
#include "record/record_keys.hpp"
#include "stats/paired.hpp"
#include "stats/stats.hpp"

namespace lab::fairness {

namespace {

std::string percent(double fraction) { return percent_text(fraction); }

// moment -> cpu -> value, keeping only moments at which every CPU seen anywhere ran.
std::map<int, std::map<int, double>> complete_moments(const std::vector<moment_sample>& samples, std::size_t& cpus) {
  std::map<int, std::map<int, double>> by_moment;
  std::map<int, int> seen;
  for (const auto& s : samples)
    if (s.value > 0 && std::isfinite(s.value) && by_moment[s.moment].emplace(s.cpu, s.value).second) ++seen[s.cpu];
  cpus = seen.size();
  std::erase_if(by_moment, [&](const auto& m) { return m.second.size() < cpus; });
  return by_moment;
}

}  // namespace

std::optional<moment_sample> moment_sample_of(const record& r) {
  if (r.experiment.value_or("") != cpus_experiment || !r.ok || !r.cpu) return std::nullopt;
  const auto v = metric(r, metric_keys::ns_per_sample);
  if (!v) return std::nullopt;
  double load = 0;
  if (r.sched)
    if (const auto* l = r.sched->if_contains(record_keys::sched_keys::load1); l && l->is_number())
      load = l->to_number<double>();
  return moment_sample{r.rep, *r.cpu, *v, load};
}

cpu_comparison compare_cpus(const std::vector<moment_sample>& samples, double tolerance, double alpha) {
  cpu_comparison c;
  const auto moments = complete_moments(samples, c.cpus);
  c.moments = moments.size();
  if (c.cpus < 2 || moments.empty()) return c;
  std::map<int, std::vector<double>> ratios;  // per CPU, its time / the moment's median, in moment order
  std::map<int, std::vector<double>> times;
  std::vector<double> medians, widths;
  for (const auto& [m, by_cpu] : moments) {
    std::vector<double> values;
    for (const auto& [cpu, v] : by_cpu) values.push_back(v);
    const double mid = stats::median(values);
    medians.push_back(mid);
    widths.push_back(stats::max(values) / stats::min(values));
    for (const auto& [cpu, v] : by_cpu) {
      ratios[cpu].push_back(v / mid);
      times[cpu].push_back(v);
    }
  }
  for (const auto& [cpu, rs] : ratios) c.factors.push_back({cpu, stats::median(rs), stats::median(times[cpu])});
  const auto [fast, slow] = std::minmax_element(c.factors.begin(), c.factors.end(),
                                                [](const auto& a, const auto& b) { return a.factor < b.factor; });
  c.slow_cpu = slow->cpu;
  c.fast_cpu = fast->cpu;
  c.spread = slow->factor / fast->factor;
  std::vector<double> log_ratios;
  for (std::size_t i = 0; i < c.moments; ++i)
    log_ratios.push_back(std::log(ratios[c.slow_cpu][i] / ratios[c.fast_cpu][i]));
  c.p = stats::signed_rank_p(log_ratios);
  c.differ = c.spread > 1 + tolerance && c.p < alpha;
  c.within = stats::median(widths);
  c.between = stats::max(medians) / stats::min(medians) - 1;
  std::vector<double> loads;
  for (const auto& s : samples)
    if (s.load > 0) loads.push_back(s.load);
  if (!loads.empty()) c.load = stats::median(loads);
  return c;
}

std::string describe(const cpu_comparison& c, double tolerance) {
  if (c.cpus < 2 || c.moments == 0) return {};
  const std::string at = " (" + std::to_string(c.cpus) + " CPUs at " + std::to_string(c.moments) + " moments)";
  std::string text;
  if (c.differ) {
    const std::string p = p_text(c.p);
    text = "CPU " + std::to_string(c.slow_cpu) + " runs identical work " + percent(c.spread - 1) + " slower than CPU " +
           std::to_string(c.fast_cpu) + " at the same moments" + at + ", p = " + p +
           ", so a unit's time also depends on the CPU the kernel gives it";
    // A loaded machine's CPUs carry other programs unequally: the gap may be theirs, not the CPUs'.
    if (c.load > static_cast<double>(c.cpus)) {
      char load[32];
      std::snprintf(load, sizeof load, "%.1f", c.load);
      text += " (the machine's load was " + std::string(load) + " on " + std::to_string(c.cpus) +
              " CPUs: other programs on CPU " + std::to_string(c.slow_cpu) + " can make it so)";
    }
  } else if (c.within - 1 <= tolerance) {
    text = "the CPUs run identical work alike at the same moment: within " + percent(c.within - 1) + at;
  } else {
    const std::string p = p_text(c.p);
    text = "at the same moment the CPUs ran identical work " + percent(c.within - 1) +
           " apart (median), but no CPU was slower throughout" + at + ", p = " + p;
  }
  if (c.between > tolerance)
    text += "; the machine is noisy (spread " + percent(c.between) + " between moments)";
  return text;
}

}  // namespace lab::fairness
