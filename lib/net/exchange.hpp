#pragma once
// One request's answer and when it left and came back: what every lab-server client returns.
#include <chrono>
#include <string>

namespace lab::net {

struct exchange_stamps {
  std::string answer;
  std::chrono::steady_clock::time_point sent;      // just before the request's bytes were written
  std::chrono::steady_clock::time_point answered;  // when the whole answer line had been read
  double latency_s() const { return std::chrono::duration<double>(answered - sent).count(); }
};

}  // namespace lab::net
