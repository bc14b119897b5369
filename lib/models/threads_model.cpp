// threads: `workers` std::jthreads pull task indices from one atomic counter. A blocking call
// blocks only its own thread; the kernel schedules the threads over the cores.
#include <atomic>
#include <cstring>
#include <exception>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "models/factories.hpp"
#include "models/model.hpp"
#include "models/blocking_task.hpp"
#include "measure/unit_sched.hpp"
#include "models/unit_probe.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace {

class threads_model final : public model {
 public:
  std::vector<task_result> run_tasks(const task_set& set) override {
    std::vector<task_result> results(set.tasks);
    std::atomic<std::size_t> next{0};
    std::mutex error_mutex;
    std::string error;
    auto work = [&](std::size_t k) {
      if (trace::on()) trace::name_this_thread("thread " + std::to_string(k));
      trace::span life(trace::what::unit);
      const unit_sched::scope unit(set.account_units);
      for (;;) {
        const std::size_t i = next.fetch_add(1, std::memory_order_relaxed);
        if (i >= set.tasks) return;
        try {
          results[i] = timed_task(set, i);
        } catch (const std::exception& e) {
          std::lock_guard lock(error_mutex);
          if (error.empty()) error = "task " + std::to_string(i) + " failed: " + e.what();
          next.store(set.tasks);
        }
      }
    };
    const std::size_t n = concurrency(set);
    {
      std::vector<std::jthread> pool;
      pool.reserve(n);
      for (std::size_t k = 0; k < n; ++k) {
        try {
          pool.emplace_back(work, k);
        } catch (const std::system_error& e) {
          next.store(set.tasks);  // the started threads finish their current task and stop
          error = "could not create thread " + std::to_string(k + 1) + " of " + std::to_string(n) + ": " +
                  e.code().message() + unit_limit_hint(e.code().value(), "/proc/sys/kernel/threads-max");
          break;
        }
      }
    }  // jthreads join here
    if (!error.empty()) throw run_error(error);
    return results;
  }

  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_threads_probe(ctx); }
};

std::unique_ptr<model> make_threads_model(const run_context&) { return std::make_unique<threads_model>(); }

const register_model registered{"threads", make_threads_model};

}  // namespace

}  // namespace lab
