#pragma once
// From records to what a report says: experiments, their points and variants, a summary
// per variant at each point, and the comparison of the best two. Every writer draws from
// one analysis, so the formats cannot disagree.
//
// An experiment is one (machine host, experiment name from the config or "", scenario).
// A variant is a model plus its model-specific parameters ("procs (exec)",
// "async (loop_threads=2)"); a point is the values of the parameters swept in the
// experiment. A record without a swept parameter (serial has no `workers`) belongs to
// every point that agrees with the parameters it has, so serial is the baseline of each.
#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "record/record.hpp"
#include "stats/stats.hpp"

namespace lab::report {

// A point's coordinate along one swept parameter.
struct axis_value {
  std::string text;           // "—" where a record lacks the parameter
  std::optional<double> num;  // set when the value is a number
};

// One variant at one point: the runs' summary.
struct cell {
  std::size_t runs = 0;  // records, failed ones included; 0 = the variant was not run here
  std::size_t ok = 0;
  std::vector<std::pair<std::string, std::size_t>> errors;  // distinct error text, count
  std::vector<double> walls;                                 // ok runs, input order
  stats::summary wall;
  double cpu_s = 0;                    // median user + sys
  double rss_kib = 0;                  // median peak RSS
  std::optional<double> efficiency;    // median of ideal_s / wall_s
  std::optional<double> speedup;       // serial's median wall / this median wall, same point
  std::map<std::string, double> metrics;  // median of each metric over the runs reporting it

  std::vector<double> outlier_devs;    // each MAD outlier's (wall - median) / median

  // CV above 5%, or an outlier more than 5% from the median. Smaller MAD outliers are only
  // listed: with 5 runs of pure Gaussian noise, 3 robust sigmas flag one point in four.
  bool noisy() const {
    if (ok < 2) return false;
    if (wall.cv > noisy_cv) return true;
    for (double d : outlier_devs)
      if (d > noisy_cv || d < -noisy_cv) return true;
    return false;
  }
  static constexpr double noisy_cv = 0.05;
};

// Which variant was fastest at a point and whether the data supports saying so.
enum class outcome {
  none,        // fewer than two variants with successful runs
  winner,      // Mann-Whitney p < 0.05 and a difference beyond run-to-run noise
  tentative,   // every run of the best beat every run of the runner-up, but the sample is too
               // small for p < 0.05 to be possible
  tie,         // indistinguishable: p >= 0.05 or the difference is within noise
};

struct comparison {
  outcome kind = outcome::none;
  std::size_t best = 0;       // variant indices
  std::size_t runner_up = 0;
  double ratio = 1;           // runner-up median / best median
  double p = 1;               // Mann-Whitney, two-sided
  double min_p = 1;           // smallest p these sample sizes allow
  std::size_t n_best = 0, n_runner_up = 0;
};

// A difference smaller than this (or than either side's CV) is within noise.
inline constexpr double min_effect = 0.02;

struct point {
  std::vector<axis_value> at;  // one per experiment axis
  std::vector<cell> cells;     // one per experiment variant
  comparison verdict;
};

struct experiment {
  std::string host;
  std::string name;      // the config's experiment name, or "" for ad hoc runs
  std::string scenario;
  std::vector<std::string> variants;        // labels in report order (serial, threads, procs, async)
  std::vector<std::string> variant_models;  // the model of each variant
  std::vector<std::string> axes;            // swept parameters, the primary one first
  std::vector<std::pair<std::string, std::string>> fixed;  // parameters with one value
  std::vector<std::string> metric_keys;     // metrics some run reported, sorted
  std::vector<point> points;                // ordered along the axes
  std::size_t runs = 0, failed = 0;
  int cpus = 0;                             // the host's CPU count

  std::string title() const;  // the experiment name, or the scenario
  // "CPU-bound", "Many waits", "Mixed CPU and I/O", "Many units", "Yielding", or the scenario.
  std::string workload_class() const;
  // The value of a fixed parameter, or nullopt.
  std::optional<std::string> fixed_value(const std::string& key) const;
  std::optional<std::size_t> serial_variant() const;
};

// What the analysis knows about each input record, for per-run outputs (CSV).
struct record_note {
  std::string experiment;  // title of its experiment
  std::string variant;
  bool counted = true;     // false for warm-up runs (extra "warmup": true), kept out of statistics
  bool noisy = false;      // its variant at its point is flagged noisy
  bool outlier = false;    // this run is a MAD outlier of its point
};

struct analysis {
  std::vector<machine_info> machines;    // one per host, first-seen order
  std::vector<experiment> experiments;   // host, then first-seen order
  std::vector<record_note> notes;        // one per input record
  std::size_t records = 0, failed = 0, warmups = 0;
};

analysis analyze(const std::vector<record>& records);

// A point's coordinates as text: "workers=4, tasks=8", or "" for a one-point experiment.
std::string describe(const experiment& e, const point& p);

// The points of an experiment split by the swept parameters other than the primary axis,
// each run ordered along the primary axis: the lines of a chart, the runs of a crossover.
struct point_series {
  std::string label;  // "samples=1000000, tasks=8", or "" when only one axis is swept
  std::vector<const point*> points;
};
std::vector<point_series> series_along_primary(const experiment& e);

// Workload class order used by the verdict section.
int workload_class_rank(const std::string& workload_class);

}  // namespace lab::report
