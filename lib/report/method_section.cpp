// The machines the runs were measured on, and how the report reads the measurements.
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/sections.hpp"

namespace lab::report {

namespace {

std::string limit(long long v) {
  if (v < 0 || v >= (1LL << 62)) return "unlimited";
  if (v == 0) return "unknown";
  return std::to_string(v);
}

std::string or_unknown(const std::string& s, const char* fallback = "unknown") { return s.empty() ? fallback : s; }

}  // namespace

block machine_table(const analysis& a) {
  table t;
  t.header.push_back("");
  t.numeric.push_back(false);
  for (const auto& m : a.machines) {
    t.header.push_back(m.host);
    t.numeric.push_back(false);
  }
  auto row = [&](const std::string& name, auto value) {
    std::vector<std::string> r{name};
    for (const auto& m : a.machines) r.push_back(value(m));
    t.rows.push_back(std::move(r));
  };
  row("CPU model", [](const machine_info& m) { return or_unknown(m.cpu_model); });
  row("CPUs usable", [](const machine_info& m) { return m.cpus > 0 ? std::to_string(m.cpus) : "unknown"; });
  row("memory", [](const machine_info& m) {
    return m.mem_total_kib > 0 ? fmt::kib(static_cast<double>(m.mem_total_kib)) : "unknown";
  });
  row("kernel", [](const machine_info& m) { return or_unknown(m.kernel); });
  row("compiler", [](const machine_info& m) { return or_unknown(m.compiler); });
  row("Boost", [](const machine_info& m) { return or_unknown(m.boost); });
  row("CPU frequency governor", [](const machine_info& m) { return or_unknown(m.governor, "unreadable"); });
  row("open files (ulimit -n)", [](const machine_info& m) { return limit(m.open_files); });
  row("user processes (ulimit -u)", [](const machine_info& m) { return limit(m.max_user_procs); });
  row("kernel.pid_max", [](const machine_info& m) { return limit(m.pid_max); });
  row("vm.max_map_count", [](const machine_info& m) { return limit(m.max_map_count); });
  block b = table_block(std::move(t));
  return b;
}

std::vector<std::string> method_items() {
  return {
      "Each run is a fresh process measured from outside: wall clock around the child; CPU (user + sys) "
      "and peak RSS from `wait4`. Peak RSS is that of the largest single process of the run, so for "
      "`procs` it is one process's, not the sum over workers.",
      "Wall time, where models are compared on it, is the run inside the model's process (the record's "
      "`run_s`: creating its units, the work and their teardown), without the start and exit of the model's "
      "executable, which is the same in every model (about 10 ms) and only adds noise; the record's `wall_s` "
      "keeps the whole, and the network floors are held against it.",
      "Figures are medians of the repeated runs; failed runs are counted and listed, never averaged in.",
      "95% CI of the median: distribution-free, from binomial order statistics; with fewer than 6 runs it "
      "is the full range of the runs and covers less than 95%.",
      "Outliers: runs farther than 3 robust sigmas (1.4826 × MAD) from the median, listed with their "
      "distance from it. Noisy: a coefficient of variation above 5%, or an outlier more than 5% from the "
      "median (with 5 runs, 3 robust sigmas alone flag one point in four of pure Gaussian noise).",
      "Winner: two-sided Mann-Whitney U test of the best variant against the runner-up (exact for up "
      "to 40 runs in total, normal approximation with tie correction above), p < 0.05, and a difference "
      "larger than 2% and than either CV. The test, the outliers and the noise flags are about the "
      "experiment's measure: wall time, or for spawn, switch and yield the runs' per_unit_ns, switch_ns "
      "and io_latency_ms.",
      "Indistinguishable within ±2%: the 90% distribution-free interval of the runner-up's ratio to the best "
      "(Hodges-Lehmann shift of the logarithms, Mann-Whitney order statistics) lies within 0.98–1.02, which is "
      "two one-sided tests at 0.05 (Schuirmann 1987). A tie without that is called undecided, with its runs "
      "and interval.",
      "Adaptive repetitions (`reps = auto`): every point runs `min_reps` rounds; from then on, at each round, "
      "a point runs again only while its comparison with the best variant at the same sweep value is open. "
      "It is closed by a difference (Mann-Whitney) or by equivalence within ±2%, each at Pocock's per-look "
      "level for `max_reps - min_reps + 1` looks (0.0158 for 5 looks, 0.0075 for 20, 0.15/K beyond), so "
      "looking after every round keeps the overall false-positive rate at 0.05; or by `max_reps`, or by the "
      "experiment's time `budget`. The tables give the runs each point got.",
      "Amdahl's law predictions extrapolate a least-squares fit beyond the cores measured: treat them as "
      "estimates.",
  };
}

}  // namespace lab::report
