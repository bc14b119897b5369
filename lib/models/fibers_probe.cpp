// fibers' units: boost::fibers::fiber on one carrier thread (round_robin). hold_alive parks
// them all on one fiber condition variable; ping_pong hands the token through a pair of
// buffered channels or a fiber mutex and condition variable.
#include <sys/resource.h>

#include <chrono>
#include <exception>

#include <boost/fiber/buffered_channel.hpp>
#include <boost/fiber/condition_variable.hpp>
#include <boost/fiber/mutex.hpp>

#include "models/fibers.hpp"
#include "models/unit_probe.hpp"

namespace lab {

namespace fibers = boost::fibers;

namespace {

using clock_type = std::chrono::steady_clock;

class fibers_probe final : public unit_probe {
 public:
  explicit fibers_probe(fiber_stack stack) : stack_(stack) {}

  std::string unit_name() const override {
    return "fiber: boost::fibers::fiber with a " + std::to_string(stack_.bytes / 1024) + " KiB " +
           allocator_name(stack_.allocator) + " on one carrier thread";
  }

  std::optional<std::size_t> unit_stack_bytes() const override { return stack_.bytes; }

  void spawn_join(std::size_t n) override {
    run_fibers(1, n, stack_, [](std::size_t) {});
  }

  // The carrier's own context samples once every fiber is parked, then releases them: on the
  // thread's stack, as reading /proc takes more than a small fiber stack holds.
  std::size_t hold_alive(std::size_t n, const std::function<void(const held_units&)>& sample) override {
    fibers::mutex m;
    fibers::condition_variable up, go;  // two, so a fiber parking wakes the sampler alone
    std::size_t parked = 0, alive = 0;
    bool released = false;
    std::exception_ptr failure;
    auto park = [&](std::size_t) {
      std::unique_lock lock(m);
      ++parked;
      up.notify_one();
      go.wait(lock, [&] { return released; });
      --parked;
    };
    auto sampler = [&](std::size_t made) {
      std::unique_lock lock(m);
      up.wait(lock, [&] { return parked == made; });
      try {
        sample({});
      } catch (...) {
        failure = std::current_exception();
      }
      alive = parked;
      released = true;
      go.notify_all();
    };
    run_fibers(1, n, stack_, park, false, sampler);
    if (failure) std::rethrow_exception(failure);
    return alive;
  }

  switch_result ping_pong(std::uint64_t n, handoff mechanism) override {
    if (mechanism != handoff::channel && mechanism != handoff::condvar) throw_unbuilt_mechanism(mechanism);
    rusage u0{}, u1{};
    getrusage(RUSAGE_SELF, &u0);
    std::uint64_t got[2] = {0, 0};
    const auto t0 = clock_type::now();
    if (mechanism == handoff::channel) {
      // Capacity 2 (the smallest): a push never waits, so each pop that waits is one hand-off.
      fibers::buffered_channel<int> to_a(2), to_b(2);
      run_fibers(1, 2, stack_, [&](std::size_t me) {
        int token = 0;
        for (std::uint64_t i = 0; i < n; ++i) {
          if (me == 0) {
            to_b.push(1);
            to_a.pop(token);
          } else {
            to_b.pop(token);
            to_a.push(1);
          }
          ++got[me];
        }
      });
    } else {
      fibers::mutex m;
      fibers::condition_variable turn_changed;
      std::size_t turn = 2;  // nobody's until A hands it to B
      run_fibers(1, 2, stack_, [&](std::size_t me) {
        for (std::uint64_t i = 0; i < n; ++i) {
          std::unique_lock lock(m);
          if (me == 0) {
            turn = 1;
            turn_changed.notify_one();
          }
          turn_changed.wait(lock, [&] { return turn == me; });
          ++got[me];
          if (me == 1) {
            turn = 0;
            turn_changed.notify_one();
          }
        }
      });
    }
    switch_result r;
    r.seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    getrusage(RUSAGE_SELF, &u1);
    r.switches = got[0] + got[1];
    r.nvcsw = u1.ru_nvcsw - u0.ru_nvcsw;
    r.nivcsw = u1.ru_nivcsw - u0.ru_nivcsw;
    return r;
  }

  std::string placement_note() const override {
    return "fibers: both fibers run on the one carrier thread, so pin=spread cannot separate them";
  }

 private:
  fiber_stack stack_;
};

}  // namespace

std::unique_ptr<unit_probe> make_fibers_probe(const run_context& ctx) {
  return std::make_unique<fibers_probe>(fiber_stack_of(ctx.values));
}

}  // namespace lab
