#include "sweep/sweep.hpp"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>

#include "sweep/check_plan.hpp"
#include "core/error.hpp"
#include "measure/machine.hpp"
#include "output/record_writer.hpp"
#include "sweep/adaptive.hpp"
#include "sweep/config.hpp"
#include "sweep/results_file.hpp"

namespace lab {

namespace {

std::size_t count_warmups(const std::vector<plan_entry>& todo) {
  std::set<std::string> points;
  std::size_t n = 0;
  for (const auto& e : todo)
    if (e.warmup > 0 && points.insert(e.point).second) n += static_cast<std::size_t>(e.warmup);
  return n;
}

// run_point turns run failures into records; anything else it throws becomes one too, so
// one bad point cannot end the sweep.
record run_entry(const plan_entry& e, const std::string& bin_dir, const std::string& trace_file = "") {
  try {
    run_request req = e.request;
    req.trace_file = trace_file;
    return run_point(req, e.rep, bin_dir);
  } catch (const std::exception& err) {
    record r;
    r.scenario = e.request.scenario;
    r.model = e.request.model;
    r.params = e.params;
    r.rep = e.rep;
    r.ok = false;
    r.error = err.what();
    r.machine = this_machine();
    return r;
  }
}

void annotate(record& r, const plan_entry& e) {
  r.experiment = e.experiment;
  r.config = e.config;
  r.round = e.rep;
  r.order_seed = e.order_seed;
  r.point = e.index;
}

// A traced experiment's timelines go beside the results: results/seed.jsonl -> results/seed.traces/.
// Only round 0 is traced, the first recorded run of each point: one timeline per point is
// the picture, and the other rounds stay untouched by tracing.
std::string trace_file_of(const plan_entry& e, const std::string& out) {
  if (!e.request.trace || e.rep != 0) return "";
  std::filesystem::path dir = out.empty() ? std::filesystem::path("traces") : std::filesystem::path(out);
  if (!out.empty()) dir.replace_extension(".traces");
  return trace_file_name(dir.string(), e.experiment, e.request, e.rep);
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

sweep_work prepare_sweep(const sweep_settings& o) {
  if (o.resume && o.fresh) throw usage_error("--resume and --fresh exclude each other");
  sweep_work w;
  w.part = parse_shard(o.shard);
  const auto experiments = read_configs(o.configs);
  const auto plan = make_plan(experiments);
  w.experiments = experiments.size();
  w.planned = plan.size();
  auto mine = select_shard(plan, w.part);
  if (o.check) {
    const auto check = check_experiments();
    auto checks = make_plan(check);
    place_check_runs(checks);
    for (auto& c : checks) c.index += plan.size();  // the configs' own indices stay those of every shard
    w.planned += checks.size();
    w.experiments += check.size();
    mine.insert(mine.begin(), std::make_move_iterator(checks.begin()), std::make_move_iterator(checks.end()));
  }
  w.in_shard = mine.size();
  if (o.check && !o.resume) w.cpu_moments = cpu_moments_to_run(default_check_reps);
  if (o.resume) {
    const auto recorded = read_recorded_runs(o.out);
    if (o.check) w.cpu_moments = cpu_moments_to_run(default_check_reps, &recorded.keys);
    w.unreadable = recorded.unreadable;
    for (auto& e : mine) {
      if (recorded.keys.count(run_key(e.point, e.rep)))
        ++w.skipped;
      else
        w.todo.push_back(std::move(e));
    }
  } else {
    w.todo = std::move(mine);
  }
  w.warmups = count_warmups(w.todo);
  return w;
}

sweep_work prepare_check(int reps) {
  sweep_work w;
  const auto experiments = check_experiments(reps > 0 ? reps : default_check_reps);
  w.todo = make_plan(experiments);
  place_check_runs(w.todo);
  w.cpu_moments = cpu_moments_to_run(reps > 0 ? reps : default_check_reps);
  w.experiments = experiments.size();
  w.planned = w.in_shard = w.todo.size();
  return w;
}

void write_plan(std::ostream& out, const sweep_work& w) {
  out << "# " << plural(w.todo.size(), "run", "runs") << " to do";
  if (w.warmups) out << " (and " << plural(w.warmups, "warm-up run", "warm-up runs") << ", not recorded)";
  out << "; " << plural(w.experiments, "experiment", "experiments") << ", " << plural(w.planned, "run", "runs")
      << " in the plan";
  if (w.part.n > 1) out << ", " << w.in_shard << " in shard " << w.part.k << "/" << w.part.n;
  if (w.skipped) out << ", " << w.skipped << " already recorded";
  out << '\n';
  if (!w.cpu_moments.empty())
    out << "# first the CPU comparison: " << plural(w.cpu_moments.size(), "moment", "moments") << " of "
        << plural(runs_per_cpu_moment(), "run", "runs") << " at once, one pinned to each CPU (check:cpus)\n";
  write_plan(out, w.todo);
}

sweep_summary run_sweep(const sweep_work& work, const sweep_settings& o, const sweep_hooks& hooks) {
  std::optional<results_file> out;
  if (!o.out.empty()) out.emplace(o.out, o.fresh);
  const std::string bin_dir = hooks.bin_dir.empty() ? default_bin_dir() : hooks.bin_dir;
  const auto t0 = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
  auto stop = [&] { return hooks.stop_requested && hooks.stop_requested(); };

  sweep_summary s;
  s.total = work.todo.size() + work.cpu_moments.size() * runs_per_cpu_moment();
  for (int m : work.cpu_moments) {
    if (stop()) break;
    for (record& r : run_check_moment(m, bin_dir)) {
      if (!r.ok && stop()) break;
      if (out) out->append(to_json_line(r));
      if (hooks.on_record) hooks.on_record(r);
      ++s.recorded;
      if (!r.ok) ++s.failed;
    }
  }
  std::set<std::string> warmed;
  adaptive_rounds rounds;
  for (const auto& e : work.todo) {
    if (stop()) break;
    if (!rounds.wanted(e)) continue;
    const double started = elapsed();
    if (e.warmup > 0 && warmed.insert(e.point).second) {
      for (int i = 0; i < e.warmup && !stop(); ++i) {
        if (hooks.progress) hooks.progress->run_started(e, true, s.recorded, s.total, elapsed());
        const record r = run_entry(e, bin_dir);
        ++s.warmups;
        if (hooks.progress) hooks.progress->run_finished(e, true, r, s.recorded, s.total, elapsed());
      }
      if (stop()) break;
    }
    if (hooks.progress) hooks.progress->run_started(e, false, s.recorded, s.total, elapsed());
    record r = run_entry(e, bin_dir, trace_file_of(e, o.out));
    if (!r.ok && stop()) break;  // cut short by the stop: no measurement, --resume reruns it
    rounds.recorded(e, r, elapsed() - started);
    annotate(r, e);
    if (out) out->append(to_json_line(r));
    if (hooks.on_record) hooks.on_record(r);
    ++s.recorded;
    if (!r.ok) ++s.failed;
    if (hooks.progress) hooks.progress->run_finished(e, false, r, s.recorded, s.total, elapsed());
  }
  s.not_needed = rounds.skipped();
  s.interrupted = s.recorded + s.not_needed < s.total;
  s.elapsed_s = elapsed();
  if (hooks.progress) hooks.progress->sweep_finished(s.recorded, s.total, s.elapsed_s);
  return s;
}

std::string describe(const sweep_summary& s, const sweep_work& w, const sweep_settings& o) {
  std::string text;
  if (s.interrupted)
    text = "interrupted: " + std::to_string(s.recorded) + " of " + std::to_string(s.total) + " runs recorded in " +
           o.out + " (--resume runs the rest)";
  else
    text = plural(s.recorded, "run", "runs") + " recorded in " + o.out;
  if (s.not_needed) text += " (" + plural(s.not_needed, "planned run", "planned runs") + " not needed: reps = auto)";
  if (s.failed) text += ", " + std::to_string(s.failed) + " failed";
  if (w.skipped) text += ", " + std::to_string(w.skipped) + " already there skipped";
  if (w.unreadable) text += ", " + plural(w.unreadable, "unreadable line", "unreadable lines") + " ignored";
  if (s.elapsed_s < 60) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "; %.1f s", s.elapsed_s);
    text += buf;
  } else {
    text += "; " + format_duration(s.elapsed_s);
  }
  return text;
}

}  // namespace lab
