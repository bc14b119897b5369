#pragma once
// Runs an executable as a child process and measures it from outside: wall clock from just
// before launch to the moment wait4 reaps it, and the rusage wait4 returns (user/sys CPU,
// peak RSS, context switches of the child and of the descendants it reaped).
#include <sys/resource.h>

#include <chrono>
#include <string>
#include <vector>

namespace lab {

struct child_run {
  bool started = false;
  std::string start_error;   // why it could not start
  int wait_status = 0;       // as from waitpid
  bool timed_out = false;    // killed by us after the timeout
  std::string out;           // everything it wrote to stdout
  std::string err;           // and to stderr
  double wall_s = 0;
  struct rusage usage {};
};

child_run run_child(const std::string& exe, const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout);

// Sends `sig` to the child run_child is waiting for, if there is one; async-signal-safe,
// for a signal handler that wants the run in flight to end now (`lab sweep` on SIGINT or
// SIGTERM from `kill`: a Ctrl-C on a terminal reaches the child by itself, as it shares
// the terminal's foreground process group). Only the direct child is signalled; processes
// it started (procs' workers) find their pipe closed and end when they write to it.
void signal_running_child(int sig) noexcept;

}  // namespace lab
