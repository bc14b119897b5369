#pragma once
// One lab-server request whose send and answer moments are stamped, for the yield scenario:
// its I/O latency runs from the send to the moment the task has read the answer, which is
// what a loop held by a greedy task delays. net::async_request and net::request_once hide
// the send inside one call; these split it out. Failures throw run_error naming the server.
#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "net/address.hpp"

namespace lab {

struct request_stamps {
  std::chrono::steady_clock::time_point sent;      // just before the request's bytes were written
  std::chrono::steady_clock::time_point answered;  // when the task had read the whole answer line
  double latency_s() const { return std::chrono::duration<double>(answered - sent).count(); }
};

// The async model's form: connect, send `line` (without '\n'), call `on_sent` once the send
// has completed, then await the answer and check it is `expected`; all within `timeout`.
// Runs on a strand of the caller's executor (safe with loop_threads > 1), so `on_sent` may run
// on another loop thread than the caller's.
boost::asio::awaitable<request_stamps> async_stamped_request(net::server_address server, std::string line,
                                                             std::string expected,
                                                             std::chrono::milliseconds timeout,
                                                             std::function<void()> on_sent);

// The blocking form for threads (net::blocking_client): connect, then send and read, all
// within `timeout`, the answer checked against `expected`.
request_stamps blocking_stamped_request(const net::server_address& server, const std::string& line,
                                        const std::string& expected, std::chrono::milliseconds timeout);

}  // namespace lab
