#include "scenario/yielding_sum.hpp"

#include <chrono>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lab {

namespace asio = boost::asio;

asio::awaitable<double> yielding_sum(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples,
                                     std::uint64_t every, std::atomic<std::uint64_t>& yields, double* busy_s) {
  auto ex = co_await asio::this_coro::executor;
  sum_state s(d, seed, task, samples);
  while (!s.done()) {
    const auto t0 = std::chrono::steady_clock::now();
    s.advance(every ? every : s.remaining());
    if (busy_s) *busy_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s.done()) {
      yields.fetch_add(1, std::memory_order_relaxed);
      co_await asio::post(ex, asio::use_awaitable);  // let every other ready coroutine run, then continue
    }
  }
  co_return s.total();
}

}  // namespace lab
