#include "driver/run_point.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <cstdio>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "core/error.hpp"
#include "core/fnv1a.hpp"
#include "core/text.hpp"
#include "core/wait_status.hpp"
#include "driver/round_cpu.hpp"
#include "measure/child_process.hpp"
#include "measure/machine.hpp"
#include "net/run_watch.hpp"
#include "net/server_process.hpp"
#include "record/child_result.hpp"
#include "record/record_keys.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace json = boost::json;

namespace {

// The last non-empty line of a child's output, whole: on stdout, its result.
std::string last_line(const std::string& text) {
  auto lines = split(text, '\n');
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    auto t = trim(*it);
    if (!t.empty()) return t;
  }
  return {};
}

// The last line of a child's stderr, cut short: usually the one that says what went wrong.
std::string with_detail(std::string message, const std::string& err) {
  const auto detail = one_line(last_line(err), 300);
  if (!detail.empty()) message += ": " + detail;
  return message;
}

// What went wrong with the child, or "" when it ended normally.
std::string failure_of(const child_run& run, const std::string& name, std::chrono::seconds timeout) {
  if (!run.started) return run.start_error;
  if (run.timed_out) return with_detail(name + " timed out after " + std::to_string(timeout.count()) + " s and was killed", run.err);
  if (!WIFEXITED(run.wait_status) || WEXITSTATUS(run.wait_status) != 0)
    return with_detail(name + " " + describe_wait_status(run.wait_status), run.err);
  return {};
}

}  // namespace

params validate(const run_request& req) {
  check_model(req.model);
  return resolve(find_scenario(req.scenario).spec, req.model, req.sets);
}

json::object typed_params(const scenario_spec& spec, const params& p) {
  json::object o;
  for (const auto& ps : spec.params) {
    if (!p.has(ps.name)) continue;
    // An empty text value is "unset" (server: the driver starts one): not part of the point.
    if (ps.kind == param_kind::text && p.text(ps.name).empty()) continue;
    switch (ps.kind) {
      case param_kind::integer: o[ps.name] = p.integer(ps.name); break;
      case param_kind::number: o[ps.name] = p.number(ps.name); break;
      default: o[ps.name] = p.text(ps.name); break;
    }
  }
  return o;
}

namespace {

// How many threads the model's process(es) ran its units on: serial one, async and fibers
// their loop threads, threads and procs their units (the record's `units` where the scenario
// sized them, as io does).
std::size_t client_threads(const std::string& model, const params& values, const boost::json::object& metrics) {
  const model_info* m = find_model_info(model);
  if (!m) return 1;
  std::size_t units = 1;
  const auto* counted = metrics.if_contains(metric_keys::units);
  if (counted && m->parallel_param == "workers")
    units = static_cast<std::size_t>(std::max(1.0, counted->to_number<double>()));
  else if (!m->parallel_param.empty() && values.has(m->parallel_param))
    units = static_cast<std::size_t>(std::max<std::int64_t>(1, values.integer(m->parallel_param)));
  return units + helper_threads(*m, values);
}

// The model process's command line: the scenario, every parameter, the trace file.
std::vector<std::string> child_args(const run_request& req, const assignments& values) {
  std::vector<std::string> args{"--scenario=" + req.scenario};
  for (const auto& [key, value] : values) {
    args.push_back("--set");
    args.push_back(key + "=" + value);
  }
  if (!req.trace_file.empty()) {
    std::error_code ec;
    const auto dir = std::filesystem::path(req.trace_file).parent_path();
    if (!dir.empty()) std::filesystem::create_directories(dir, ec);
    if (ec) throw usage_error("cannot create the trace folder '" + dir.string() + "': " + ec.message());
    args.push_back("--trace=" + req.trace_file);
  }
  return args;
}

// What the kernel measured: the wall clock, and wait4's rusage of the child and its reaped descendants.
void take_usage(record& r, const child_run& run) {
  r.wall_s = run.wall_s;
  r.user_s = static_cast<double>(run.usage.ru_utime.tv_sec) + run.usage.ru_utime.tv_usec / 1e6;
  r.sys_s = static_cast<double>(run.usage.ru_stime.tv_sec) + run.usage.ru_stime.tv_usec / 1e6;
  r.max_rss_kib = run.usage.ru_maxrss;
  r.nvcsw = run.usage.ru_nvcsw;
  r.nivcsw = run.usage.ru_nivcsw;
}

// A traced run whose timeline was not written (a full disk) failed: it was asked for a
// trace and has none. The record keeps why, and names no file that is not there.
void fail_unwritten_trace(record& r) {
  const json::value* file = r.trace->if_contains("file");
  const json::value* error = r.trace->if_contains("error");
  std::string why = error && error->is_string() ? std::string(error->get_string()) : "";
  std::error_code ec;
  if (why.empty() && file && file->is_string() && !std::filesystem::is_regular_file(std::string(file->get_string()), ec))
    why = "the file is not there";
  if (why.empty()) return;
  r.trace->erase("file");
  r.trace->insert_or_assign("error", why);
  if (!r.ok) return;  // the run's own failure comes first
  r.ok = false;
  r.error = "the trace was not written: " + why;
}

// What the child reported (record/child_result.hpp), and the page faults of the run's
// processes beside its units' accounting (wait4 counts the workers it reaped).
void take_outcome(record& r, outcome out, const child_run& run) {
  r.ok = out.ok;
  r.error = out.error;
  r.checksum = out.checksum;
  r.ideal_s = out.ideal_s;
  r.metrics = std::move(out.metrics);
  r.task_hash = out.task_hash;
  r.run_s = out.run_s;
  if (!out.code.empty()) r.code = std::move(out.code);
  if (!out.sched.empty()) {
    r.sched = std::move(out.sched);
    (*r.sched)[record_keys::sched_keys::minflt] = run.usage.ru_minflt;
    (*r.sched)[record_keys::sched_keys::majflt] = run.usage.ru_majflt;
    (*r.sched)[record_keys::sched_keys::load1] = load_average_1min();  // other programs' share of the waits
  }
  if (!out.trace.empty()) {
    // The timeline is written after the work, before the process exits: that is the tracer's
    // cost, not the model's, so the wall leaves it out and the record keeps it (trace.write_s).
    const json::value* w = out.trace.if_contains("write_s");
    if (w && w->is_number()) r.wall_s = std::max(0.0, r.wall_s - w->to_number<double>());
    r.trace = std::move(out.trace);
    fail_unwritten_trace(r);
  }
}

// What a run is before it runs: its point, the round, the machine.
record blank_record(const run_request& req, const scenario_spec& spec, const params& values, int rep) {
  record r;
  r.scenario = req.scenario;
  r.model = req.model;
  r.params = typed_params(spec, values);
  r.rep = rep;
  r.machine = this_machine();
  return r;
}

}  // namespace

record run_point(const run_request& req, int rep, const std::string& bin_dir) {
  const scenario_def& def = find_scenario(req.scenario);
  const params values = resolve(def.spec, req.model, req.sets);

  record r = blank_record(req, def.spec, values, rep);

  // Scenarios that talk to a lab-server get a fresh one per run unless the user named one:
  // a fresh port means no TIME_WAIT sockets left by the previous run (net/server_process.hpp).
  auto child_values = values.as_assignments();
  std::optional<net::server_process> server;
  if (def.spec.needs_server && def.spec.needs_server(values) && values.text("server").empty()) {
    try {
      server.emplace(net::server_process_options{bin_dir + "/lab-server"});
    } catch (const run_error& e) {
      r.ok = false;
      r.error = e.what();
      return r;
    }
    for (auto& [key, value] : child_values)
      if (key == "server") value = server->address();
    r.server = "started by the driver at " + server->address();
  }

  // Before the run: the server's and the kernel's counters, to say where the time went.
  std::optional<net::run_watch> watch;
  if (def.spec.needs_server && def.spec.needs_server(values))
    watch.emplace(net::parse_server_address(server ? server->address() : values.text("server")));

  const std::string name = find_model_info(req.model)->executable;
  const auto args = child_args(req, child_values);
  if (req.cpu >= 0) r.cpu = req.cpu;
  const child_run run = [&] {
    const scoped_cpu_pin pin(req.cpu);  // after the server started: it is not pinned
    return run_child(bin_dir + "/" + name, args, req.timeout);
  }();
  take_usage(r, run);

  if (auto failure = failure_of(run, name, req.timeout); !failure.empty()) {
    r.ok = false;
    r.error = failure;
    return r;
  }
  // The child's result line (record/child_result.hpp).
  const std::string line = last_line(run.out);
  outcome out;
  try {
    out = outcome_from_result_line(line);
  } catch (const std::runtime_error& e) {
    r.ok = false;
    r.error = with_detail(name + " returned no valid result (" + e.what() + ": " + quote(line) + ")", run.err);
    return r;
  }
  take_outcome(r, std::move(out), run);
  if (watch) watch->finish(r.user_s + r.sys_s, client_threads(req.model, values, r.metrics), r.metrics);
  // A server the user named is not trusted to compute what the lab's own does.
  if (r.ok && !server && def.spec.check_totals) r.error = def.spec.check_totals(values, r.metrics);
  r.ok = r.ok && r.error.empty();
  return r;
}

std::string trace_file_name(const std::string& dir, const std::string& experiment, const run_request& req, int rep) {
  const params values = resolve(find_scenario(req.scenario).spec, req.model, req.sets);
  fnv1a hasher;  // over the resolved parameters
  for (const auto& [key, value] : values.as_assignments()) hasher.add(key + "=" + value + ";");
  const std::uint64_t h = hasher.value();
  char hash[20];
  std::snprintf(hash, sizeof hash, "%08llx", static_cast<unsigned long long>(h & 0xffffffffULL));
  const std::string name = experiment + "-" + req.model + "-" + hash + "-" + std::to_string(rep) + ".trace.json";
  return dir.empty() ? name : (std::filesystem::path(dir) / name).string();
}

std::string default_bin_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return ".";
  // A build tree has them beside lab; an installed lab finds them in ../libexec (cmake/install.cmake).
  const auto here = exe.parent_path();
  const auto installed = here.parent_path() / "libexec" / "concurrency-lab";
  const std::string& model_exe = model_catalog().front().executable;  // any model's will do
  if (!std::filesystem::exists(here / model_exe, ec) && std::filesystem::exists(installed / model_exe, ec))
    return installed.string();
  return here.string();
}

}  // namespace lab
