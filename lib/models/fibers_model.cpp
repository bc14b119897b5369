// fibers: stackful coroutines (Boost.Fiber) M:N on loop_threads carrier threads. `workers`
// fibers pull task indices; a task gives its carrier away where it waits (yields, sleeps or
// waits on a socket, fibers_asio.hpp), never by blocking the thread.
#include <atomic>
#include <chrono>
#include <string>

#include <boost/context/stack_traits.hpp>
#include <boost/fiber/operations.hpp>

#include "core/error.hpp"
#include "models/factories.hpp"
#include "models/fibers.hpp"
#include "models/fibers_asio.hpp"
#include "models/unit_probe.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace {

using clock_type = std::chrono::steady_clock;

// Which part of a connection pool a fiber's carrier leases from (net::pool_share).
struct carrier_share {
  std::size_t index = 0;
  std::size_t of = 1;
};

// Runs a task on the calling fiber, each wait through Boost.Fiber's scheduler.
double run_on_fiber(task_body body, std::int64_t task, bool measure_busy, carrier_share share, task_result& r) {
  for (;;) {
    const auto t0 = measure_busy ? clock_type::now() : clock_type::time_point{};
    const task_wait* w = body.resume();
    if (measure_busy) r.busy_s += std::chrono::duration<double>(clock_type::now() - t0).count();
    if (!w) {
      r.figures = body.figures();
      return body.value();
    }
    if (std::holds_alternative<wait::compute_next>(*w)) continue;  // no CPU pool: it computes here
    if (std::holds_alternative<wait::yield_now>(*w)) {
      ++r.yields;
      trace::span waiting(trace::what::ready_wait, task, trace::task_row);
      boost::this_fiber::yield();
    } else if (const auto* g = std::get_if<wait::give_way_until>(w)) {
      while (!g->flag->load(std::memory_order_acquire)) boost::this_fiber::yield();
    } else if (const auto* s = std::get_if<wait::sleep_for>(w)) {
      trace::span traced(trace::what::timer, task, trace::task_row);
      boost::this_fiber::sleep_for(s->duration);
    } else if (const auto* u = std::get_if<wait::sleep_until>(w)) {
      boost::this_fiber::sleep_until(u->at);
    } else if (const auto* rt = std::get_if<wait::round_trip>(w)) {
      body.answer(fiber_round_trip(*rt, share.index, share.of));
    }
  }
}

class fibers_model final : public model {
 public:
  fibers_model(std::size_t carriers, fiber_stack stack, bool with_io)
      : carriers_(carriers), stack_(stack), with_io_(with_io) {}

  std::vector<task_result> run_tasks(const task_set& set) override {
    std::vector<task_result> results(set.tasks);
    std::atomic<std::size_t> next{0};
    const std::size_t fibers = set.tasks == 0 ? 0 : concurrency(set);
    // Each fiber has its own trace row, as async's coroutines do: fibers taking turns on one
    // carrier would otherwise overlap on the carrier's row, and no span would say which task
    // a chunk belongs to.
    auto worker = [&](std::size_t k) {
      const auto row = trace::first_coroutine_row + static_cast<std::uint32_t>(k);
      if (trace::on()) trace::name_row(row, "fiber " + std::to_string(k));
      trace::span life(trace::what::unit, -1, row);
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= set.tasks) return;
        trace::span traced(trace::what::task, static_cast<std::int64_t>(i), row);
        const auto t0 = clock_type::now();
        task_result& r = results[i];
        const carrier_share share{k % carriers_, std::min(carriers_, fibers)};
        r.value = run_on_fiber(set.body(i), static_cast<std::int64_t>(i), set.measure_cpu, share, r);
        r.set_span(t0, clock_type::now());
      }
    };
    carriers_cpu_s_ = run_fibers(carriers_, fibers, stack_, worker, with_io_, {}, set.account_units);
    return results;
  }

  std::size_t parallelism(const task_set& set) const override { return std::min(carriers_, concurrency(set)); }

  double units_cpu_s() const override { return carriers_cpu_s_; }

  boost::json::object metrics() const override {
    return {{"carriers", carriers_}, {"stack_kib", stack_.bytes / 1024},
            {"stack", allocator_name(stack_.allocator)},
            {"scheduler", scheduler_name()}};
  }

  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_fibers_probe(ctx); }

 private:
  const char* scheduler_name() const {
    if (with_io_) return carriers_ > 1 ? "asio_round_robin per carrier" : "asio_round_robin";
    return carriers_ > 1 ? "work_stealing" : "round_robin";
  }

  std::size_t carriers_;
  fiber_stack stack_;
  bool with_io_;
  double carriers_cpu_s_ = 0;
};

std::unique_ptr<model> make_fibers_model(const run_context& ctx) {
  // Scenarios that measure the bare units (spawn, switch) have no loop_threads: one carrier.
  const auto carriers = ctx.values.has("loop_threads") ? ctx.values.integer("loop_threads") : 1;
  // A run that talks to a server runs an io_context on every carrier (fibers_asio.hpp); the
  // others keep Boost.Fiber's own schedulers, whose switches poll no sockets.
  const bool with_io = ctx.values.has("server") && !ctx.values.text("server").empty();
  return std::make_unique<fibers_model>(static_cast<std::size_t>(carriers), fiber_stack_of(ctx.values), with_io);
}

const register_model registered{"fibers", make_fibers_model};

}  // namespace

}  // namespace lab
