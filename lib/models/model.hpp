#pragma once
// One interface for a concurrency model: run `tasks` independent tasks with at most
// `workers` in flight and return each task's value and duration, in task order. The
// scenario decides what a task does; the model decides only how tasks are scheduled.
#include <algorithm>
#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>

#include "core/params.hpp"

namespace lab {

// What a task may ask of the unit running it where units share a carrier thread without an
// event loop (fibers): hand the CPU to the next ready unit, or sleep without blocking the thread.
class unit_context {
 public:
  virtual void yield() = 0;
  virtual void sleep_for(std::chrono::nanoseconds d) = 0;

 protected:
  ~unit_context() = default;
};

// A task in the forms the models need: a blocking call for serial, threads and procs, a
// coroutine for async, which must await rather than block, and a call that yields and sleeps
// through its unit for fibers (unset: the scenario's blocking form is fine on a fiber).
struct task_fn {
  std::function<double(std::size_t task)> blocking;
  std::function<boost::asio::awaitable<double>(std::size_t task)> awaitable;
  std::function<double(std::size_t task, unit_context& unit)> cooperative;
};

struct task_plan {
  std::size_t tasks = 0;
  std::size_t workers = 0;  // units in flight; serial ignores it
  task_fn fn;
  bool measure_cpu = false;  // fill task_result::cpu_s (blocking models)
  // What a scenario's tasks share with its finish step (counters, per-task figures).
  std::shared_ptr<void> state;
};

struct task_result {
  double value = 0;
  double seconds = 0;  // the task's own duration, start to end, on the unit that ran it
  double cpu_s = 0;    // CPU time the task took on that unit (its thread's CPU clock)
};

// Where the running executable is and how it was asked to run, for models that start
// copies of themselves (procs with spawn=exec).
struct run_context {
  std::string self_exe;
  std::string scenario;
  params values;
};

class unit_probe;  // models/unit_probe.hpp

class model {
 public:
  virtual ~model() = default;
  // Throws run_error when a unit cannot be created or dies; no unit is left behind.
  virtual std::vector<task_result> run_tasks(const task_plan& plan) = 0;
  // Units in flight at once: 1 for serial, else min(workers, tasks).
  virtual std::size_t concurrency(const task_plan& plan) const {
    return std::max<std::size_t>(1, std::min(plan.workers, plan.tasks));
  }
  // Tasks that can compute at once (for ideal_s): 1 for serial and for a one-thread loop.
  virtual std::size_t parallelism(const task_plan& plan) const { return concurrency(plan); }
  // What the model measured about itself in the last run_tasks (procs: memory summed over
  // its processes); merged into the outcome's metrics.
  virtual boost::json::object metrics() const { return {}; }
  // CPU time its own units spent in the last run_tasks where only the model can tell (async:
  // its loop threads, whose tasks cannot be told apart by a CPU clock); 0 where it cannot.
  virtual double units_cpu_s() const { return 0; }
  // The model's bare units, for the spawn and switch scenarios (models/unit_probe.hpp);
  // null for a model that has none to measure.
  virtual std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const;
};

using model_factory = std::function<std::unique_ptr<model>(const run_context&)>;

std::unique_ptr<model> make_serial_model(const run_context& ctx);
std::unique_ptr<model> make_threads_model(const run_context& ctx);
std::unique_ptr<model> make_procs_model(const run_context& ctx);
std::unique_ptr<model> make_async_model(const run_context& ctx);
std::unique_ptr<model> make_fibers_model(const run_context& ctx);

}  // namespace lab
