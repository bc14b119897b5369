#include "sweep/stop_signals.hpp"

#include <atomic>
#include <csignal>

#include "measure/child_process.hpp"

namespace lab {

namespace {

std::atomic<int> received{0};
static_assert(std::atomic<int>::is_always_lock_free, "written in a signal handler");

struct sigaction previous_int {}, previous_term {};

extern "C" void on_stop_signal(int sig) {
  int none = 0;
  const bool first = received.compare_exchange_strong(none, sig);
  signal_running_child(first ? sig : SIGKILL);
}

}  // namespace

stop_signals::stop_signals() {
  received.store(0);
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a blocking wait returns early and the sweep looks at the flag
  ::sigaction(SIGINT, &sa, &previous_int);
  ::sigaction(SIGTERM, &sa, &previous_term);
}

stop_signals::~stop_signals() {
  ::sigaction(SIGINT, &previous_int, nullptr);
  ::sigaction(SIGTERM, &previous_term, nullptr);
}

bool stop_signals::requested() const { return received.load() != 0; }

int stop_signals::signal() const { return received.load(); }

}  // namespace lab
