#pragma once
// The seeds' chunked sum (seeds/001's uniform_sum with YieldToEventLoop), for every async
// scenario that computes on the loop: sum `samples` draws, handing the loop back every
// `every` samples with co_await asio::post; every = 0 never yields (the greedy task).
#include <atomic>
#include <cstdint>

#include <boost/asio/awaitable.hpp>

#include "workload/sum.hpp"

namespace lab {

// Counts each yield in `yields`; adds the time spent computing, not the time suspended while
// other coroutines ran, to *busy_s when it is given. The total is bit-identical to one pass.
boost::asio::awaitable<double> yielding_sum(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples,
                                            std::uint64_t every, std::atomic<std::uint64_t>& yields,
                                            double* busy_s = nullptr);

}  // namespace lab
