// async's units: C++20 coroutines started with asio::co_spawn on one io_context, run by the
// calling thread. hold_alive suspends them all on one steady_timer; ping_pong hands the
// turn between two coroutines by posting to the loop (the seeds' YieldToEventLoop) or
// through a pair of zero-capacity channels.
#include <sys/resource.h>

#include <chrono>
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/channel.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "models/unit_probe.hpp"

namespace lab {

namespace asio = boost::asio;

namespace {

using clock_type = std::chrono::steady_clock;
using token_channel = asio::experimental::channel<void(boost::system::error_code)>;

asio::awaitable<void> nothing() { co_return; }

asio::awaitable<void> park(asio::steady_timer& gate, std::size_t& parked) {
  ++parked;
  boost::system::error_code ec;  // operation_aborted: released
  co_await gate.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  --parked;
}

// Side `me` (0 = A, 1 = B) of the post ping-pong: whoever does not hold the turn posts
// itself to the back of the loop's queue, so with two coroutines each post hands over.
asio::awaitable<void> post_side(int me, int& turn, std::uint64_t& got, std::uint64_t n) {
  auto ex = co_await asio::this_coro::executor;
  for (std::uint64_t i = 0; i < n; ++i) {
    if (me == 0) {
      turn = 1;
      co_await asio::post(ex, asio::use_awaitable);
    }
    while (turn != me) co_await asio::post(ex, asio::use_awaitable);
    ++got;
    if (me == 1) turn = 0;
  }
}

asio::awaitable<void> channel_a(token_channel& to_b, token_channel& to_a, std::uint64_t& got, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) {
    co_await to_b.async_send(boost::system::error_code{}, asio::use_awaitable);
    co_await to_a.async_receive(asio::use_awaitable);
    ++got;
  }
}

asio::awaitable<void> channel_b(token_channel& to_b, token_channel& to_a, std::uint64_t& got, std::uint64_t n) {
  for (std::uint64_t i = 0; i < n; ++i) {
    co_await to_b.async_receive(asio::use_awaitable);
    ++got;
    co_await to_a.async_send(boost::system::error_code{}, asio::use_awaitable);
  }
}

class async_probe final : public unit_probe {
 public:
  std::string unit_name() const override { return "coroutine: asio::co_spawn on one io_context thread"; }

  void spawn_join(std::size_t n) override {
    asio::io_context io(1);
    for (std::size_t k = 0; k < n; ++k) asio::co_spawn(io, nothing(), asio::detached);
    io.run();
  }

  // co_spawn posts each coroutine's start, so by the time the sampler (posted last) runs,
  // every coroutine has run up to its wait on the gate.
  std::size_t hold_alive(std::size_t n, const std::function<void(const held_units&)>& sample) override {
    asio::io_context io(1);
    asio::steady_timer gate(io, asio::steady_timer::time_point::max());
    std::size_t parked = 0, alive = 0;
    std::exception_ptr failure;
    for (std::size_t k = 0; k < n; ++k) asio::co_spawn(io, park(gate, parked), asio::detached);
    asio::post(io, [&] {
      try {
        sample({});
      } catch (...) {
        failure = std::current_exception();
      }
      alive = parked;
      gate.cancel();
    });
    io.run();
    if (failure) std::rethrow_exception(failure);
    return alive;
  }

  switch_result ping_pong(std::uint64_t n, handoff mechanism) override {
    if (mechanism != handoff::post && mechanism != handoff::channel) throw_unbuilt_mechanism(mechanism);
    rusage u0{}, u1{};
    getrusage(RUSAGE_SELF, &u0);
    asio::io_context io(1);
    std::uint64_t got_a = 0, got_b = 0;
    int turn = 0;
    token_channel to_a(io, 0), to_b(io, 0);
    if (mechanism == handoff::post) {
      asio::co_spawn(io, post_side(0, turn, got_a, n), asio::detached);
      asio::co_spawn(io, post_side(1, turn, got_b, n), asio::detached);
    } else {
      asio::co_spawn(io, channel_a(to_b, to_a, got_a, n), asio::detached);
      asio::co_spawn(io, channel_b(to_b, to_a, got_b, n), asio::detached);
    }
    const auto t0 = clock_type::now();
    io.run();
    switch_result r;
    r.seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    getrusage(RUSAGE_SELF, &u1);
    r.switches = got_a + got_b;
    r.nvcsw = u1.ru_nvcsw - u0.ru_nvcsw;
    r.nivcsw = u1.ru_nivcsw - u0.ru_nivcsw;
    return r;
  }

  std::string placement_note() const override {
    return "async: every coroutine runs on the one loop thread, so pin=spread cannot separate them";
  }
};

}  // namespace

std::unique_ptr<unit_probe> make_async_probe(const run_context&) { return std::make_unique<async_probe>(); }

}  // namespace lab
