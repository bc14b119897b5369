#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "core/fnv1a.hpp"
#include "core/registry.hpp"
#include "core/resource_hint.hpp"
#include "core/text.hpp"
#include "measure/unit_sched.hpp"
#include "models/run_start.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace {
using registration = std::pair<std::string, scenario_def (*)()>;  // the catalog name, the runner
}  // namespace

register_scenario::register_scenario(std::string_view name, scenario_def (*make)()) {
  registered<registration>().emplace_back(name, make);
}

const std::vector<scenario_def>& scenarios() {
  static const std::vector<scenario_def> all = [] {
    std::vector<scenario_def> defs;
    for (const scenario_info& info : scenario_catalog()) {
      const auto& runners = registered<registration>();
      const auto it = std::find_if(runners.begin(), runners.end(), [&](const registration& r) { return r.first == info.name; });
      // A catalog entry without a runner is a build that left out the scenario's file:
      // tests/catalog_test.cpp fails on it; here it is simply not offered.
      if (it == runners.end()) continue;
      scenario_def def = it->second();
      def.spec.name = info.name;
      def.spec.ideal = info.ideal;
      for (const std::string& m : model_names()) def.spec.model_fits.emplace_back(m, gap_reason(m, info.name));
      if (def.demand)  // every scenario's runs pass the one preflight, last, once their values are settled
        def.spec.settle = [settle = def.spec.settle, demand = def.demand, name = info.name](std::string_view model,
                                                                                            values_map& values) {
          if (settle) settle(model, values);
          preflight(name, model, demand(model, values));
        };
      defs.push_back(std::move(def));
    }
    return defs;
  }();
  return all;
}

std::vector<scenario_spec> scenario_specs() {
  std::vector<scenario_spec> specs;
  for (const auto& s : scenarios()) specs.push_back(s.spec);
  return specs;
}

const scenario_def& find_scenario(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& s : scenarios()) {
    if (s.spec.name == name) return s;
    names.push_back(s.spec.name);
  }
  throw unknown_choice("scenario", name, names);
}

outcome run_scenario(const scenario_def& def, const std::string& model_name, model& m,
                     const run_context& ctx) {
  outcome out;
  try {
    if (def.run) return def.run(model_name, m, ctx);
    const prepared_tasks run = def.prepare(ctx);
    run_start::reset();
    unit_sched::reset();
    const auto t0 = std::chrono::steady_clock::now();
    const auto results = m.run_tasks(run.tasks);
    out.run_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (run.tasks.account_units) out.sched = unit_sched::summary();
    out.checksum = checksum_of(results);
    out.task_hash = task_hash_of(results);
    out.metrics[metric_keys::tasks] = run.tasks.tasks;  // what tasks=0 / workers=0 resolved to
    out.metrics[metric_keys::units] = m.concurrency(run.tasks);
    for (const auto& kv : m.metrics()) out.metrics[kv.key()] = kv.value();
    run.finish(results, m, out);
  } catch (const run_error& e) {
    out = outcome{};
    out.ok = false;
    out.error = e.what();
  } catch (const std::bad_alloc&) {
    // Whatever allocated (a coroutine frame, a timer, a result vector), the run cannot go on;
    // by now the model's frames are freed again, so the record can still be written.
    out = outcome{};
    out.ok = false;
    out.error = "out of memory (" + memory_limit_hint() + ")";
  }
  return out;
}

std::string checksum_of(const std::vector<task_result>& results) {
  double sum = 0;
  for (const auto& r : results) sum += r.value;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.10f", sum);
  return buf;
}

std::string task_hash_of(const std::vector<task_result>& results) {
  fnv1a hasher;
  for (const auto& r : results) {
    std::uint64_t bits;
    std::memcpy(&bits, &r.value, sizeof bits);
    hasher.add_word(bits);
  }
  const std::uint64_t h = hasher.value();
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

prepared_tasks with_finish(const run_context& ctx, task_set tasks, plain_finish finish) {
  prepared_tasks run{std::move(tasks), {}};
  run.finish = [ctx, set = run.tasks, finish](const std::vector<task_result>& results, const model& m, outcome& out) {
    finish(ctx, set, results, m, out);
  };
  return run;
}

std::uint64_t total_yields(const std::vector<task_result>& results) {
  std::uint64_t n = 0;
  for (const auto& r : results) n += r.yields;
  return n;
}

std::size_t effective_workers(const params& p, std::size_t tasks) {
  if (!p.has("workers")) return 1;
  auto w = static_cast<std::size_t>(p.integer("workers"));
  return w == 0 ? std::max<std::size_t>(tasks, 1) : w;
}

}  // namespace lab
