#pragma once
// What the lab-server's and its clients' coroutines share: Asio over TCP on the steady clock,
// and awaited steps that return their error as a value. `co_await op(no_throw)` yields
// (error_code, ...) instead of throwing, so an error can be said in words, and a branch of
// `||` that fails does not leave its rival (the deadline's timer) to end the wait.
#include <chrono>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace lab::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using clock_type = std::chrono::steady_clock;

inline constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

}  // namespace lab::net
