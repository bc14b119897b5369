// cpu's part of the report: the Amdahl's-law reading of the speedups.
#include <algorithm>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scaling.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

std::string r2_is(double r2) {
  const std::string t = fmt::r2(r2);
  return "r² " + (t[0] == '<' ? t : "= " + t);
}

std::vector<block> amdahl_blocks(const analysed_experiment& e) {
  const auto fits = scaling_fits(e);
  if (fits.empty()) return {};
  std::vector<std::string> items;
  double most = 0;
  for (const auto& f : fits) {
    const auto [lo, hi] = std::minmax_element(f.cores.begin(), f.cores.end());
    most = std::max(most, *hi);
    items.push_back(bold(e.variants[f.variant]) + (f.series.empty() ? "" : " at " + code(f.series)) +
                    ": serial fraction f = " + fmt::sig(f.fit.serial_fraction, 2) + " → " +
                    fmt::ratio(f.fit.predict(predict_cores[0])) + " at 16 cores, " +
                    fmt::ratio(f.fit.predict(predict_cores[1])) + " at 64 cores (fitted on " + fmt::plain(*lo) +
                    "–" + fmt::plain(*hi) + " cores, " + r2_is(f.fit.r2) + ").");
  }
  std::string intro = "Scaling, by an Amdahl's-law fit of speedup against cores used — the 16- and 64-core "
                      "figures are a **prediction**, not a measurement";
  if (most < predict_cores[0])
    intro += "; measured on at most " + fmt::plain(most) + " cores, so they extrapolate";
  return {paragraph(intro + ":"), bullets(items)};
}

scenario_part cpu_part() {
  scenario_part part;
  part.scenario = scenario_names::cpu;
  part.verdict = [](const analysis&, const analysed_experiment& e) { return amdahl_blocks(e); };
  return part;
}

const register_part registered{cpu_part};

}  // namespace

}  // namespace lab::report
