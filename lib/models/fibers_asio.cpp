// The Asio scheduling algorithm for one carrier (see fibers_asio.hpp). Where it differs from
// Boost's example, and why:
// - The io_context is polled once per round of the ready queue, when the dispatcher fiber
//   picks the next fiber: the example runs it only when no fiber is ready, so a fiber that
//   yields in a loop (the yield scenario's CPU task) would keep every socket unread. Once a
//   round is what Asio's own scheduler does (its reactor is one queued operation), so fibers
//   and async see an answer at the same point.
// - Handlers run on the dispatcher's stack (the dispatcher polls, and runs the io_context when
//   nothing is ready), never on a task fiber's: a fiber's stack can be a few KiB.
// - When nothing is ready the dispatcher blocks in run_one(); a sleeping fiber's deadline is a
//   steady_timer on the io_context (timerfd: to the microsecond, where run_one_until's epoll
//   timeout rounds up to the millisecond), and a fiber woken from another thread posts a no-op
//   and sets a flag: the no-op alone can be run by the round's poll() before the dispatcher
//   moves the woken fiber to the ready queue, and then nothing would end the next run_one()
//   (a run on two carriers hung at its end, the last fiber waking the main carrier's waiter, about
//   once in 250 runs on a loaded VM).
#include "models/fibers_asio.hpp"

#include <atomic>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/fiber/algo/algorithm.hpp>
#include <boost/fiber/algo/round_robin.hpp>
#include <boost/fiber/operations.hpp>
#include <boost/fiber/scheduler.hpp>

#include "core/error.hpp"
#include "models/task.hpp"
#include "net/async_client.hpp"
#include "net/connection_pool.hpp"

namespace lab {

namespace asio = boost::asio;
namespace fibers = boost::fibers;

namespace {

thread_local asio::io_context* carrier_io_context = nullptr;

class asio_round_robin final : public fibers::algo::algorithm {
 public:
  asio_round_robin() : work_(io_.get_executor()), timer_(io_) { carrier_io_context = &io_; }
  ~asio_round_robin() override { carrier_io_context = nullptr; }

  void awakened(fibers::context* ctx) noexcept override { ctx->ready_link(ready_); }

  fibers::context* pick_next() noexcept override {
    if (fibers::context::active()->is_context(fibers::type::dispatcher_context)) poll();
    if (ready_.empty()) return nullptr;
    fibers::context* next = &ready_.front();
    ready_.pop_front();
    return next;
  }

  bool has_ready_fibers() const noexcept override { return !ready_.empty(); }

  void suspend_until(const std::chrono::steady_clock::time_point& at) noexcept override {
    // A fiber made ready from another carrier since the dispatcher last looked: its notify()'s
    // no-op may already have been run by pick_next()'s poll(), so nothing would end run_one().
    if (notified_.exchange(false, std::memory_order_acq_rel)) return;
    if (at != std::chrono::steady_clock::time_point::max() && at != armed_for_) {
      armed_for_ = at;
      timer_.expires_at(at);
      timer_.async_wait([this, at](boost::system::error_code ec) {
        if (!ec && armed_for_ == at) armed_for_ = {};
      });
    }
    run_one();
  }

  void notify() noexcept override {
    notified_.store(true, std::memory_order_release);
    asio::post(io_, [] {});
  }

 private:
  // A handler's exception (out of memory inside Asio; the client's own errors travel in its
  // completion) has no fiber to go to: leaving these noexcept functions, it ends the process
  // (std::terminate) rather than leave a fiber waiting forever, and the run fails.
  void poll() noexcept { io_.poll(); }
  void run_one() noexcept { io_.run_one(); }

  asio::io_context io_{1};
  asio::executor_work_guard<asio::io_context::executor_type> work_;  // run_one blocks, never ends
  asio::steady_timer timer_;
  std::chrono::steady_clock::time_point armed_for_{};
  std::atomic<bool> notified_{false};  // notify() since the last suspend_until
  fibers::scheduler::ready_queue_type ready_;
};

}  // namespace

carrier_io::carrier_io() { fibers::use_scheduling_algorithm<asio_round_robin>(); }

carrier_io::~carrier_io() { fibers::use_scheduling_algorithm<fibers::algo::round_robin>(); }

asio::io_context& this_carrier_io() {
  if (!carrier_io_context) throw run_error("fibers: this carrier runs no io_context (a run without a server)");
  return *carrier_io_context;
}

net::exchange_stamps fiber_round_trip(const wait::round_trip& rt, std::size_t share, std::size_t shares) {
  // The client's coroutines, as async awaits them, spawned on the carrier's io_context: one
  // piece of client code for both models. One thread runs each io_context: no strand.
  auto& io = this_carrier_io();
  if (rt.pool)
    return asio::co_spawn(io, rt.pool->async_round_trip(rt.line, rt.deadline, false, {share, shares}), fiber_yield);
  return asio::co_spawn(io, net::async_exchange(*rt.server, rt.line, rt.deadline, rt.on_sent, false), fiber_yield);
}

}  // namespace lab
