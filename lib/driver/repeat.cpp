#include "driver/repeat.hpp"

#include <vector>

#include "catalog/scenarios.hpp"
#include "driver/round_cpu.hpp"
#include "stats/stats.hpp"
#include "stats/sequential.hpp"

namespace lab {

repeat_outcome run_repeated(const run_request& request, int reps, const std::string& bin_dir,
                            const std::string& trace_dir, const std::function<void(const record&)>& out,
                            const std::function<bool()>& stop_requested) {
  auto stop = [&] { return stop_requested && stop_requested(); };
  constexpr int min_auto = 3, max_auto = 30;
  const auto& primary = primary_of(request.scenario);
  repeat_outcome o;
  o.measure = primary.wall() ? "run_s" : primary.key;
  const params resolved = validate(request);
  const auto interrupted = [&] {
    o.interrupted = true;
    o.stopped = "interrupted";
    return o;
  };
  for (int rep = 0; reps > 0 ? rep < reps : rep < max_auto; ++rep) {
    run_request req = request;
    if (req.cpu < 0) req.cpu = round_cpu(req.model, resolved, rep);
    if (!trace_dir.empty()) req.trace_file = trace_file_name(trace_dir, "run-" + req.scenario, req, rep);
    if (stop()) return interrupted();
    const record r = run_point(req, rep, bin_dir);
    if (!r.ok && stop()) return interrupted();
    out(r);
    ++o.runs;
    if (!r.ok) ++o.failed;
    // Models are compared on run_s (record.hpp, run_time_s), so auto stops on it too.
    const auto v = primary.wall() ? std::optional<double>(run_time_s(r)) : metric(r, primary.key);
    if (r.ok && v) o.values.push_back(*v);
    if (reps > 0) continue;
    if (!r.ok || !v) {  // a failing point will not become precise
      o.stopped = "a run " + std::string(r.ok ? "measured no " + o.measure : "failed");
      return o;
    }
    if (rep + 1 >= min_auto && stats::median_within(o.values, stats::min_effect)) {
      o.stopped = "the median's 95% interval lies within ±2% of it";
      return o;
    }
  }
  o.stopped = reps > 0 ? std::to_string(reps) + " runs asked for"
                       : "the most auto runs (" + std::to_string(max_auto) + ") without the median's 95% interval "
                         "within ±2%";
  return o;
}

}  // namespace lab
