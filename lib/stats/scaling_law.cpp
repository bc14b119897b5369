#include "stats/scaling_law.hpp"

#include <algorithm>
#include <random>
#include <set>

namespace lab::stats {

namespace {

std::optional<law_fit> fit_law(scaling_law law, std::span<const double> cores, std::span<const double> speedup) {
  law_fit f;
  f.law = law;
  if (law == scaling_law::usl) {
    const auto u = fit_usl(cores, speedup);
    if (!u) return std::nullopt;
    f.usl = *u;
    f.r2 = u->r2;
  } else {
    const auto a = fit_amdahl(cores, speedup);
    if (!a) return std::nullopt;
    f.amdahl = *a;
    f.r2 = a->r2;  // each fit's own r² on these speedups: not computed again
  }
  return f;
}

// A resample's median: n draws with replacement. The modulo's bias over a 64-bit generator
// is below 1e-17 for the handful of runs a point has: nothing to correct.
double resampled_median(const std::vector<double>& xs, std::mt19937_64& rng, std::vector<double>& scratch) {
  scratch.resize(xs.size());
  for (auto& x : scratch) x = xs[rng() % xs.size()];
  return median(scratch);
}

}  // namespace

std::optional<law_fit> fit_scaling(std::span<const double> cores, std::span<const double> speedup) {
  const std::size_t counts = std::set<double>(cores.begin(), cores.end()).size();
  return fit_law(counts >= usl_min_counts ? scaling_law::usl : scaling_law::amdahl, cores, speedup);
}

std::vector<prediction> predict_scaling(const law_fit& fit, const std::vector<scaling_sample>& samples,
                                        const std::vector<std::vector<double>>& baselines,
                                        std::span<const double> at, std::size_t rounds, std::uint64_t seed) {
  std::vector<prediction> out;
  for (double n : at) out.push_back({n, fit.speedup(n), 0, 0, 0, false});
  const bool one_run = std::all_of(samples.begin(), samples.end(), [](const auto& s) { return s.times.size() < 2; }) &&
                       std::all_of(baselines.begin(), baselines.end(), [](const auto& b) { return b.size() < 2; });
  std::vector<std::vector<double>> draws(at.size());
  std::mt19937_64 rng(seed);
  std::vector<double> scratch, base(baselines.size()), cores, speedup;
  for (std::size_t r = 0; r < rounds && !one_run; ++r) {
    for (std::size_t b = 0; b < baselines.size(); ++b) base[b] = resampled_median(baselines[b], rng, scratch);
    cores.clear();
    speedup.clear();
    for (const auto& s : samples) {
      cores.push_back(s.cores);
      speedup.push_back(base[s.base] / resampled_median(s.times, rng, scratch));
    }
    if (const auto f = fit_law(fit.law, cores, speedup))
      for (std::size_t i = 0; i < at.size(); ++i) draws[i].push_back(f->speedup(at[i]));
  }
  for (std::size_t i = 0; i < out.size(); ++i) {
    auto& d = draws[i];
    out[i].rounds = d.size();
    out[i].from_one_run = one_run;
    if (d.empty()) {
      out[i].lo = out[i].hi = out[i].speedup;
      continue;
    }
    std::sort(d.begin(), d.end());
    // A percentile interval can miss the estimate itself when the resamples are skewed; it
    // is widened to hold it rather than print a figure outside its own interval.
    out[i].lo = std::min(percentile(d, 2.5), out[i].speedup);
    out[i].hi = std::max(percentile(d, 97.5), out[i].speedup);
  }
  return out;
}

}  // namespace lab::stats
