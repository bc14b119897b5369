// Scenario `spawn`: what one more unit costs. Time: create, start and join n units that do
// nothing, at n = 1, 3, 10, 30, ... up to `units`, and fit time = a + b n; the slope b is
// the marginal cost of a unit. Memory: `units` units alive at once, blocked, against the
// same process before they existed.
#include <sys/resource.h>

#include <algorithm>
#include <chrono>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "core/error.hpp"
#include "stats/stats.hpp"
#include "measure/proc_memory.hpp"
#include "models/spawn_param.hpp"
#include "scenario/common_params.hpp"
#include "scenario/placed_probe.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace json = boost::json;

namespace {

using clock_type = std::chrono::steady_clock;

// 1, 3, 10, 30, ... below `largest`, then `largest`: half-decade steps, so every order of
// magnitude has a point and the fit is not decided by its two ends alone.
std::vector<std::size_t> unit_counts(std::size_t largest) {
  std::vector<std::size_t> counts;
  for (std::size_t decade = 1; decade < largest; decade *= 10) {
    counts.push_back(decade);
    if (3 * decade < largest) counts.push_back(3 * decade);
  }
  counts.push_back(largest);
  return counts;
}

std::int64_t need(std::optional<std::int64_t> v, const char* what) {
  if (!v) throw run_error(std::string("could not read ") + what + " (is /proc mounted?)");
  return *v;
}

double per_unit(std::int64_t before, std::int64_t after, std::size_t n) {
  return static_cast<double>(after - before) / static_cast<double>(n);
}

// Units alive at once, sampled while they are: processes by the PSS they and this process
// add up to (each shared page counted once), threads and coroutines by this process's RSS.
// The kernel's own share (thread stacks, page tables) is machine-wide in /proc/meminfo.
void measure_memory(unit_probe& probe, std::size_t n, outcome& out) {
  if (!probe.holds_units()) {
    out.metrics[metric_keys::mem_method] = "none";
    out.metrics[metric_keys::mem_per_unit_kib] = nullptr;
    out.metrics[metric_keys::alive_when_sampled] = 0;
    out.metrics["mem_note"] = "a plain call holds nothing once it returns";
    return;
  }
  const auto rss0 = need(smaps_rollup_kib(0, "Rss"), "/proc/self/smaps_rollup");
  const auto pss0 = need(smaps_rollup_kib(0, "Pss"), "/proc/self/smaps_rollup");
  const auto kstack0 = meminfo_kib("KernelStack"), tables0 = meminfo_kib("PageTables");
  std::int64_t rss1 = 0, pss1 = 0, children_pss = 0, threads = 0;
  std::optional<std::int64_t> kstack1, tables1;
  std::size_t children = 0, children_read = 0;
  const std::size_t alive = probe.hold_alive(n, [&](const held_units& held) {
    rss1 = need(smaps_rollup_kib(0, "Rss"), "/proc/self/smaps_rollup");
    pss1 = need(smaps_rollup_kib(0, "Pss"), "/proc/self/smaps_rollup");
    kstack1 = meminfo_kib("KernelStack");
    tables1 = meminfo_kib("PageTables");
    threads = proc_status_value(0, "Threads").value_or(0);
    children = held.pids.size();
    for (pid_t pid : held.pids)
      if (auto pss = smaps_rollup_kib(pid, "Pss")) {
        children_pss += *pss;
        ++children_read;
      }
  });
  if (children > 0) {
    if (children_read != children)
      throw run_error("could read the PSS of only " + std::to_string(children_read) + " of " + std::to_string(children) +
                      " children");
    out.metrics[metric_keys::mem_method] = metric_values::pss_sum_children;
    out.metrics[metric_keys::mem_baseline_kib] = pss0;
    out.metrics[metric_keys::mem_held_kib] = pss1 + children_pss;
    out.metrics[metric_keys::mem_per_unit_kib] = per_unit(pss0, pss1 + children_pss, n);
    out.metrics[metric_keys::child_pss_mean_kib] = static_cast<double>(children_pss) / static_cast<double>(children);
  } else {
    out.metrics[metric_keys::mem_method] = "rss_delta";
    out.metrics[metric_keys::mem_baseline_kib] = rss0;
    out.metrics[metric_keys::mem_held_kib] = rss1;
    out.metrics[metric_keys::mem_per_unit_kib] = per_unit(rss0, rss1, n);
  }
  // Machine-wide: anything else the machine did meanwhile lands here too.
  out.metrics[metric_keys::kernel_stack_per_unit_kib] = kstack0 && kstack1 ? json::value(per_unit(*kstack0, *kstack1, n)) : json::value(nullptr);
  out.metrics[metric_keys::page_tables_per_unit_kib] = tables0 && tables1 ? json::value(per_unit(*tables0, *tables1, n)) : json::value(nullptr);
  out.metrics[metric_keys::alive_when_sampled] = alive;
  out.metrics["os_threads_when_sampled"] = threads;
}

// CPU time and page faults of this process and its reaped children (procs' units).
struct usage {
  double user_s = 0, sys_s = 0, minor = 0, major = 0;
  static usage now() {
    usage u;
    for (int who : {RUSAGE_SELF, RUSAGE_CHILDREN}) {
      rusage r{};
      getrusage(who, &r);
      u.user_s += static_cast<double>(r.ru_utime.tv_sec) + static_cast<double>(r.ru_utime.tv_usec) * 1e-6;
      u.sys_s += static_cast<double>(r.ru_stime.tv_sec) + static_cast<double>(r.ru_stime.tv_usec) * 1e-6;
      u.minor += static_cast<double>(r.ru_minflt);
      u.major += static_cast<double>(r.ru_majflt);
    }
    return u;
  }
  usage operator-(const usage& o) const { return {user_s - o.user_s, sys_s - o.sys_s, minor - o.minor, major - o.major}; }
  usage& operator+=(const usage& o) {
    user_s += o.user_s, sys_s += o.sys_s, minor += o.minor, major += o.major;
    return *this;
  }
};

// Why a unit costs what it costs: the runs at the largest count, per unit they created.
void record_usage(const usage& u, double units, const unit_probe& probe, outcome& out) {
  out.metrics[metric_keys::minor_faults_per_unit] = u.minor / units;
  out.metrics[metric_keys::major_faults_per_unit] = u.major / units;
  out.metrics[metric_keys::sys_ns_per_unit] = u.sys_s / units * 1e9;
  out.metrics[metric_keys::user_ns_per_unit] = u.user_s / units * 1e9;
  const double cpu = u.user_s + u.sys_s;
  out.metrics[metric_keys::kernel_share] = cpu > 0 ? json::value(u.sys_s / cpu) : json::value(nullptr);
  const auto stack = probe.unit_stack_bytes();
  out.metrics[metric_keys::unit_stack_kib] = stack ? json::value(static_cast<double>(*stack) / 1024) : json::value(nullptr);
}

void measure_time(unit_probe& probe, std::size_t largest, int repeat, outcome& out) {
  const auto counts = unit_counts(largest);
  probe.spawn_join(std::min<std::size_t>(largest, 100));  // warm-up: first-touch, caches, lazy binding
  std::vector<std::vector<double>> times(counts.size());
  usage at_largest;
  // Repetitions go round the counts, so a slow spell of the machine spreads over them all.
  for (int r = 0; r < repeat; ++r)
    for (std::size_t i = 0; i < counts.size(); ++i) {
      const usage u0 = usage::now();
      const auto t0 = clock_type::now();
      probe.spawn_join(counts[i]);
      times[i].push_back(std::chrono::duration<double>(clock_type::now() - t0).count());
      if (i + 1 == counts.size()) at_largest += usage::now() - u0;
    }
  record_usage(at_largest, static_cast<double>(largest) * repeat, probe, out);
  std::vector<double> x, y;
  json::array points;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    x.push_back(static_cast<double>(counts[i]));
    y.push_back(stats::median(times[i]));
    points.push_back(json::array{counts[i], y.back()});
  }
  out.metrics["fit_points"] = std::move(points);
  out.metrics["per_unit_ns_at_max"] = y.back() / x.back() * 1e9;
  if (counts.size() < 2) {  // units=1: nothing to fit
    out.metrics[metric_keys::per_unit_ns] = y.back() * 1e9;
    out.metrics[metric_keys::per_unit_r2] = nullptr;
    out.metrics["fit_intercept_us"] = nullptr;
    return;
  }
  const auto f = stats::fit_line(x, y);  // counts are distinct, so a line always fits
  out.metrics[metric_keys::per_unit_ns] = f->b * 1e9;
  out.metrics[metric_keys::per_unit_r2] = f->r2;
  out.metrics["fit_intercept_us"] = f->a * 1e6;
}

outcome spawn_run(const std::string& model_name, model& m, const run_context& ctx) {
  const auto t0 = clock_type::now();
  outcome out;
  placed_probe placed = place_probe(model_name, m, ctx, out);
  unit_probe* probe = placed.probe.get();
  const auto asked = static_cast<std::size_t>(ctx.values.integer("units"));
  const std::size_t units = asked == 0 ? default_spawn_units(model_name, spawn_mode_of(ctx.values)) : asked;
  out.metrics["unit"] = probe->unit_name();
  out.metrics[metric_keys::units] = units;
  // Memory first, in a process that has not yet created and freed units by the thousand.
  measure_memory(*probe, units, out);
  measure_time(*probe, units, static_cast<int>(ctx.values.integer("repeat")), out);
  out.run_s = std::chrono::duration<double>(clock_type::now() - t0).count();
  return out;
}

// "serial 1000000, threads 10000, procs 1000 fork / 300 exec, async and fibers 100000":
// each model's default units, models with the same one named together.
std::string default_units_by_model() {
  std::vector<std::pair<std::string, std::string>> runs;  // models, their default
  for (const auto& name : models_running(scenario_names::spawn)) {
    const model_info& m = *find_model_info(name);
    std::string units = std::to_string(m.spawn_units);
    // append(), not operator+: g++ 12 warns falsely (-Wrestrict) on " " + std::string.
    if (m.exec_spawn_units)
      units.append(" ").append(to_string(spawn_mode::fork)).append(" / ").append(std::to_string(m.exec_spawn_units))
          .append(" ").append(to_string(spawn_mode::exec));
    if (!runs.empty() && runs.back().second == units)
      runs.back().first += " and " + name;
    else
      runs.emplace_back(name, units);
  }
  std::vector<std::string> parts;
  for (const auto& [models, units] : runs) parts.push_back(models + " " + units);
  return join(parts, ", ");
}

// What a run holds at once, for the preflight (scenario/preflight.hpp): `units` alive together.
run_demand spawn_demand(std::string_view model, const values_map& v) {
  const auto asked = std::stoull(v.at("units"));
  const auto spawn = v.find(param_names::spawn);
  const spawn_mode mode = spawn == v.end() ? spawn_mode::fork : parse_spawn_mode(spawn->second);
  return run_demand{.units = asked == 0 ? default_spawn_units(model, mode) : asked, .lower = "units"};
}

scenario_def spawn_scenario() {
  scenario_def def;
  def.spec.summary = "create, start and join units that do nothing, at 1, 3, 10, ... units; then hold units alive at once";
  def.spec.params = {{.name = "units",
                      .default_value = "0",
                      .max = 1e7,
                      .help = "largest unit count, also the count held alive for memory; 0 = the model's default (" +
                              default_units_by_model() + ")"},
                     spec::stack_kib(),
                     spec::fiber_stack(),
                     {.name = "repeat",
                      .default_value = "3",
                      .min = 1,
                      .max = 1000,
                      .help = "timings per unit count; the fit takes their median"},
                     spec::spawn(),
                     spec::for_models_taking({.name = "exec_target",
                                              .kind = param_kind::choice,
                                              .default_value = "self",
                                              .choices = {"self", "true"},
                                              .help = "with spawn=exec, what a unit launches: the model executable "
                                                      "itself (--unit=exit) or /bin/true"}),
                     spec::pin()};
  def.run = spawn_run;
  def.demand = spawn_demand;
  return def;
}

const register_scenario registered{scenario_names::spawn, spawn_scenario};

}  // namespace

}  // namespace lab
