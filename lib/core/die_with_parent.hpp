#pragma once
// A child the lab starts must not outlive the process that started it: if the driver or a
// model process is killed (Ctrl-C, a timeout's SIGKILL), its workers get SIGKILL too
// instead of running on as orphans. PR_SET_PDEATHSIG, set in the child before exec.
#include <sys/prctl.h>
#include <unistd.h>

#include <csignal>

#include <boost/system/error_code.hpp>

namespace lab {

// Call in a freshly forked child; `parent` is the pid that forked it.
inline void die_with_parent(pid_t parent) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != parent) ::_exit(137);  // the parent died before the call
}

// The same as a Boost.Process v2 initializer (runs in the child between fork and exec).
struct die_with_parent_init {
  pid_t parent = ::getpid();
  template <typename Launcher, typename Path, typename Argv>
  boost::system::error_code on_exec_setup(Launcher&, const Path&, const Argv&) const {
    die_with_parent(parent);
    return {};
  }
};

}  // namespace lab
