#pragma once
// lab-server's core: a Boost.Asio TCP server on 127.0.0.1 speaking net/protocol.hpp, one
// coroutine per connection, answering a connection's requests in order.
//
// `delay` is an awaited timer, so any number of delays wait at once on one loop thread.
// `gauss` computes on a loop thread in slices of gauss_slice samples (~8 ms each), yielding to
// the loop between slices as the async model's CPU tasks do, and giving up if its client has
// gone. So with loop_threads=1 a heavy request shares the one thread: other connections'
// answers are late by at most a slice at a time, and several gauss requests take turns. With
// loop_threads=N up to N gauss requests compute in parallel and delays are not held up.
// A client that shuts down its sending side before reading a gauss answer counts as gone.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace lab::net {

inline constexpr std::uint64_t gauss_slice = 1ULL << 20;

struct server_options {
  std::uint16_t port = 0;         // 0: the kernel picks a free port
  std::size_t loop_threads = 1;   // threads running the io_context
  bool stop_on_signals = false;   // SIGINT and SIGTERM end run() (lab-server sets it)
};

class server {
 public:
  // Listens on 127.0.0.1:port. Throws run_error naming the address and the cause.
  explicit server(const server_options& opts);
  ~server();
  server(const server&) = delete;
  server& operator=(const server&) = delete;

  std::uint16_t port() const;
  // Serves on loop_threads threads, the caller's included, until stop() or a signal. Once.
  void run();
  // Ends run(); callable from any thread, before or during run().
  void stop();

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace lab::net
