#pragma once
// Speedup against cores, by the law the data can carry: the Universal Scalability Law
// (stats/usl.hpp) where at least four distinct core counts were measured (two parameters and
// a scale, and one count left to judge them by), Amdahl's law (stats.hpp) otherwise. And
// what the fit predicts elsewhere, with a 95% interval from a bootstrap over the runs: each
// point's runs and its baseline's are resampled with replacement, the speedups recomputed
// from the resampled medians, the same law refitted, and the 2.5th and 97.5th percentiles of
// the predictions taken (the percentile bootstrap, Efron & Tibshirani 1993, ch. 13).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "stats/stats.hpp"
#include "stats/usl.hpp"

namespace lab::stats {

inline constexpr std::size_t usl_min_counts = 4;  // distinct core counts for a USL fit

enum class scaling_law { amdahl, usl };

struct law_fit {
  scaling_law law = scaling_law::amdahl;
  amdahl_fit amdahl;  // set when law is amdahl
  usl_fit usl;        // set when law is usl
  double r2 = 0;
  double speedup(double cores) const { return law == scaling_law::usl ? usl.at(cores) : amdahl.predict(cores); }
};

// REQUIRES cores.size() == speedup.size(), every core count >= 1, every speedup > 0. nullopt
// unless at least two distinct core counts.
std::optional<law_fit> fit_scaling(std::span<const double> cores, std::span<const double> speedup);

// One measured point: its core count, the run times there and its baseline's run times (one
// resampled set of each baseline per bootstrap round, however many points share it).
struct scaling_sample {
  double cores = 0;
  std::vector<double> times;
  std::size_t base = 0;  // index into the baselines
};

struct prediction {
  double cores = 0;
  double speedup = 0;    // of the fit to the medians
  double lo = 0, hi = 0; // 95% percentile-bootstrap interval
  std::size_t rounds = 0;  // bootstrap rounds that gave a fit
  bool from_one_run = false;  // every point had one run: nothing to resample, lo = hi
};

inline constexpr std::size_t bootstrap_rounds = 1000;

// The fit's speedup at each of `at`, each with its interval. The law is the one `fit` used;
// the seed is fixed, so the same runs give the same interval in every report.
std::vector<prediction> predict_scaling(const law_fit& fit, const std::vector<scaling_sample>& samples,
                                        const std::vector<std::vector<double>>& baselines,
                                        std::span<const double> at, std::size_t rounds = bootstrap_rounds,
                                        std::uint64_t seed = 1);

}  // namespace lab::stats
