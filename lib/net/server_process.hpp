#pragma once
// A lab-server running as a child process for as long as this object lives: what the driver
// uses for the io and mixed scenarios when the user gives no `server`.
//
//   lab::net::server_process server({bin_dir + "/lab-server"});
//   ... --set server=<server.address()> ...
//   // the destructor stops and reaps it
//
// Start one per run (it takes milliseconds): a run that opens thousands of connections right
// after another did, to the same port, meets the previous run's TIME_WAIT sockets, which
// loopback may reuse only after a second (tcp_tw_reuse), and ~10% of its requests took ~1 s
// longer in io at concurrency=10000. A fresh server has a fresh port, so fresh 4-tuples.
#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace lab::net {

struct server_process_options {
  std::string exe;                                 // path of lab-server
  std::size_t threads = 0;                         // lab-server --threads; 0: one per CPU
  std::uint16_t port = 0;                          // 0: a free one
  std::chrono::milliseconds start_timeout{5000};   // to print its "port N" line
  std::chrono::milliseconds stop_grace{2000};      // SIGTERM, then SIGKILL after this
};

class server_process {
 public:
  // Starts lab-server (Boost.Process v2) and reads its port line. Throws run_error saying why
  // when it cannot start, exits early, prints garbage or stays silent for start_timeout; no
  // process is left behind then. The server dies with this process's thread that started it
  // (PR_SET_PDEATHSIG) should that thread end without running the destructor.
  explicit server_process(server_process_options opts);
  ~server_process();  // stop()
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  std::uint16_t port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }  // for --set server=
  pid_t pid() const { return pid_; }

  // SIGTERM, SIGKILL if still running after stop_grace, then reaped. Returns how it ended
  // ("exited with status 0"); idempotent, later calls return the same text.
  std::string stop();

 private:
  server_process_options opts_;
  pid_t pid_ = -1;
  std::uint16_t port_ = 0;
  std::string ended_;
};

// Sends SIGTERM to pid, waits up to `grace` for it, then SIGKILLs it; reaps it either way.
// Returns its wait status. Shared with tests.
int terminate_and_reap(pid_t pid, std::chrono::milliseconds grace);

}  // namespace lab::net
