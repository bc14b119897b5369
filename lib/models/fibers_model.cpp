// fibers: stackful coroutines (Boost.Fiber) M:N on loop_threads carrier threads. `workers`
// fibers pull task indices; a task gives its carrier away where it yields or sleeps through
// its unit (task_fn::cooperative), never by blocking the thread.
#include <atomic>
#include <chrono>

#include <boost/context/stack_traits.hpp>
#include <boost/fiber/operations.hpp>

#include "models/fibers.hpp"
#include "models/unit_probe.hpp"

namespace lab {

namespace {

class fiber_unit final : public unit_context {
 public:
  void yield() override { boost::this_fiber::yield(); }
  void sleep_for(std::chrono::nanoseconds d) override { boost::this_fiber::sleep_for(d); }
};

class fibers_model final : public model {
 public:
  fibers_model(std::size_t carriers, std::size_t stack_bytes) : carriers_(carriers), stack_bytes_(stack_bytes) {}

  std::vector<task_result> run_tasks(const task_plan& plan) override {
    std::vector<task_result> results(plan.tasks);
    std::atomic<std::size_t> next{0};
    auto worker = [&](std::size_t) {
      fiber_unit unit;
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= plan.tasks) return;
        const auto t0 = std::chrono::steady_clock::now();
        const double v = plan.fn.cooperative ? plan.fn.cooperative(i, unit) : plan.fn.blocking(i);
        results[i] = {v, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count()};
      }
    };
    carriers_cpu_s_ = run_fibers(carriers_, plan.tasks == 0 ? 0 : concurrency(plan), stack_bytes_, worker);
    return results;
  }

  std::size_t parallelism(const task_plan& plan) const override { return std::min(carriers_, concurrency(plan)); }

  double units_cpu_s() const override { return carriers_cpu_s_; }

  boost::json::object metrics() const override {
    return {{"carriers", carriers_}, {"stack_kib", stack_bytes_ / 1024},
            {"scheduler", carriers_ > 1 ? "work_stealing" : "round_robin"}};
  }

  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_fibers_probe(ctx); }

 private:
  std::size_t carriers_;
  std::size_t stack_bytes_;
  double carriers_cpu_s_ = 0;
};

}  // namespace

std::unique_ptr<model> make_fibers_model(const run_context& ctx) {
  // Scenarios that measure the bare units (spawn, switch) have no loop_threads: one carrier.
  const auto carriers = ctx.values.has("loop_threads") ? ctx.values.integer("loop_threads") : 1;
  return std::make_unique<fibers_model>(static_cast<std::size_t>(carriers), fiber_stack_bytes(ctx.values));
}

}  // namespace lab
