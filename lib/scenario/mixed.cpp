// Scenario `mixed`, the seeds' headline: one request whose server computes `server_samples`
// Gaussian samples (S) while this process sums `local_samples` uniform samples (L). Two tasks,
// two units: task 0 the request (its total is the server's gaussian_sum(seed, 0, N)), task 1 the
// local uniform_sum(seed, 1, L). Serial runs them in that order, S + L; a concurrent model can
// overlap them, max(S, L). In async the local sum yields to the loop every `yield_every`
// samples so the request's socket gets serviced; yield_every=0 starves it.
#include <algorithm>
#include <chrono>


#include "catalog/scenarios.hpp"
#include "net/protocol.hpp"
#include "scenario/chunked_sum.hpp"
#include "scenario/common_params.hpp"
#include "scenario/net_tasks.hpp"
#include "scenario/scenario.hpp"
#include "trace/trace.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace {

// Task 0: the request, whose total is the server's.
task_body request_task(net::server_address server, std::string line, std::chrono::milliseconds timeout) {
  trace::span traced(trace::what::request, 0, trace::task_row);
  wait::round_trip request{&server, line, std::chrono::steady_clock::now() + timeout};
  const net::exchange_stamps answer = co_await request;
  co_return total_of(server, line, answer.answer);
}

// Task 1: the local sum.
task_body local_task(std::uint64_t seed, std::uint64_t samples, std::uint64_t every) {
  chunked_sum sum(dist::uniform, seed, 1, samples, every);
  while (sum.compute_chunk()) co_await wait::yield_now{};
  co_return sum.total();
}

task_set mixed_tasks_of(const params& p) {
  const auto server = server_of(p, "mixed");
  const auto timeout = std::chrono::milliseconds(p.integer("timeout_ms"));
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const auto local = static_cast<std::uint64_t>(p.integer("local_samples"));
  const std::uint64_t every = p.has("yield_every") ? static_cast<std::uint64_t>(p.integer("yield_every")) : 0;
  const std::string line =
      net::to_line(net::gauss_request{static_cast<std::uint64_t>(p.integer("server_samples")), seed});
  task_set set;
  set.tasks = 2;
  set.workers = 2;
  set.measure_cpu = true;
  set.body = [=](std::size_t task) {
    return task == 0 ? request_task(server, line, timeout) : local_task(seed, local, every);
  };
  return set;
}

// S and L are measured in this run, so where the two parts share a CPU (fewer free cores than
// parts) or the request waits on a greedy loop (yield_every=0), they stretch and max(S, L)
// follows them: compare a concurrent run's wall with the serial run's S and L for the limit
// of the parts alone.
void mixed_finish(const run_context& ctx, const task_set& set, const std::vector<task_result>& results,
                  const model& m, outcome& out) {
  // L is the local sum's CPU time where the model measures it (a span stretches while the
  // request's thread shares its CPU); in async the local sum's span is its chunks back to back.
  const double s = results.at(0).seconds;
  const double l = results.at(1).cpu_s > 0 ? results.at(1).cpu_s : results.at(1).seconds;
  out.ideal_s = m.concurrency(set) == 1 ? s + l : std::max(s, l);
  out.metrics[metric_keys::server_s] = s;
  out.metrics[metric_keys::local_s] = results.at(1).seconds;
  out.metrics["local_cpu_s"] = l;
  // How long both parts were under way at once: 0 where they ran in turn, whatever the wall
  // paid to start the units (a fork under a sanitizer) that a wall-clock comparison would count.
  const auto& a = results.at(0);
  const auto& b = results.at(1);
  out.metrics[metric_keys::overlap_s] =
      std::max(0.0, std::min(a.start_s + a.seconds, b.start_s + b.seconds) - std::max(a.start_s, b.start_s));
  out.metrics["server_total"] = net::format_total(results.at(0).value);  // checked by the driver (net_tasks)
  if (ctx.values.has("yield_every"))
    out.metrics[metric_keys::yields] = total_yields(results);
}

scenario_def mixed_scenario() {
  scenario_def def;
  def.spec.summary = "one lab-server request computing server_samples gauss samples while the client sums "
                      "local_samples uniform samples (the seeds' headline)";
  def.spec.params = {{.name = "server_samples",
                      .default_value = "80000000",
                      .max = 1e11,
                      .help = "Gaussian samples the server sums for the one request (S ~ 7.5 ns each)"},
                     {.name = "local_samples",
                      .default_value = "1200000000",
                      .max = 1e12,
                      .help = "uniform samples summed locally (L ~ 0.85 ns each)"},
                     spec::server(), spec::timeout_ms("120000"), spec::seed(), spec::spawn(), spec::loop_threads(),
                     spec::yield_every()};
  def.spec.needs_server = [](const params&) { return true; };
  def.spec.check_totals = wrong_mixed_total;
  def.prepare = [](const run_context& ctx) { return with_finish(ctx, mixed_tasks_of(ctx.values), mixed_finish); };
  return def;
}

const register_scenario registered{scenario_names::mixed, mixed_scenario};

}  // namespace

}  // namespace lab
