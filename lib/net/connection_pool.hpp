#pragma once
// N persistent connections to a lab-server, opened up front, one request in flight on each:
// what the io scenario's `connections` parameter gives every model. Blocking callers
// (serial, threads, procs) lease a connection under a mutex; coroutines (async) lease one
// from a channel on their io_context and talk over an Asio socket on a dup() of its
// descriptor, so both sides share the same server connections.
//
// A connection whose request failed (a timeout leaves an answer in flight) is not handed out
// again. Failures throw run_error naming the server and the cause.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <boost/asio/awaitable.hpp>

#include "net/address.hpp"
#include "net/blocking_client.hpp"
#include "net/exchange.hpp"

namespace lab::net {

// Which part of a pool an io_context leases from: connections i with i % of == index. Event
// loops that each run on one thread (fibers' carriers) split a pool so that no connection is
// leased by two loops at once; one io_context, whatever its threads, takes it whole.
struct pool_share {
  std::size_t index = 0;
  std::size_t of = 1;
};

class connection_pool {
 public:
  // Opens `size` connections, each within `timeout`.
  connection_pool(const server_address& server, std::size_t size, std::chrono::milliseconds timeout);
  ~connection_pool();
  connection_pool(const connection_pool&) = delete;
  connection_pool& operator=(const connection_pool&) = delete;

  std::size_t size() const { return clients_.size(); }
  const server_address& server() const { return server_; }

  // Leases a connection (waiting for one to be free), sends `line`, reads its answer: all
  // before `deadline`.
  exchange_stamps round_trip(const std::string& line, std::chrono::steady_clock::time_point deadline);
  // The same for a coroutine. `strand`: run on a strand of the caller's executor (needed when
  // several threads run it: the deadline races the exchange). `share`: the part of the pool
  // the caller's io_context leases from, the same on every call from it.
  boost::asio::awaitable<exchange_stamps> async_round_trip(std::string line,
                                                           std::chrono::steady_clock::time_point deadline,
                                                           bool strand, pool_share share = {});

  struct async_side;  // per io_context (an Asio service), in the .cpp

 private:
  server_address server_;
  std::vector<std::unique_ptr<blocking_client>> clients_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::size_t> free_;  // indices of idle connections, used as a stack
};

}  // namespace lab::net
