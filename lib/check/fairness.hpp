#pragma once
// The lab's fairness check, judged: identical single-unit work in every model, so any
// difference between models on it is bias (code layout, measurement, environment), not the
// model. Pure functions over samples taken from records; `lab check`, `lab sweep` (which runs
// the check first) and `lab report` (Method, and which CPU-bound winners it may name) share it.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/scenarios.hpp"
#include "check/cpu_moments.hpp"
#include "record/record.hpp"

namespace lab::fairness {

// One kind of identical work, named once in its scenario's catalog entry: the check runs it
// and reads its figure back from the record.
struct item : check_item {
  std::string scenario;  // the scenario that runs it
};
// Every scenario's check items, in catalog order.
const std::vector<item>& items();

// The check's experiments are named "check:ITEM": a name no config can use.
inline constexpr std::string_view experiment_prefix = "check:";
inline bool is_check_experiment(std::string_view name) { return name.starts_with(experiment_prefix); }
bool is_check_record(const record& r);

// One measurement: a check record's figure.
struct sample {
  std::string item;
  std::string variant;  // model, with its spawn for procs: "procs (exec)"
  double value = 0;
  std::string code;     // where its kernel came from ("liblabcore.so+0x24ec80"), "" if not said
  int cpu = -1;         // the CPU the run was pinned to, -1 if not
};
// nullopt for a record that is not a check record, or failed, or lacks its figure.
std::optional<sample> sample_of(const record& r);

struct variant_figure {
  std::string variant;
  std::size_t n = 0;
  double median = 0;
  double cv = 0;       // run-to-run spread
  double ratio = 1;    // median / the fastest variant's median
  double p = 1;        // Mann-Whitney against the fastest
  bool off = false;    // slower than the fastest beyond tolerance, and significantly
};

struct item_result {
  std::string item, unit;
  bool cpu_bound = false;
  std::vector<variant_figure> variants;  // fastest first
};

struct result {
  std::vector<item_result> items;  // in items() order, those with samples
  bool fair = true;
  bool same_code = true;           // every sample named the same kernel location
  // CPUs of the machine that run identical CPU work at different speeds, judged from runs on
  // every CPU at the same moments (check/cpu_moments.hpp): the slowest CPU's factor over the
  // fastest's (1 when they agree, or there were no simultaneous runs).
  double cpu_spread = 1;
  int slow_cpu = -1, fast_cpu = -1;
  cpu_comparison cpus;
  // What a single-unit run the kernel placed can gain or lose by its CPU: the CPUs' spread
  // where they differ, else what they differ by at one moment (the machine's own noise); 1
  // without simultaneous runs. A margin between such runs smaller than this is not a model's.
  double placement_margin = 1;
  // The largest significant gap between models on CPU-bound items (1 when none): a CPU-bound
  // margin smaller than this cannot be told from the bias. The CPUs' spread is apart: it
  // biases only runs the kernel placed with fewer units than CPUs (the report applies it to
  // those); pinned rounds meet every CPU alike.
  double cpu_bias = 1;
  double tolerance = 0;
  // The runs spread wider than the tolerance: no gap of that size can be shown or ruled out,
  // so the check says it cannot judge instead of "fair".
  bool too_noisy = false;
  double widest_cv = 0;
  std::string widest;           // "ITEM, VARIANT" of the widest spread
  std::size_t runs_needed = 0;  // runs a variant for its median to resolve the tolerance at that spread
  std::string verdict;  // one line: "fair: ...", "NOT fair: ..." or "no verdict: ..."
};

// tolerance: a gap smaller than this is never "off"; alpha: per comparison (there are a
// dozen or so in one check, so it is kept small).
// moments: the simultaneous runs on every CPU (none: the CPUs are not judged).
result judge(const std::vector<sample>& samples, const std::vector<moment_sample>& moments, double tolerance = 0.03,
             double alpha = 0.01);
inline result judge(const std::vector<sample>& samples) { return judge(samples, {}); }

// Runs a variant for the median of runs spread `cv` to tell apart a gap of `tolerance`
// (two medians, each with standard error 1.2533 cv / sqrt(n), two standard errors apart).
std::size_t runs_to_resolve(double cv, double tolerance);

}  // namespace lab::fairness
