#pragma once
// The lab-server client for serial, threads and procs: plain POSIX sockets, every step bounded
// by a deadline (non-blocking socket + poll), so a dead or silent server costs at most the
// timeout. Failures throw run_error naming the server and the cause.
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "net/address.hpp"
#include "net/exchange.hpp"

namespace lab::net {

class blocking_client {
 public:
  // Connects within `timeout`.
  blocking_client(const server_address& server, std::chrono::milliseconds timeout);
  ~blocking_client();
  blocking_client(const blocking_client&) = delete;
  blocking_client& operator=(const blocking_client&) = delete;

  // Sends one request line (without '\n') and returns the answer line (without '\n'),
  // both within `timeout`.
  // A server that answers more than one line, or sends bytes no request asked for, fails it.
  std::string round_trip(std::string_view line, std::chrono::milliseconds timeout);
  int native_handle() const { return fd_; }

 private:
  using clock = std::chrono::steady_clock;
  void connect(clock::time_point deadline);
  std::string exchange(std::string_view line, clock::time_point deadline);
  [[noreturn]] void fail(const std::string& what) const;
  friend exchange_stamps exchange_once(const server_address&, std::string_view, clock::time_point,
                                       const std::function<void()>&);
  blocking_client(const server_address& server, std::chrono::milliseconds timeout, clock::time_point deadline);

  server_address server_;
  std::chrono::milliseconds timeout_;
  int fd_ = -1;
  std::string pending_;  // bytes read past the last answer
};

// Server bytes quoted in an error: printable ASCII only, at most 60 of them.
std::string printable(std::string_view bytes);

// One connection, one request, one answer, all by `deadline`, stamped (sent: once connected,
// just before the send; `on_sent`, when given, is called then): a task's round trip on a
// connection of its own (models/task.hpp).
exchange_stamps exchange_once(const server_address& server, std::string_view line,
                              std::chrono::steady_clock::time_point deadline,
                              const std::function<void()>& on_sent = {});
// The same within `timeout`, the answer alone.
std::string request_once(const server_address& server, std::string_view line, std::chrono::milliseconds timeout);

struct server_stats;  // net/protocol.hpp
// The server's `stats` answer, or nullopt when it does not give one (not a lab-server, or an
// older one); throws run_error when it cannot be reached.
std::optional<server_stats> query_stats(const server_address& server, std::chrono::milliseconds timeout);

}  // namespace lab::net
