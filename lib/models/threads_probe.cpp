// threads' units: std::jthread. spawn_join creates them all, then joins them all; hold_alive
// parks them on a std::latch; ping_pong hands a token between the calling thread and one
// std::jthread through a condition variable or a pair of pipes.
#include <pthread.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <latch>
#include <mutex>
#include <system_error>
#include <thread>

#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "models/handoff.hpp"
#include "models/unit_probe.hpp"

namespace lab {

namespace {

using clock_type = std::chrono::steady_clock;

std::string create_error(std::size_t k, std::size_t n, const std::system_error& e) {
  return "could not create thread " + std::to_string(k + 1) + " of " + std::to_string(n) + ": " +
         e.code().message() + unit_limit_hint(e.code().value(), "/proc/sys/kernel/threads-max, vm.max_map_count");
}

class threads_probe final : public unit_probe {
 public:
  explicit threads_probe(placement where) : where_(std::move(where)) {}

  std::string unit_name() const override { return "std::jthread"; }

  // What a std::jthread gets: glibc's default attributes (the stack rlimit at start-up).
  std::optional<std::size_t> unit_stack_bytes() const override {
    pthread_attr_t attr;
    std::size_t bytes = 0;
    if (pthread_getattr_default_np(&attr) != 0) return std::nullopt;
    pthread_attr_getstacksize(&attr, &bytes);
    pthread_attr_destroy(&attr);
    return bytes;
  }

  void spawn_join(std::size_t n) override {
    std::vector<std::jthread> units;
    units.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      try {
        if (where_.spreads_units())
          units.emplace_back([cpu = where_.unit_cpu(k)] { pin_calling_thread(cpu); });
        else
          units.emplace_back([] {});
      } catch (const std::system_error& e) {
        throw run_error(create_error(k, n, e));  // the vector joins the ones that started
      }
    }
  }  // jthreads join here

  std::size_t hold_alive(std::size_t n, const std::function<void(const held_units&)>& sample) override {
    std::atomic<std::size_t> parked{0};
    std::latch release(1);
    std::vector<std::jthread> units;
    units.reserve(n);
    auto unit = [&](int cpu) {
      if (cpu >= 0) pin_calling_thread(cpu);
      parked.fetch_add(1);
      parked.notify_one();
      release.wait();
      parked.fetch_sub(1);
    };
    for (std::size_t k = 0; k < n; ++k) {
      try {
        units.emplace_back(unit, where_.spreads_units() ? where_.unit_cpu(k) : -1);
      } catch (const std::system_error& e) {
        release.count_down();
        throw run_error(create_error(k, n, e));
      }
    }
    for (std::size_t seen = parked.load(); seen < n; seen = parked.load()) parked.wait(seen);
    try {
      sample({});
    } catch (...) {
      release.count_down();
      throw;
    }
    const std::size_t alive = parked.load();
    release.count_down();
    return alive;
  }

  switch_result ping_pong(std::uint64_t round_trips, handoff mechanism) override {
    if (mechanism == handoff::condvar) return condvar_rally(round_trips);
    if (mechanism == handoff::pipe) return pipe_rally(round_trips);
    throw_unbuilt_mechanism(mechanism);
  }

 private:
  // The calling thread is side A (placed by the scenario); side B is a new thread, placed
  // here. Both exist and B is placed before the clock starts.
  template <typename SideA, typename SideB>
  switch_result rally(SideA side_a, SideB side_b) {
    rusage u0{}, u1{};
    getrusage(RUSAGE_SELF, &u0);
    std::latch ready(1);
    switch_result r;
    {
      std::jthread b;
      try {
        b = std::jthread([&] {
          if (where_.spreads_units()) pin_calling_thread(where_.unit_cpu(0));
          ready.count_down();
          side_b();
        });
      } catch (const std::system_error& e) {
        throw run_error(create_error(1, 2, e));
      }
      ready.wait();
      const auto t0 = clock_type::now();
      side_a();
      r.seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    }
    getrusage(RUSAGE_SELF, &u1);  // RUSAGE_SELF sums every thread of the process, ended ones too
    r.nvcsw = u1.ru_nvcsw - u0.ru_nvcsw;
    r.nivcsw = u1.ru_nivcsw - u0.ru_nivcsw;
    return r;
  }

  // Each side notifies after unlocking: notified under the lock, the woken thread (on one
  // CPU it preempts the notifier at once) would first block again on the mutex, and the
  // figure would be a lock convoy's (~1.7 context switches per hand-off, not 1).
  switch_result condvar_rally(std::uint64_t n) {
    std::mutex m;
    std::condition_variable cv;
    int turn = 0;  // 0: A holds the token, 1: B does
    std::uint64_t got_a = 0, got_b = 0;
    auto pass_to = [&](int side) {
      {
        std::lock_guard lock(m);
        turn = side;
      }
      cv.notify_one();
    };
    auto wait_for = [&](int side) {
      std::unique_lock lock(m);
      cv.wait(lock, [&] { return turn == side; });
    };
    auto r = rally(
        [&] {
          for (std::uint64_t i = 0; i < n; ++i) {
            pass_to(1);
            wait_for(0);
            ++got_a;
          }
        },
        [&] {
          for (std::uint64_t i = 0; i < n; ++i) {
            wait_for(1);
            ++got_b;
            pass_to(0);
          }
        });
    r.switches = got_a + got_b;
    return r;
  }

  switch_result pipe_rally(std::uint64_t n) {
    pipe_pair to_b("thread B"), to_a("thread A");
    std::uint64_t got_a = 0, got_b = 0;
    std::atomic<bool> broken{false};
    auto r = rally(
        [&] {
          for (std::uint64_t i = 0; i < n; ++i) {
            if (!send_token(to_b.write_end) || !take_token(to_a.read_end)) {
              broken = true;
              to_b.close_write();  // B sees end of file and stops
              return;
            }
            ++got_a;
          }
        },
        [&] {
          for (std::uint64_t i = 0; i < n; ++i) {
            if (!take_token(to_b.read_end)) return;
            ++got_b;
            if (!send_token(to_a.write_end)) {
              broken = true;
              to_a.close_write();
              return;
            }
          }
        });
    if (broken) throw run_error("the pipe ping-pong between two threads failed: a read or write on a pipe failed");
    r.switches = got_a + got_b;
    return r;
  }

  placement where_;
};

}  // namespace

std::unique_ptr<unit_probe> make_threads_probe(const run_context& ctx) {
  return std::make_unique<threads_probe>(placement_of(ctx.values));
}

}  // namespace lab
