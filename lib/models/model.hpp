#pragma once
// One interface for a concurrency model: run `tasks` independent tasks with at most
// `workers` in flight and return each task's value and duration, in task order. The
// scenario decides what a task does (models/task.hpp); the model decides only how tasks are
// scheduled and how their waits are carried out.
#include <algorithm>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/params.hpp"
#include "models/task.hpp"

namespace lab {

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
  virtual std::vector<task_result> run_tasks(const task_set& set) = 0;
  // Units in flight at once: 1 for serial, else min(workers, tasks).
  virtual std::size_t concurrency(const task_set& set) const {
    return std::max<std::size_t>(1, std::min(set.workers, set.tasks));
  }
  // Tasks that can compute at once (for ideal_s): 1 for serial and for a one-thread loop.
  virtual std::size_t parallelism(const task_set& set) const { return concurrency(set); }
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

// Each model registers its factory by name (models/factories.hpp).

}  // namespace lab
