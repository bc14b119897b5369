#pragma once
// Scaling fits for `cpu` experiments swept over `workers`: one per variant (and per
// combination of the other swept parameters), used by the tables, the verdict and a chart.
// The law follows the data (stats/scaling_law.hpp): the Universal Scalability Law where at
// least four distinct core counts were measured, Amdahl's law otherwise; every figure beyond
// the measured cores is a prediction and carries its 95% bootstrap interval over the runs.
#include <string>
#include <vector>

#include "report/analysis.hpp"
#include "report/document.hpp"
#include "stats/scaling_law.hpp"

namespace lab::report {

struct scaling_fit {
  std::size_t variant = 0;
  std::string series;    // the other swept parameters ("samples=1000000"), "" when none
  std::string baseline;  // what speedup 1 is: "its workers=1 run" or the baseline variant
  std::vector<double> workers, cores, speedup;  // measured points; cores = min(workers, cpus)
  stats::law_fit fit;
  std::vector<stats::prediction> predictions;  // at prediction_cores(most_cores())
  double most_cores() const;
};

// A fitted curve is drawn (and read) out to this many times the most cores measured; past it
// only predictions with their intervals are shown.
inline constexpr double extrapolation_limit = 4;

// The core counts predictions are made for: the first two of 16, 64, 256, 1024 above the
// most cores measured (on 2 cores: 16 and 64; on 64: 256 and 1024).
std::vector<double> prediction_cores(double most_measured);

// Empty unless the catalog fits the scenario (amdahl: `cpu`), it has a numeric `workers` axis and at least two
// distinct core counts were measured.
std::vector<scaling_fit> scaling_fits(const analysed_experiment& e);

// The experiment's scaling table (its fits, predictions and intervals), under "**Scaling**";
// empty without fits (report/scaling_table.cpp).
std::vector<block> scaling_blocks(const analysed_experiment& e);

// "Amdahl's law" or "the Universal Scalability Law"; and its parameters, "f = 0.10" or
// "σ = 0.031, κ = 0.00020".
std::string law_name(const stats::law_fit& f);
std::string law_parameters(const stats::law_fit& f);
// "6.40× (95%: 5.90–7.10×)", or "6.40× (one run a point: no interval)".
std::string prediction_text(const stats::prediction& p);

}  // namespace lab::report
