#include "sweep/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <set>
#include <unordered_set>

#include "sweep/check_plan.hpp"
#include "check/fairness.hpp"
#include "core/error.hpp"
#include "core/fnv1a.hpp"
#include "measure/machine.hpp"
#include "output/record_writer.hpp"
#include "sweep/adaptive.hpp"
#include "sweep/config.hpp"
#include "sweep/results_file.hpp"
#include "sweep/scheduler_shard.hpp"
#include "workload/sum.hpp"

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

// Every record of a sweep, the check's included: which lab wrote it, and which shard.
void stamp(record& r, const sweep_work& w) {
  r.lab_version = lab_version();
  if (w.shard_label.empty()) return;
  r.shard = w.shard_label;
  r.sweep_plan = w.sweep_plan;
}

// Shards of one sweep agree on every experiment and its plan; lab merge refuses any others.
std::string sweep_plan_hash(const std::vector<plan_entry>& plan) {
  fnv1a h;
  const std::string* last = nullptr;
  for (const auto& e : plan) {
    if (last && *last == e.experiment) continue;
    last = &e.experiment;
    h.add(e.experiment);
    h.add('\0');
    h.add(e.plan_hash);
    h.add('\n');
  }
  h.add_word(plan.size());
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
  return hex;
}

void annotate(record& r, const plan_entry& e, double seconds) {
  r.experiment = e.experiment;
  r.config = e.config;
  r.round = e.rep;
  r.order_seed = e.order_seed;
  r.point = e.index;
  r.plan = e.plan_hash;
  r.sweep_s = seconds;
  if (!e.p99_margin.empty()) r.p99_margin = e.p99_margin;
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

// --resume appends only to a results file of this plan: one whose every line is unreadable is
// not results (appending would bury the runs in it), and an experiment whose records carry
// another plan hash was planned differently (its config changed), so its runs are not these.
void check_resumable(const recorded_runs& recorded, const std::vector<plan_entry>& mine, const std::string& out) {
  if (recorded.records == 0 && recorded.unreadable > 0)
    throw usage_error("--resume: " + out + " is not a results file: none of its " +
                      std::to_string(recorded.unreadable) + " lines is a record (" + recorded.first_unreadable +
                      "); give another --out, or --fresh to replace it");
  if (!recorded.plan_conflict.empty())
    throw usage_error("--resume: " + out + " holds runs of experiment '" + recorded.plan_conflict +
                      "' from two different plans; it cannot be resumed (--fresh, or another --out)");
  for (const auto& v : recorded.lab_versions)
    if (v != lab_version())
      throw usage_error("--resume: " + out + " holds runs of lab " + v + ", and this is lab " + lab_version() +
                        ": one results file holds one lab's runs; resume with that lab, or --fresh / another --out");
  std::map<std::string, const std::string*> planned;
  for (const auto& e : mine) planned.emplace(e.experiment, &e.plan_hash);
  for (const auto& [name, hash] : recorded.plans)
    if (const auto it = planned.find(name); it != planned.end() && *it->second != hash)
      throw usage_error("--resume: " + out + " holds runs of experiment '" + name +
                        "' planned differently (its config, or the CPU count its `cpus` stands for, has changed "
                        "since: points, reps, warm-up, timeout or order); --fresh to start anew, or another --out");
}

// --resume: the entries `out` holds are skipped; those of reps = auto experiments are kept
// beside the todo list, in their places, for the adaptive rounds to decide from again.
void skip_recorded(sweep_work& w, std::vector<plan_entry>& mine, const std::string& out, bool check) {
  std::unordered_set<std::string> wanted;
  for (const auto& e : mine) wanted.insert(run_key(e.point, e.rep));
  if (check)
    for (auto& k : cpu_moment_keys(default_check_reps)) wanted.insert(std::move(k));
  const auto recorded = read_recorded_runs(out, &wanted);
  check_resumable(recorded, mine, out);
  w.unreadable = recorded.unreadable;
  if (check)
    w.cpu_moments = cpu_moments_to_run(default_check_reps, [&](const std::string& k) { return recorded.keys.count(k) > 0; });
  for (auto& e : mine) {
    const auto it = recorded.keys.find(run_key(e.point, e.rep));
    if (it == recorded.keys.end()) {
      w.todo.push_back(std::move(e));
      continue;
    }
    ++w.skipped;
    if (e.adaptive) w.recorded.push_back({w.todo.size(), std::move(e), it->second});
  }
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

sweep_work prepare_sweep(const sweep_settings& o) {
  if (o.resume && o.fresh) throw usage_error("--resume and --fresh exclude each other");
  sweep_work w;
  w.part = resolve_shard(o.shard, process_environment());
  if (!o.shard.empty()) w.shard_label = std::to_string(w.part.k) + "/" + std::to_string(w.part.n);
  const auto experiments = read_configs(o.configs);
  const auto plan = make_plan(experiments);
  w.experiments = experiments.size();
  for (const auto& e : experiments) w.cpus = std::max(w.cpus, e.cpus);
  w.planned = plan.size();
  w.sweep_plan = sweep_plan_hash(plan);
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
  if (!o.dry_run && !o.out.empty()) {
    w.out = std::make_shared<results_file>(o.out, o.fresh);
    if (w.out->size_at_open() > 0 && !o.resume && !o.fresh)
      throw usage_error(o.out + " already holds results: --resume to add the runs it lacks, --fresh to start it anew");
  }
  if (o.resume) {
    skip_recorded(w, mine, o.out, o.check);
  } else {
    w.todo = std::move(mine);
    if (o.check) w.cpu_moments = cpu_moments_to_run(default_check_reps);
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
  if (w.cpus > 0)
    out << "# `cpus` in the configs stands for " << w.cpus << ", the CPUs this sweep may use: another machine plans "
        << "differently\n";
  if (std::any_of(w.todo.begin(), w.todo.end(),
                  [](const plan_entry& e) { return fairness::is_check_experiment(e.experiment); }))
    out << "# in the order they run: the fairness check first; its point numbers follow the configs' so that "
           "those are the same in every shard\n";
  if (!w.cpu_moments.empty())
    out << "# first the CPU comparison: " << plural(w.cpu_moments.size(), "moment", "moments") << " of "
        << plural(runs_per_cpu_moment(), "run", "runs") << " at once, one pinned to each CPU (check:cpus)\n";
  write_plan(out, w.todo);
}

sweep_summary run_sweep(const sweep_work& work, const sweep_settings& o, const sweep_hooks& hooks) {
  std::shared_ptr<results_file> out = work.out;
  if (!out && !o.out.empty()) out = std::make_shared<results_file>(o.out, o.fresh);
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
      stamp(r, work);
      if (out) out->append(to_json_line(r));
      if (hooks.on_record) hooks.on_record(r);
      ++s.recorded;
      if (!r.ok) ++s.failed;
    }
  }
  std::set<std::string> warmed;
  adaptive_rounds rounds;
  auto replayed = work.recorded.begin();
  for (std::size_t i = 0; i < work.todo.size(); ++i) {
    const plan_entry& e = work.todo[i];
    for (; replayed != work.recorded.end() && replayed->before <= i; ++replayed)
      rounds.replay(replayed->entry, replayed->run.ok, replayed->run.measure, replayed->run.seconds);
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
    const double seconds = elapsed() - started;
    rounds.recorded(e, r, seconds);
    annotate(r, e, seconds);
    stamp(r, work);
    if (hooks.before_write) hooks.before_write(r);
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

std::string lab_version() { return LAB_VERSION " (workload " + std::to_string(workload_version) + ")"; }

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
