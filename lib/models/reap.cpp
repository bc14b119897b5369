#include "models/reap.hpp"

#include <sys/wait.h>

#include <cerrno>
#include <csignal>

namespace lab {

int reap(pid_t pid, rusage* usage) {
  int status = 0;
  while (::wait4(pid, &status, 0, usage) < 0 && errno == EINTR) {
  }
  return status;
}

void kill_and_reap(const std::vector<pid_t>& pids) {
  for (pid_t p : pids) ::kill(p, SIGKILL);
  for (pid_t p : pids) reap(p);
}

}  // namespace lab
