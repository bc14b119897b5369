#include "driver/repeat.hpp"

#include <vector>

#include "report/analysis.hpp"
#include "stats/sequential.hpp"

namespace lab {

void run_repeated(const run_request& req, int reps, const std::string& bin_dir,
                  const std::function<void(const record&)>& out) {
  constexpr int min_auto = 3, max_auto = 30;
  const auto& primary = report::primary_of(req.scenario);
  std::vector<double> values;
  for (int rep = 0; reps > 0 ? rep < reps : rep < max_auto; ++rep) {
    const record r = run_point(req, rep, bin_dir);
    out(r);
    if (reps > 0) continue;
    const auto v = primary.wall() ? std::optional<double>(r.wall_s) : metric(r, primary.key);
    if (!r.ok || !v) return;  // a failing point will not become precise
    values.push_back(*v);
    if (rep + 1 >= min_auto && stats::median_within(values, report::min_effect)) return;
  }
}

}  // namespace lab
