#pragma once
// The lab-server client for the async model: every step awaited on the caller's io_context,
// so a loop thread never blocks; the deadline kept by the loop's deadline_sweeper on one loop
// thread, else raced by a steady_timer (Asio's `||` awaitable operator). With `strand` it runs on a strand of the caller's executor, as it must where
// several threads run the loop (loop_threads > 1): the deadline races the exchange.
// Failures throw run_error naming the server and the cause.
#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "net/address.hpp"
#include "net/exchange.hpp"

namespace lab::net {

// One connection, one request line (without '\n'), its answer line (without '\n'), all by
// `deadline`, stamped: the awaitable twin of exchange_once. `on_sent` (may be empty) is called
// once the send has completed, on the strand, so maybe on another loop thread than the caller's.
// Without `strand` (one loop thread) it runs on the caller's executor directly: a strand and the
// coroutine spawned on it cost two allocations and a hand-off per request.
boost::asio::awaitable<exchange_stamps> async_exchange(server_address server, std::string line,
                                                       std::chrono::steady_clock::time_point deadline,
                                                       std::function<void()> on_sent = {}, bool strand = true);

// The same within `timeout`, the answer alone: the awaitable twin of request_once.
boost::asio::awaitable<std::string> async_request(server_address server, std::string line,
                                                  std::chrono::milliseconds timeout);

}  // namespace lab::net
