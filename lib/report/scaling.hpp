#pragma once
// Amdahl's-law fits for `cpu` experiments swept over `workers`: one per variant (and per
// combination of the other swept parameters), used by the tables, the verdict and a chart.
#include <string>
#include <vector>

#include "report/analysis.hpp"
#include "stats/stats.hpp"

namespace lab::report {

struct scaling_fit {
  std::size_t variant = 0;
  std::string series;    // the other swept parameters ("samples=1000000"), "" when none
  std::string baseline;  // what speedup 1 is: "its workers=1 run" or the baseline variant
  std::vector<double> workers, cores, speedup;  // measured points; cores = min(workers, cpus)
  stats::amdahl_fit fit;
};

// Cores the prediction is made for.
inline constexpr double predict_cores[] = {16, 64};

// Empty unless the catalog fits the scenario (amdahl: `cpu`), it has a numeric `workers` axis and at least two
// distinct core counts were measured.
std::vector<scaling_fit> scaling_fits(const analysed_experiment& e);

}  // namespace lab::report
