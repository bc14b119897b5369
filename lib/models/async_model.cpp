// async: C++20 coroutines on one Boost.Asio io_context. `workers` coroutines pull task
// indices and await each task; with loop_threads=1 (the default, like asyncio) everything
// runs on the calling thread and a task only gives the CPU away where it awaits.
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <new>
#include <optional>
#include <thread>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "measure/thread_cpu.hpp"
#include "measure/unit_sched.hpp"
#include "models/factories.hpp"
#include "models/model.hpp"
#include "models/unit_probe.hpp"
#include "net/async_client.hpp"
#include "net/connection_pool.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

using clock_type = std::chrono::steady_clock;

// Resumes the task on a thread of the CPU pool up to its next wait, while the loop goes on;
// the awaiting coroutine continues on the loop (co_spawn's completion comes back to it).
asio::awaitable<const task_wait*> resume_on(asio::thread_pool& pool, task_body& body) {
  co_return co_await asio::co_spawn(
      pool, [&body]() -> asio::awaitable<const task_wait*> { co_return body.resume(); }, asio::use_awaitable);
}

// Runs a task on the calling coroutine: each wait is awaited, so the loop runs other
// coroutines meanwhile. `strand`: the loop has several threads (a pooled round trip then
// needs one, net/connection_pool.hpp). `cpu_pool` (may be null): where a stretch the task
// announces as CPU work (wait::compute_next) runs, as asyncio's run_in_executor.
asio::awaitable<double> run_awaited(task_body body, std::int64_t task, bool measure_busy, bool strand,
                                    asio::thread_pool* cpu_pool, task_result& r) {
  auto ex = co_await asio::this_coro::executor;
  bool offload = false;
  for (;;) {
    const auto t0 = measure_busy ? clock_type::now() : clock_type::time_point{};
    const task_wait* w = offload ? co_await resume_on(*cpu_pool, body) : body.resume();
    if (measure_busy && !offload) r.busy_s += std::chrono::duration<double>(clock_type::now() - t0).count();
    offload = false;
    if (!w) break;
    if (std::holds_alternative<wait::compute_next>(*w)) {
      offload = cpu_pool != nullptr;
    } else if (std::holds_alternative<wait::yield_now>(*w)) {
      ++r.yields;
      trace::span waiting(trace::what::ready_wait, task, trace::task_row);
      co_await asio::post(ex, asio::use_awaitable);  // let every other ready coroutine run, then continue
    } else if (const auto* g = std::get_if<wait::give_way_until>(w)) {
      while (!g->flag->load(std::memory_order_acquire)) co_await asio::post(ex, asio::use_awaitable);
    } else if (const auto* s = std::get_if<wait::sleep_for>(w)) {
      asio::steady_timer timer(ex, s->duration);
      trace::span traced(trace::what::timer, task, trace::task_row);
      co_await timer.async_wait(asio::use_awaitable);
    } else if (const auto* u = std::get_if<wait::sleep_until>(w)) {
      if (u->at > clock_type::now()) {
        asio::steady_timer timer(ex, u->at);
        co_await timer.async_wait(asio::use_awaitable);
      }
    } else if (const auto* rt = std::get_if<wait::round_trip>(w)) {
      // Arguments named, not temporaries in the co_await expression: there GCC 12.2 released
      // a capturing lambda's state once too often (ThreadSanitizer: heap-use-after-free).
      net::exchange_stamps stamps;
      if (rt->pool) {
        stamps = co_await rt->pool->async_round_trip(rt->line, rt->deadline, strand);
      } else {
        net::server_address server = *rt->server;
        std::string line = rt->line;
        std::function<void()> on_sent = rt->on_sent;
        stamps = co_await net::async_exchange(std::move(server), std::move(line), rt->deadline, std::move(on_sent),
                                              strand);
      }
      body.answer(std::move(stamps));
    }
  }
  r.figures = body.figures();
  co_return body.value();
}

// How many worker coroutines started, and whether running out of memory stopped them short.
struct spawned_workers {
  std::size_t count = 0;
  bool out_of_memory = false;
};

// Starts up to n coroutines `worker(row)` on io, `finished` told how each ends. Where memory
// runs out it stops and sets `next` past the last task, so those already started end.
template <class Worker, class Finished>
spawned_workers spawn_workers(asio::io_context& io, std::size_t n, std::size_t tasks, std::atomic<std::size_t>& next,
                              Worker& worker, Finished& finished) {
  spawned_workers spawned;
  try {
    for (; spawned.count < n && tasks > 0; ++spawned.count) {
      const auto row = trace::first_coroutine_row + static_cast<std::uint32_t>(spawned.count);
      if (trace::on()) trace::name_row(row, "coroutine " + std::to_string(spawned.count));
      asio::co_spawn(io, worker(row), finished);
    }
  } catch (const std::bad_alloc&) {
    // One coroutine frame per unit: workers=0 with 10^7 tasks can exhaust memory. The
    // coroutines spawned so far still run, find no task left and end, so the io_context
    // is empty when it is destroyed (destroying pending frames allocates, and aborts).
    // Nothing is allocated here: the caller builds the message once the frames are freed.
    next.store(tasks);
    spawned.out_of_memory = true;
  }
  return spawned;
}

// Runs io on `threads` threads, the calling one among them, until its coroutines end; returns
// the CPU time those threads used. account_units: each is a unit of measure/unit_sched.hpp.
double run_loop(asio::io_context& io, std::size_t threads, bool account_units) {
  std::atomic<double> loop_cpu{0};
  auto run_on_this_thread = [&](std::size_t t) {
    if (trace::on()) trace::name_this_thread(t == 0 ? "loop thread" : "loop thread " + std::to_string(t));
    const unit_sched::scope unit(account_units);  // a loop thread is what the kernel schedules
    const double c0 = thread_cpu_seconds();
    {
      trace::span life(trace::what::unit);
      io.run();
    }
    const double used = thread_cpu_seconds() - c0;
    loop_cpu.fetch_add(used);
  };
  {
    std::vector<std::jthread> extra;
    for (std::size_t t = 1; t < threads; ++t) {
      try {
        extra.emplace_back(run_on_this_thread, t);
      } catch (const std::system_error& e) {
        io.stop();
        throw run_error("could not create loop thread " + std::to_string(t + 1) + ": " + e.code().message());
      }
    }
    run_on_this_thread(0);
  }
  return loop_cpu.load();
}

class async_model final : public model {
 public:
  async_model(std::size_t loop_threads, std::size_t cpu_pool) : loop_threads_(loop_threads), cpu_pool_(cpu_pool) {}

  std::vector<task_result> run_tasks(const task_set& set) override {
    std::vector<task_result> results(set.tasks);
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::string error;
    asio::io_context io(static_cast<int>(loop_threads_));
    std::optional<asio::thread_pool> cpu_pool;
    if (cpu_pool_ > 0) cpu_pool.emplace(cpu_pool_);
    asio::thread_pool* pool = cpu_pool ? &*cpu_pool : nullptr;

    // Each coroutine has its own trace row inside the loop thread's process.
    auto worker = [&](std::uint32_t row) -> asio::awaitable<void> {
      trace::span life(trace::what::unit, -1, row);
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= set.tasks) co_return;
        trace::span traced(trace::what::task, static_cast<std::int64_t>(i), row);
        const auto t0 = clock_type::now();
        task_result& r = results[i];
        r.value = co_await run_awaited(set.body(i), static_cast<std::int64_t>(i), set.measure_cpu, loop_threads_ > 1, pool, r);
        r.set_span(t0, clock_type::now());
      }
    };
    const std::size_t n = concurrency(set);
    auto finished = [&](std::exception_ptr e) {
        if (!e) return;
        std::lock_guard lock(error_mutex);
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          if (error.empty()) error = std::string("coroutine failed: ") + ex.what();
        }
        next.store(set.tasks);
    };
    const spawned_workers spawned = spawn_workers(io, n, set.tasks, next, worker, finished);
    loop_cpu_s_ = run_loop(io, loop_threads_, set.account_units);
    if (spawned.out_of_memory)
      throw run_error("out of memory after starting " + std::to_string(spawned.count) + " of " + std::to_string(n) +
                      " coroutines (" + memory_limit_hint() + ")");
    if (!error.empty()) throw run_error(error);
    return results;
  }

  // With a CPU pool every CPU stretch runs on the pool (run_awaited): its threads, not the
  // loop's, bound the CPU work, however many loop threads there are.
  std::size_t parallelism(const task_set& set) const override {
    return std::min(cpu_pool_ > 0 ? cpu_pool_ : loop_threads_, concurrency(set));
  }

  boost::json::object metrics() const override {
    if (cpu_pool_ == 0) return {};
    return {{"cpu_pool", cpu_pool_}};
  }

  double units_cpu_s() const override { return loop_cpu_s_; }

  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_async_probe(ctx); }

 private:
  std::size_t loop_threads_;
  std::size_t cpu_pool_;
  double loop_cpu_s_ = 0;
};

std::unique_ptr<model> make_async_model(const run_context& ctx) {
  // Scenarios that measure the bare units (spawn, switch) have no loop_threads: one thread.
  const auto threads = ctx.values.has("loop_threads") ? ctx.values.integer("loop_threads") : 1;
  const auto pool = ctx.values.has("cpu_pool") ? ctx.values.integer("cpu_pool") : 0;
  return std::make_unique<async_model>(static_cast<std::size_t>(threads), static_cast<std::size_t>(pool));
}

const register_model registered{"async", make_async_model};

}  // namespace

}  // namespace lab
