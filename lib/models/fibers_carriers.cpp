// Carrier threads for fibers. Every carrier launches its share of the fibers, so the work
// starts spread and work_stealing only balances it. With Asio (a run that talks to a server)
// each carrier runs its own io_context and keeps its fibers (fibers_asio.hpp): no stealing. Idle carriers spin looking for work
// (work_stealing's default): with suspend=true an idle carrier sleeps until a fiber of its
// own is woken and never steals the ready fibers queued on another carrier.
#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <boost/context/stack_traits.hpp>
#include <boost/fiber/algo/work_stealing.hpp>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/fiber.hpp>
#include <boost/fiber/fixedsize_stack.hpp>
#include <boost/fiber/pooled_fixedsize_stack.hpp>
#include <boost/fiber/protected_fixedsize_stack.hpp>
#include <boost/fiber/mutex.hpp>
#include <boost/fiber/operations.hpp>

#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "measure/thread_cpu.hpp"
#include "measure/unit_sched.hpp"
#include "models/fibers.hpp"
#include "models/fibers_asio.hpp"

namespace lab {

namespace fibers = boost::fibers;

fiber_stack fiber_stack_of(const params& values) {
  const std::int64_t kib = values.has("stack_kib") ? values.integer("stack_kib") : 0;
  fiber_stack s;
  s.bytes = kib == 0 ? boost::context::stack_traits::default_size() : static_cast<std::size_t>(kib) * 1024;
  const std::string kind = values.has("stack") ? values.text("stack") : "fixed";
  if (kind == "pooled") s.allocator = fiber_stack::kind::pooled;
  if (kind == "protected") s.allocator = fiber_stack::kind::protected_;
  return s;
}

const char* allocator_name(fiber_stack::kind k) {
  switch (k) {
    case fiber_stack::kind::pooled: return "pooled_fixedsize_stack";
    case fiber_stack::kind::protected_: return "protected_fixedsize_stack";
    case fiber_stack::kind::fixed: break;
  }
  return "fixedsize_stack";
}

namespace {

// Calls launch(allocator) with the allocator `stack` names: each fiber keeps a copy, so a
// pool lives until its last fiber is freed.
template <class Launch>
void with_allocator(const fiber_stack& stack, Launch launch) {
  switch (stack.allocator) {
    case fiber_stack::kind::pooled: return launch(fibers::pooled_fixedsize_stack(stack.bytes));
    case fiber_stack::kind::protected_: return launch(fibers::protected_fixedsize_stack(stack.bytes));
    case fiber_stack::kind::fixed: break;
  }
  launch(fibers::fixedsize_stack(stack.bytes));
}

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

namespace {

// What the carriers of one run share.
struct shared_run {
  shared_run(const std::function<void(std::size_t)>& b, std::size_t n) : body(b), expected(n) {}

  const std::function<void(std::size_t)>& body;
  fibers::mutex m;
  fibers::condition_variable all_done;
  std::size_t expected;  // fibers that will end: n, less any that could not be created
  std::size_t done = 0;
  std::mutex error_mutex;
  std::string error;
  std::atomic<double> cpu{0};

  void fail(const std::string& why) {
    std::lock_guard lock(error_mutex);
    if (error.empty()) error = why;
  }

  void run_one(std::size_t k) {
    try {
      body(k);
    } catch (const std::exception& e) {
      fail(std::string("fiber failed: ") + e.what());
    }
    std::unique_lock lock(m);
    if (++done == expected) all_done.notify_all();
  }

  // Carrier c's fibers, k = c, c + carriers, ... A fiber that cannot be created (memory, or
  // vm.max_map_count: a protected stack is two maps) ends the launching there, and the run
  // waits for those already made.
  // Returns how many it created.
  std::size_t launch(std::size_t c, std::size_t carriers, std::size_t n, const fiber_stack& stack) {
    std::size_t k = c, made = 0;
    try {
      with_allocator(stack, [&](auto allocator) {
        for (; k < n; k += carriers, ++made)
          fibers::fiber(fibers::launch::post, std::allocator_arg, allocator, [this, k] { run_one(k); }).detach();
      });
    } catch (const std::exception& e) {
      fail("could not create fiber " + std::to_string(k + 1) + " of " + std::to_string(n) + " (" + e.what() +
           "): " + memory_limit_hint() + ", or vm.max_map_count for " + allocator_name(stack.allocator));
      std::unique_lock lock(m);
      expected -= (n - k + carriers - 1) / carriers;  // k, k + carriers, ... below n
      if (done == expected) all_done.notify_all();
    }
    return made;
  }

  void wait_for_all() {
    std::unique_lock lock(m);
    all_done.wait(lock, [&] { return done == expected; });
  }
};

// Boost's stack pool is not thread-safe: a fiber stolen by another carrier would free its
// stack into it from there. Pinned fibers (with_io) free theirs where they were made.
void check_setup(std::size_t carriers, const fiber_stack& stack, bool with_io) {
  if (stack.allocator == fiber_stack::kind::pooled && carriers > 1 && !with_io)
    throw run_error("fibers: stack=pooled runs on one carrier (or with a server): Boost's stack pool is not "
                    "thread-safe, and work_stealing moves fibers between carriers");
  if (carriers > 1 && !with_io) {
    // work_stealing keeps its schedulers and a start barrier in statics sized by the first
    // use, so one process can set it up once; the lab runs each point in a fresh process.
    static std::atomic<bool> used{false};
    if (used.exchange(true))
      throw run_error("fibers: work_stealing on several carriers can be set up once per process");
  }
}

}  // namespace

double run_fibers(std::size_t carriers, std::size_t n, const fiber_stack& stack,
                  const std::function<void(std::size_t)>& body, bool with_io,
                  const std::function<void(std::size_t)>& on_first_carrier, bool account_units) {
  if (n == 0) return 0;
  carriers = std::max<std::size_t>(1, carriers);
  check_setup(carriers, stack, with_io);
  shared_run run(body, n);
  auto carrier = [&](std::size_t c) {
    const unit_sched::scope unit(account_units);  // a carrier is the thread the kernel schedules
    const double c0 = thread_cpu_seconds();
    std::optional<carrier_io> io;
    if (with_io)
      io.emplace();
    else if (carriers > 1)
      fibers::use_scheduling_algorithm<fibers::algo::work_stealing>(static_cast<std::uint32_t>(carriers));
    const std::size_t made = run.launch(c, carriers, n, stack);
    if (c == 0 && on_first_carrier) on_first_carrier(made);
    run.wait_for_all();
    const double used = thread_cpu_seconds() - c0;
    run.cpu.fetch_add(used);
  };
  on_carriers(carriers, carrier);
  if (!run.error.empty()) throw run_error(run.error);
  return run.cpu.load();
}

}  // namespace lab
