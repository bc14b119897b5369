#pragma once
// Fibers that wait on Asio: the design of Boost.Fiber's examples/asio (a scheduling algorithm
// that runs the io_context when no fiber is ready, and a `yield` completion token that
// suspends the calling fiber until its operation completes), written here because Boost ships
// it as an example, not as a library (no header of it is installed).
//
// Each carrier thread has its own io_context, run by its own scheduling algorithm
// (fibers_asio.cpp), and its fibers stay on it: an operation a fiber starts completes on the
// carrier that waits for it, with no strand and no hand-off between threads. One io_context
// shared by the carriers was measured against this, interleaved (issue 19's closing note):
// it needs a strand per exchange, and a fiber made ready from another carrier
// can only be announced to *some* thread blocked in the shared io_context, so a carrier must
// wake on a bound (1 ms) to find it; it served 10-60% fewer requests per second with 20-100%
// more CPU on pooled and fresh connections alike.
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <tuple>
#include <type_traits>
#include <utility>

#include <boost/asio/async_result.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/fiber/context.hpp>
#include <boost/fiber/detail/spinlock.hpp>
#include <boost/system/system_error.hpp>

#include "net/exchange.hpp"

namespace lab {

namespace wait {
struct round_trip;
}  // namespace wait

// Installs the Asio scheduling algorithm on the calling carrier thread, with an io_context of
// its own, for as long as it lives; on destruction the thread gets round_robin back and the
// io_context is gone. Its fibers must not move to another thread.
class carrier_io {
 public:
  carrier_io();
  ~carrier_io();
  carrier_io(const carrier_io&) = delete;
  carrier_io& operator=(const carrier_io&) = delete;
};

// The io_context of the calling fiber's carrier; run_error when the carrier runs none (a run
// without a server).
boost::asio::io_context& this_carrier_io();

// Carries out a task's round trip on the calling fiber: started on its carrier's io_context,
// the fiber suspended until the answer (the carrier runs other fibers meanwhile). `share`:
// which of `shares` carriers this is, each with its own part of a connection pool.
net::exchange_stamps fiber_round_trip(const wait::round_trip& rt, std::size_t share, std::size_t shares);

// The completion token: `op(..., fiber_yield)` returns what the operation completes with,
// once it has, rethrowing a completion's exception_ptr and throwing a system_error for an
// error_code.
struct fiber_yield_t {};
inline constexpr fiber_yield_t fiber_yield{};

namespace fiber_asio_detail {

// Where a completion meets the fiber waiting for it. The handler may run on another thread
// than the fiber's, or before the fiber suspends (an operation completing at once): it wakes
// the fiber only once it has suspended, under the lock, and the fiber takes the lock again
// after waking, so the handler has let go before the fiber's frame (and this) goes away
// (boostorg/fiber#99).
template <class... Args>
struct completion {
  boost::fibers::detail::spinlock mutex;
  boost::fibers::context* fiber = boost::fibers::context::active();
  bool suspended = false;
  std::optional<std::tuple<std::decay_t<Args>...>> args;

  void wait() {
    std::unique_lock<boost::fibers::detail::spinlock> lock(mutex);
    if (args) return;
    suspended = true;
    fiber->suspend(lock);  // unlocks once the fiber has switched away
    lock.lock();
  }
};

template <class... Args>
struct handler {
  completion<Args...>* c;
  void operator()(Args... a) {
    std::unique_lock<boost::fibers::detail::spinlock> lock(c->mutex);
    c->args.emplace(std::move(a)...);
    if (c->suspended) boost::fibers::context::active()->schedule(c->fiber);
  }
};

// What the fiber gets: the values after a leading exception_ptr or error_code, which throws.
template <class First, class... Rest>
auto unpack(std::tuple<First, Rest...>&& t) {
  if constexpr (std::is_same_v<First, std::exception_ptr>) {
    if (std::get<0>(t)) std::rethrow_exception(std::get<0>(t));
  } else if constexpr (std::is_same_v<First, boost::system::error_code>) {
    if (std::get<0>(t)) throw boost::system::system_error(std::get<0>(t));
  }
  static_assert(sizeof...(Rest) <= 1, "fiber_yield returns at most one value");
  if constexpr (sizeof...(Rest) == 1) return std::move(std::get<1>(t));
}

}  // namespace fiber_asio_detail

}  // namespace lab

template <class R, class... Args>
class boost::asio::async_result<lab::fiber_yield_t, R(Args...)> {
 public:
  template <class Initiation, class... InitArgs>
  static auto initiate(Initiation&& initiation, lab::fiber_yield_t, InitArgs&&... init_args) {
    lab::fiber_asio_detail::completion<Args...> c;
    std::forward<Initiation>(initiation)(lab::fiber_asio_detail::handler<Args...>{&c},
                                         std::forward<InitArgs>(init_args)...);
    c.wait();
    return lab::fiber_asio_detail::unpack(std::move(*c.args));
  }
};
