// The scaling table of a `cpu` experiment swept over workers (report/scaling.hpp).
#include <algorithm>
#include <set>

#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scaling.hpp"

namespace lab::report {

std::vector<block> scaling_blocks(const analysed_experiment& e) {
  const auto fits = scaling_fits(e);
  if (fits.empty()) return {};
  table t;
  t.header = {"variant", "speedup baseline", "cores measured", "law", "fitted", "r²"};
  t.numeric = {false, false, true, false, true, true};
  std::set<double> at;  // fits measured on fewer cores (failed runs) may predict elsewhere
  for (const auto& f : fits)
    for (const auto& p : f.predictions) at.insert(p.cores);
  for (double n : at) {
    t.header.push_back("predicted at " + fmt::plain(n) + " cores");
    t.numeric.push_back(true);
  }
  const bool series = std::any_of(fits.begin(), fits.end(), [](const scaling_fit& f) { return !f.series.empty(); });
  if (series) {
    t.header.insert(t.header.begin() + 1, "at");
    t.numeric.insert(t.numeric.begin() + 1, false);
  }
  for (const auto& f : fits) {
    const auto [lo, hi] = std::minmax_element(f.cores.begin(), f.cores.end());
    std::vector<std::string> row{e.variants[f.variant], f.baseline, fmt::plain(*lo) + "–" + fmt::plain(*hi),
                                 f.fit.law == stats::scaling_law::usl ? "USL" : "Amdahl", law_parameters(f.fit),
                                 fmt::r2(f.fit.r2)};
    for (double n : at) {
      const auto p = std::find_if(f.predictions.begin(), f.predictions.end(), [&](const auto& q) { return q.cores == n; });
      row.push_back(p == f.predictions.end() ? "—" : prediction_text(*p));
    }
    if (series) row.insert(row.begin() + 1, f.series);
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("Fitted by least squares to the measured speedups over the cores used, n = min(workers, " +
                    std::to_string(e.cpus) + " CPUs): the Universal Scalability Law, speedup(n) = n / (1 + σ(n − 1) "
                    "+ κn(n − 1)), where at least " + std::to_string(stats::usl_min_counts) + " distinct core counts "
                    "were measured, else Amdahl's law, speedup(n) = 1 / (f + (1 − f) / n). The predicted columns are "
                    "predictions, not measurements; in brackets the 95% interval of a bootstrap over the runs (each "
                    "point's runs resampled " + std::to_string(stats::bootstrap_rounds) + " times and the law refitted).");
  block b = table_block(std::move(t));
  return {paragraph("**Scaling** (prediction):"), b};
}

}  // namespace lab::report
