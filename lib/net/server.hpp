#pragma once
// lab-server's core: a Boost.Asio TCP server on 127.0.0.1 speaking net/protocol.hpp, one
// coroutine per connection, answering a connection's requests in order.
//
// `threads` loop threads, each running its own io_context; the acceptor on the first hands new
// connections round them, so a connection is only ever touched by one thread and the server
// scales with cores without locks or strands. (Not SO_REUSEPORT acceptors: those would let a
// second server bind a port that is taken instead of failing.)
//
// `delay` is an awaited timer, so any number of delays wait at once on one loop thread; while
// a delay of a second or more waits the socket is watched, and a client that closes or resets
// frees its connection at once rather than when the delay ends (a shorter one is not watched:
// the watch would double the server's CPU per request). `gauss` computes off the loops, on a
// pool of as many threads as there are loop threads (the server's CPU is what it was), in
// slices of gauss_slice samples (~0.5 ms each), going to the back of the pool's queue between
// slices so queued requests take turns, and gives up as soon as its client has gone (checked
// before the first slice too), so an abandoned request costs at most one slice. The loops stay
// free for ping, stats and delays however many gauss requests are queued (at most
// max_gauss_jobs; past that `error busy`: a connection has one at a time, its answers being
// in order).
// A client that shuts down its sending side before reading an answer counts as gone.
#include <cstddef>
#include <cstdint>
#include <memory>

namespace lab::net {

inline constexpr std::uint64_t gauss_slice = 1ULL << 16;
inline constexpr std::size_t max_gauss_jobs = 10000;

struct server_options {
  std::uint16_t port = 0;         // 0: the kernel picks a free port
  std::size_t threads = 1;        // loop threads; the first accepts for all
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
  // Serves on `threads` threads, the caller's included, until stop() or a signal. Once.
  void run();
  // Ends run(); callable from any thread, before or during run().
  void stop();
  // Connections accepted so far (what `stats` answers, beside the process's CPU time).
  std::uint64_t accepted() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

// User + system CPU seconds of this process so far.
double process_cpu_s();

}  // namespace lab::net
