#include "driver/repeat.hpp"

#include <vector>

#include "catalog/scenarios.hpp"
#include "driver/round_cpu.hpp"
#include "stats/stats.hpp"
#include "stats/sequential.hpp"

namespace lab {

bool run_repeated(const run_request& request, int reps, const std::string& bin_dir, const std::string& trace_dir,
                  const std::function<void(const record&)>& out, const std::function<bool()>& stop_requested) {
  auto stop = [&] { return stop_requested && stop_requested(); };
  constexpr int min_auto = 3, max_auto = 30;
  const auto& primary = primary_of(request.scenario);
  std::vector<double> values;
  const params resolved = validate(request);
  for (int rep = 0; reps > 0 ? rep < reps : rep < max_auto; ++rep) {
    run_request req = request;
    if (req.cpu < 0) req.cpu = round_cpu(req.model, resolved, rep);
    if (!trace_dir.empty()) req.trace_file = trace_file_name(trace_dir, "run-" + req.scenario, req, rep);
    if (stop()) return false;
    const record r = run_point(req, rep, bin_dir);
    if (!r.ok && stop()) return false;
    out(r);
    if (reps > 0) continue;
    const auto v = primary.wall() ? std::optional<double>(r.wall_s) : metric(r, primary.key);
    if (!r.ok || !v) return true;  // a failing point will not become precise
    values.push_back(*v);
    if (rep + 1 >= min_auto && stats::median_within(values, stats::min_effect)) return true;
  }
  return !stop();
}

}  // namespace lab
