// Carrier threads for fibers. Every carrier launches its share of the fibers, so the work
// starts spread and work_stealing only balances it. Idle carriers spin looking for work
// (work_stealing's default): with suspend=true an idle carrier sleeps until a fiber of its
// own is woken and never steals the ready fibers queued on another carrier.
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

#include <boost/context/stack_traits.hpp>
#include <boost/fiber/algo/work_stealing.hpp>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/fixedsize_stack.hpp>
#include <boost/fiber/mutex.hpp>
#include <boost/fiber/operations.hpp>

#include "core/error.hpp"
#include "measure/thread_cpu.hpp"
#include "measure/unit_sched.hpp"
#include "models/fibers.hpp"

namespace lab {

namespace fibers = boost::fibers;

std::size_t fiber_stack_bytes(const params& values) {
  const std::int64_t kib = values.has("stack_kib") ? values.integer("stack_kib") : 0;
  return kib == 0 ? boost::context::stack_traits::default_size() : static_cast<std::size_t>(kib) * 1024;
}

namespace {

// Runs carrier(c) on `carriers` threads, this one as carrier 0. The carriers start only once
// all exist: work_stealing's start barrier waits for all of them and cannot be left, so a
// thread that cannot be created must be known before it.
void on_carriers(std::size_t carriers, const std::function<void(std::size_t)>& carrier) {
  std::atomic<int> start{0};  // 0 wait, 1 go, 2 give up
  std::vector<std::jthread> extra;
  for (std::size_t c = 1; c < carriers; ++c) {
    try {
      extra.emplace_back([&, c] {
        start.wait(0);
        if (start.load() == 1) carrier(c);
      });
    } catch (const std::system_error& e) {
      start.store(2);
      start.notify_all();
      throw run_error("could not create carrier thread " + std::to_string(c + 1) + ": " + e.code().message());
    }
  }
  start.store(1);
  start.notify_all();
  carrier(0);
}

}  // namespace

double run_fibers(std::size_t carriers, std::size_t n, std::size_t stack_bytes,
                  const std::function<void(std::size_t)>& body, bool account_units) {
  if (n == 0) return 0;
  carriers = std::max<std::size_t>(1, carriers);
  if (carriers > 1) {
    // work_stealing keeps its schedulers and a start barrier in statics sized by the first
    // use, so one process can set it up once; the lab runs each point in a fresh process.
    static std::atomic<bool> used{false};
    if (used.exchange(true))
      throw run_error("fibers: work_stealing on several carriers can be set up once per process");
  }
  fibers::mutex m;
  fibers::condition_variable all_done;
  std::size_t done = 0;
  std::mutex error_mutex;
  std::string error;
  std::atomic<double> cpu{0};

  auto carrier = [&](std::size_t c) {
    const unit_sched::scope unit(account_units);  // a carrier is the thread the kernel schedules
    const double c0 = thread_cpu_seconds();
    if (carriers > 1)
      fibers::use_scheduling_algorithm<fibers::algo::work_stealing>(static_cast<std::uint32_t>(carriers));
    for (std::size_t k = c; k < n; k += carriers) {
      fibers::fiber(fibers::launch::post, std::allocator_arg, fibers::fixedsize_stack(stack_bytes), [&, k] {
        try {
          body(k);
        } catch (const std::exception& e) {
          std::lock_guard lock(error_mutex);
          if (error.empty()) error = std::string("fiber failed: ") + e.what();
        }
        std::unique_lock lock(m);
        if (++done == n) all_done.notify_all();
      }).detach();
    }
    {
      std::unique_lock lock(m);
      all_done.wait(lock, [&] { return done == n; });
    }
    const double used = thread_cpu_seconds() - c0;
    for (double seen = cpu.load(); !cpu.compare_exchange_weak(seen, seen + used);) {
    }
  };

  on_carriers(carriers, carrier);
  if (!error.empty()) throw run_error(error);
  return cpu.load();
}

}  // namespace lab
