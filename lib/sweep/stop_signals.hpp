#pragma once
// SIGINT and SIGTERM as a request to stop a sweep cleanly: the handler only records the
// signal and passes it on to the run in flight (signal_running_child), so that run ends now
// rather than at its timeout; the sweep sees the request between runs, never tears a line,
// and ends. A second signal kills the run in flight with SIGKILL.
namespace lab {

// Installs the handlers for its lifetime and restores the previous ones after. One at a
// time per process.
class stop_signals {
 public:
  stop_signals();
  ~stop_signals();
  stop_signals(const stop_signals&) = delete;
  stop_signals& operator=(const stop_signals&) = delete;

  bool requested() const;
  int signal() const;  // the first one received, 0 if none
};

}  // namespace lab
