// cpu's part of the report: the scaling law's reading of the speedups (report/scaling.hpp).
#include <algorithm>
#include <cmath>
#include <set>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scaling.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

// Why this law: the USL's two parameters need enough distinct core counts to be told apart.
std::string law_choice(const std::vector<scaling_fit>& fits) {
  std::size_t counts = 0;
  for (const auto& f : fits) counts = std::max(counts, std::set<double>(f.cores.begin(), f.cores.end()).size());
  const std::string measured = std::to_string(counts) + " distinct core counts measured";
  if (counts >= stats::usl_min_counts) return measured + "; Amdahl's law below " + std::to_string(stats::usl_min_counts);
  return "the Universal Scalability Law needs " + std::to_string(stats::usl_min_counts) + "; " + measured;
}

std::string r2_is(double r2) {
  const std::string t = fmt::r2(r2);
  return "r² " + (t[0] == '<' ? t : "= " + t);
}

// One variant's fit: its law and parameters, then each prediction with its interval.
std::string fit_item(const analysed_experiment& e, const scaling_fit& f) {
  const auto [lo, hi] = std::minmax_element(f.cores.begin(), f.cores.end());
  std::vector<std::string> predicted;
  for (const auto& p : f.predictions) predicted.push_back(prediction_text(p) + " at " + fmt::plain(p.cores) + " cores");
  std::string text = bold(e.variants[f.variant]) + (f.series.empty() ? "" : " at " + code(f.series)) + ": " +
                     law_parameters(f.fit) + " → " + join(predicted, ", ") + " (fitted on " + fmt::plain(*lo) + "–" +
                     fmt::plain(*hi) + " cores, " + r2_is(f.fit.r2) + ")";
  if (f.fit.law == stats::scaling_law::usl)
    if (const auto peak = f.fit.usl.peak_n(); peak && *peak < 1e6) {
      const bool beyond = *peak > f.most_cores();
      text += "; the speedup peaks near " + fmt::plain(std::round(*peak)) + " cores (" +
              (beyond ? std::string("a prediction") : "within the cores measured") + ")";
    }
  return text + ".";
}

std::vector<block> scaling_verdict(const analysed_experiment& e) {
  const auto fits = scaling_fits(e);
  if (fits.empty()) return {};
  std::vector<std::string> items;
  std::set<std::string> laws;
  double most = 0;
  for (const auto& f : fits) {
    most = std::max(most, f.most_cores());
    laws.insert(law_name(f.fit));
    items.push_back(fit_item(e, f));
  }
  std::string intro = "Scaling, by " + join({laws.begin(), laws.end()}, " and ") +
                      " fitted to the speedup against cores used (" + law_choice(fits) + "). Past the " +
                      fmt::plain(most) + " cores measured each figure is a **prediction**, not a measurement, with "
                      "its 95% interval from a bootstrap over the runs";
  const auto cores = prediction_cores(most);
  if (!cores.empty() && cores.back() > extrapolation_limit * most)
    intro += "; " + fmt::plain(cores.back()) + " cores is more than " + fmt::plain(extrapolation_limit) +
             "× the cores measured: read its interval, not its middle";
  return {paragraph(intro + ":"), bullets(items)};
}

scenario_part cpu_part() {
  scenario_part part;
  part.scenario = scenario_names::cpu;
  part.verdict = [](const analysis&, const analysed_experiment& e) { return scaling_verdict(e); };
  return part;
}

const register_part registered{cpu_part};

}  // namespace

}  // namespace lab::report
