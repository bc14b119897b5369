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

#include "catalog/essays.hpp"
#include "catalog/scenarios.hpp"
#include "check/fairness.hpp"
#include "record/record.hpp"
#include "stats/stats.hpp"

namespace lab::report {

// A point's coordinate along one swept parameter.
struct axis_value {
  std::string text;           // "—" where a record lacks the parameter
  std::optional<double> num;  // set when the value is a number
};

// Where one run's time went (record::sched): the kernel's accounting of its units.
struct time_breakdown {
  double efficiency = 0;  // ideal_s / run_s
  double run_s = 0, ideal_s = 0;
  std::size_t units = 0;
  double on_cpu_s = 0, runq_wait_s = 0, start_span_s = 0;  // waits summed over units
  std::vector<std::vector<int>> unit_cpus;  // per unit, in start order: where it was seen, first CPU first
  double minflt = 0, majflt = 0;
  double load1 = 0;  // the machine's 1-minute load average as the run ended (0 = not said)
};

// One variant at one point: the runs' summary.
struct cell {
  std::size_t runs = 0;  // records, failed ones included; 0 = the variant was not run here
  std::size_t ok = 0;
  std::vector<std::pair<std::string, std::size_t>> errors;  // distinct error text, count
  // Ok runs, input order: the run inside the model's process (record/record.hpp,
  // run_time_s), and the driver's wall around the whole process.
  std::vector<double> walls;
  std::vector<double> process_walls;
  stats::summary wall;
  // The primary metric of the runs that report it (for wall-time scenarios, the walls):
  // what the comparison, the noise flags and the outliers are about.
  std::vector<double> values;
  std::vector<int> rounds;             // each value's round (the record's rep), for pairing
  stats::summary value;
  double cpu_s = 0;                    // median user + sys
  double rss_kib = 0;                  // median peak RSS
  std::optional<double> efficiency;    // median of ideal_s / run_s (wall_s without it)
  std::optional<double> ideal_s;       // median ideal of the runs that have one
  std::optional<double> speedup;       // serial's median wall / this median wall, same point
                                       // (wall-time scenarios only)
  std::map<std::string, double> metrics;  // median of each metric over the runs reporting it
  std::map<std::string, std::string> texts;  // text metrics ("mechanism": "post"); distinct values joined by "/"

  std::optional<time_breakdown> went;  // of the run at the median efficiency, where it was accounted
  std::vector<double> outlier_devs;    // each MAD outlier's (value - median) / median
  // Some run was left to the kernel with fewer units than CPUs: the CPU it got could decide
  // its time, so CPUs that differ (the fairness check's spread) bias it.
  bool cpu_exposed = false;

  bool measured() const { return !values.empty(); }
  std::optional<double> metric(const std::string& key) const {
    auto it = metrics.find(key);
    return it == metrics.end() ? std::nullopt : std::optional(it->second);
  }
  std::string text(const std::string& key) const {
    auto it = texts.find(key);
    return it == texts.end() ? std::string() : it->second;
  }

  // CV above 5%, or an outlier more than 5% from the median. Smaller MAD outliers are only
  // listed: with 5 runs of pure Gaussian noise, 3 robust sigmas flag one point in four.
  bool noisy() const {
    if (values.size() < 2) return false;
    if (value.cv > noisy_cv) return true;
    for (double d : outlier_devs)
      if (d > noisy_cv || d < -noisy_cv) return true;
    return false;
  }
  static constexpr double noisy_cv = 0.05;
};

// Which variant was best on the primary metric at a point and whether the data supports
// saying so.
enum class verdict_kind {
  none,        // fewer than two variants with successful runs
  winner,      // Mann-Whitney p < 0.05 and a difference beyond run-to-run noise
  tentative,   // every run of the best beat every run of the runner-up, but the sample is too
               // small for p < 0.05 to be possible
  tie,         // indistinguishable: p >= 0.05 or the difference is within noise
};

struct comparison {
  verdict_kind kind = verdict_kind::none;
  std::size_t best = 0;       // variant indices
  std::size_t runner_up = 0;
  double ratio = 1;           // runner-up median / best median (>= 1 whichever way is better)
  double p = 1;               // Mann-Whitney, two-sided
  double min_p = 1;           // smallest p these sample sizes allow
  std::size_t n_best = 0, n_runner_up = 0;
  std::size_t pairs = 0;      // > 0: judged paired by round (p: signed-rank; ratio: per-round)
  // A tie shown to be one: the 90% interval of the runner-up's ratio to the best lies
  // within ±min_effect (two one-sided tests at 0.05). A tie without it is undecided.
  bool equivalent = false;
  double ratio_lo = 0, ratio_hi = 0;  // that interval (runner-up / best)
  // Above 1: the fairness check found the models this far apart on identical work, and a
  // winner by less than that was called a tie (the margin could be the bias).
  double bias = 1;
};

// A difference smaller than this (or than either side's CV) is within noise.
inline constexpr double min_effect = stats::min_effect;

struct point {
  std::vector<axis_value> at;  // one per experiment axis
  std::vector<cell> cells;     // one per experiment variant
  comparison verdict;
  // Where the experiment reproduces an essay (analysed_experiment::essay): async judged
  // against serial, the essays' baseline, whichever variants are best.
  std::optional<comparison> against_baseline;
};

struct analysed_experiment {
  std::string host;
  std::string name;      // the config's experiment name, or "" for ad hoc runs
  std::string scenario;
  primary_metric primary;                   // primary_of(scenario), from the catalog
  std::vector<std::string> variants;        // labels in report order (serial, threads, procs, async)
  std::vector<std::string> variant_models;  // the model of each variant
  // Per variant: none of its records has the primary swept parameter, so the same runs stand
  // at every point (serial along `workers`, threads along `yield_every`).
  std::vector<bool> everywhere;
  std::vector<std::string> axes;            // swept parameters, the primary one first
  std::vector<std::pair<std::string, std::string>> fixed;  // parameters with one value
  std::vector<std::string> metric_keys;     // metrics some run reported, sorted
  std::vector<point> points;                // ordered along the axes
  std::size_t runs = 0, failed = 0;
  int cpus = 0;                             // the host's CPU count
  const essay_figure* essay = nullptr;      // the essay it reproduces (catalog/essays.hpp), if any
  std::string p99_margin;                   // its records' p99_margin, the last one read; "" = default

  std::string title() const;  // the experiment name, or the scenario
  // The catalog's workload class of the scenario ("CPU-bound", "Many waits", ...).
  std::string workload_class() const { return workload_class_of(scenario); }
  // The value of a fixed parameter, or nullopt.
  std::optional<std::string> fixed_value(const std::string& key) const;
  std::optional<std::size_t> serial_variant() const;
  // Whether a variant takes part in comparisons (not serial where it is the floor).
  bool contender(std::size_t variant) const;
  // A cell's primary value, formatted: "1.23 s", "310 ns".
  std::string value_text(double v) const;
  // a is better than b on the primary metric.
  bool better(double a, double b) const { return primary.lower_is_better ? a < b : a > b; }
};

// What the analysis knows about each input record, for per-run outputs (CSV).
struct record_note {
  std::string experiment;  // title of its experiment
  std::string variant;
  bool counted = true;     // false for warm-up runs (record::warmup), kept out of statistics
  bool noisy = false;      // its variant at its point is flagged noisy
  bool outlier = false;    // this run is a MAD outlier of its point
};

// The fairness check's records of one host (check/fairness.hpp), judged.
struct host_check {
  std::string host;
  fairness::result result;
  std::size_t runs = 0, failed = 0;
};

struct analysis {
  std::vector<machine_info> machines;    // one per host, first-seen order
  std::vector<host_check> checks;        // hosts whose records hold a fairness check; not experiments
  std::vector<analysed_experiment> experiments;   // host, then first-seen order
  std::vector<record_note> notes;        // one per input record
  std::vector<record> predictions;       // lab advise's predictions (report/advice.hpp); not experiments
  std::vector<record> verification;      // lab advise's runs the predictions are checked against
  std::vector<record> calibration;       // lab advise's measurements of the machine's costs; not experiments
  std::size_t records = 0, failed = 0, warmups = 0;
};

analysis analyze(const std::vector<record>& records);

// The machine a record ran on, as the analysis names it ("unknown host" where it was not read).
std::string host_of(const record& r);

// A point's coordinates as text: "workers=4, tasks=8", or "" for a one-point experiment.
std::string describe(const analysed_experiment& e, const point& p);

// The points of an experiment split by the swept parameters other than the primary axis,
// each run ordered along the primary axis: the lines of a chart, the runs of a crossover.
struct point_series {
  std::string label;  // "samples=1000000, tasks=8", or "" when only one axis is swept
  std::vector<const point*> points;
};
std::vector<point_series> series_along_primary(const analysed_experiment& e);
// The point the answer is read at: the last along the primary axis of the first series (the
// glance table's, its summary figure's); null for an experiment without points.
const point* glance_point(const analysed_experiment& e);

// Workload class order used by the verdict section.
int workload_class_rank(const std::string& workload_class);

}  // namespace lab::report
