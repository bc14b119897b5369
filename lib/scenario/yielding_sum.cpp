#include "scenario/yielding_sum.hpp"

#include <algorithm>
#include <chrono>

#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "trace/trace.hpp"

namespace lab {

namespace asio = boost::asio;

asio::awaitable<double> yielding_sum(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples,
                                     std::uint64_t every, std::atomic<std::uint64_t>& yields, double* busy_s) {
  auto ex = co_await asio::this_coro::executor;
  sum_state s(d, seed, task, samples);
  const auto traced_task = static_cast<std::int64_t>(task);
  while (!s.done()) {
    const auto t0 = std::chrono::steady_clock::now();
    {
      const std::uint64_t n = every ? std::min(every, s.remaining()) : s.remaining();
      trace::chunk traced(traced_task, n, samples - s.remaining() + n, trace::task_row);
      s.advance(n);
    }
    if (busy_s) *busy_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!s.done()) {
      yields.fetch_add(1, std::memory_order_relaxed);
      trace::span waiting(trace::what::ready_wait, traced_task, trace::task_row);
      co_await asio::post(ex, asio::use_awaitable);  // let every other ready coroutine run, then continue
    }
  }
  co_return s.total();
}

}  // namespace lab
