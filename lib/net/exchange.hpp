#pragma once
// One request's answer and when it left and came back: what every lab-server client returns.
#include <chrono>
#include <string>

namespace lab::net {

struct exchange_stamps {
  std::string answer;
  std::chrono::steady_clock::time_point sent;      // just before the request's bytes were written
  std::chrono::steady_clock::time_point answered;  // when the whole answer line had been read
  // On a connection pool: how long the request waited for a free connection before `sent`
  // (0: one was free at once).
  double lease_wait_s = 0;
  double latency_s() const { return std::chrono::duration<double>(answered - sent).count(); }
};

}  // namespace lab::net
