#include "child/model_main.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <exception>
#include <new>
#include <optional>

#include <boost/program_options.hpp>

#include "core/error.hpp"
#include "core/fd_limit.hpp"
#include "core/resource_hint.hpp"
#include "core/text.hpp"
#include "models/factories.hpp"
#include "models/handoff.hpp"
#include "models/slice.hpp"
#include "record/child_result.hpp"
#include "scenario/scenario.hpp"
#include "trace/session.hpp"
#include "workload/kernel.hpp"

namespace lab {

namespace po = boost::program_options;
namespace json = boost::json;

namespace {

// Where the timed code came from, for the record: the fairness check compares it between
// models (one shared object, one offset, by construction).
json::object code_json() {
  const auto k = kernel_code();
  const auto slash = k.object.rfind('/');
  json::object c;
  c["library"] = std::string(slash == std::string_view::npos ? k.object : k.object.substr(slash + 1));
  c["kernel_offset"] = static_cast<std::uint64_t>(k.offset);
  return c;
}

// --kernel-info prints the path of the loaded file that holds the kernel and its offset in it.
// A bare unit for the spawn scenario's exec mode (models/procs_probe.cpp), checked before
// any parsing so that it costs what starting this executable costs: --unit=exit ends at
// once; --unit=hold writes one byte to stdout once it is up, then blocks reading stdin until
// end of file.
std::optional<int> bare_unit(int argc, char** argv) {
  if (argc != 2) return std::nullopt;
  if (std::strcmp(argv[1], "--kernel-info") == 0) {  // the construction test asks this
    const auto k = kernel_code();
    std::cout << k.object << ' ' << k.offset << '\n';
    return std::cout.good() ? 0 : 1;
  }
  if (std::strcmp(argv[1], "--unit=exit") == 0) return 0;
  if (std::strcmp(argv[1], "--unit=hold") != 0) return std::nullopt;
  if (!send_token(STDOUT_FILENO)) return 3;
  while (take_token(STDIN_FILENO)) {
  }
  return 0;
}

struct trace_request {
  std::string file;
  std::int64_t cap = 0, epoch = 0;
};

void start_trace(const run_context& ctx, const std::string& model_name, const std::string& worker,
                 const trace_request& t) {
  json::object about;
  about["scenario"] = ctx.scenario;
  about["model"] = model_name;
  json::object given;
  for (const auto& [key, value] : ctx.values.as_assignments()) given[key] = value;
  about["params"] = std::move(given);
  trace::start({t.file, t.cap, t.epoch,
                worker.empty() ? "lab-" + model_name : "lab-" + model_name + " worker " + worker, std::move(about)});
}

// Written after the work, and timed, so the driver can leave the tracer's own write out of
// the run's wall.
json::object finish_trace() {
  const auto t0 = std::chrono::steady_clock::now();
  json::object written = trace::to_json(trace::finish());
  written["write_s"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return written;
}

// A procs exec worker: take tasks from the parent's queue, write their lines to stdout.
int run_worker(const scenario_def& def, const run_context& ctx, const std::string& worker,
               const std::string& task_queue) {
  std::size_t k = 0, n = 0;
  char tail = 0;
  if (std::sscanf(worker.c_str(), "%zu/%zu%c", &k, &n, &tail) != 2 || n == 0 || k >= n || !def.prepare)
    throw usage_error("bad --worker '" + worker + "' (expected K/N with K < N, for a task scenario)");
  if (task_queue.empty()) throw usage_error("--worker needs --task-queue (the parent's, procs exec)");
  try {
    const auto prepared = def.prepare(ctx);
    shared_task_queue queue(task_queue, prepared.tasks.tasks);
    const bool written = write_slice(prepared.tasks, k, queue, STDOUT_FILENO);
    trace::finish();  // the parent merges this worker's events
    return written ? 0 : 3;
  } catch (const run_error& e) {  // a task failed: tell the parent why, on the slice's channel
    write_slice_error(STDOUT_FILENO, e.what());
    throw;
  }
}

// The result line of a run that ran out of memory where no run could catch it: in a
// destructor or a noexcept function (a pending coroutine frame freed as an io_context goes
// allocates), where the exception ends in std::terminate. Built before the run, so that
// reporting it allocates nothing.
std::string& out_of_memory_line() {
  static std::string line;
  return line;
}

[[noreturn]] void on_terminate() {
  if (const auto e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const std::bad_alloc&) {
      const std::string& line = out_of_memory_line();
      if (!line.empty() && ::write(STDOUT_FILENO, line.data(), line.size()) == static_cast<ssize_t>(line.size()))
        ::_exit(0);
    } catch (...) {
    }
  }
  std::abort();
}

// An allocation failure is a failed run with its reason, never an abort: what the driver
// reads from a child that died of SIGABRT is only "killed by a signal".
void report_out_of_memory_as_a_failed_run() {
  outcome oom;
  oom.ok = false;
  oom.error = "out of memory (" + memory_limit_hint() + ")";
  out_of_memory_line() = to_result_line(oom) + "\n";
  std::set_terminate(on_terminate);
}

}  // namespace

int model_main(int argc, char** argv, const std::string& model_name) {
  if (auto code = bare_unit(argc, argv)) return *code;
  raise_open_files_limit();  // the io scenario holds one socket per request in flight
  try {
    std::string scenario, worker, task_queue, trace_file;
    std::vector<std::string> sets;
    std::int64_t trace_epoch = 0, trace_cap = trace::default_cap;
    po::options_description opts("lab-" + model_name + " options");
    opts.add_options()("scenario", po::value(&scenario)->required(), "scenario to run")(
        "set", po::value(&sets)->composing(), "key=value parameter")("worker", po::value(&worker),
                                                                      "K/N: be worker K of N (procs exec)")(
        "task-queue", po::value(&task_queue), "the parent's shared task queue to take tasks from (procs exec)")(
        "trace", po::value(&trace_file), "write the run's timeline to this Trace Event Format file")(
        "trace-epoch", po::value(&trace_epoch), "the run's start on the steady clock, ns (procs exec workers)")(
        "trace-cap", po::value(&trace_cap), "events the run may record");
    po::variables_map vm;
    po::store(po::command_line_parser(argc, argv).options(opts).run(), vm);
    po::notify(vm);

    assignments values;
    for (const auto& s : sets) values.push_back(split_assignment(s));
    const scenario_def& def = find_scenario(scenario);
    run_context ctx{std::filesystem::canonical("/proc/self/exe").string(), scenario,
                    resolve(def.spec, model_name, values)};
    if (!trace_file.empty()) {
      if (trace_cap < 0) throw usage_error("--trace-cap must be at least 0");
      start_trace(ctx, model_name, worker, {trace_file, trace_cap, trace_epoch});
    }
    if (!worker.empty()) return run_worker(def, ctx, worker, task_queue);

    report_out_of_memory_as_a_failed_run();  // not in a worker: its stdout carries task lines
    auto m = model_factory_of(model_name)(ctx);
    outcome out = run_scenario(def, model_name, *m, ctx);
    out.code = code_json();
    if (!trace_file.empty()) out.trace = finish_trace();
    std::cout << to_result_line(out) << '\n' << std::flush;
    return 0;
  } catch (const usage_error& e) {
    std::cerr << "lab-" << model_name << ": " << one_line(e.what()) << '\n';
    return 2;
  } catch (const po::error& e) {
    std::cerr << "lab-" << model_name << ": " << one_line(e.what()) << '\n';
    return 2;
  } catch (const run_error& e) {
    // Only a --worker slice gets here (run_scenario turns run errors into outcomes).
    std::cerr << "lab-" << model_name << ": " << one_line(e.what()) << '\n';
    return 4;
  } catch (const std::bad_alloc&) {
    // Past run_scenario (making the model, writing the result): the run failed all the same.
    const std::string& line = out_of_memory_line();
    if (line.empty()) throw;  // a worker's: its parent fails the run
    std::cout << line << std::flush;
    return 0;
  }
}

}  // namespace lab
