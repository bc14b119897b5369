#include "measure/child_process.hpp"

#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <functional>
#include <optional>

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/process/v2.hpp>

#include "core/die_with_parent.hpp"

namespace lab {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

namespace {

// The child being waited for, for signal_running_child. Cleared before the child is
// reaped, so its pid cannot be reused by another process while it is still stored here.
std::atomic<pid_t> running_child{0};
static_assert(std::atomic<pid_t>::is_always_lock_free, "read in a signal handler");

void forget_running_child(pid_t pid) {
  pid_t expected = pid;
  running_child.compare_exchange_strong(expected, 0);
}

// Starts exe with its stdout and stderr on the pipes: its pid, or -1 with run.start_error said.
pid_t start_child(asio::io_context& io, const std::string& exe, const std::vector<std::string>& args,
                  asio::readable_pipe& out, asio::readable_pipe& err, child_run& run) {
  try {
    bp2::process proc(io, exe, args, bp2::process_stdio{nullptr, out, err}, die_with_parent_init{});
    const pid_t pid = proc.id();
    running_child.store(pid);
    // We reap it ourselves with wait4, which Boost.Process does not offer, for the rusage.
    proc.detach();
    return pid;
  } catch (const boost::system::system_error& e) {
    run.start_error = "could not start " + exe + ": " + e.code().message();
    return -1;
  }
}

// A pidfd becomes readable when the child exits, so the exit is awaited like the pipes
// instead of polled, and the wall clock stops when the kernel says it ended. Empty where the
// kernel has no pidfd: the pipes' end stands in for the exit.
std::optional<asio::posix::stream_descriptor> watch_exit(asio::io_context& io, pid_t pid) {
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  if (pidfd < 0) return std::nullopt;
  return std::optional<asio::posix::stream_descriptor>(std::in_place, io, pidfd);
}

// wait4, again when a caught signal interrupts it (lab sweep's SIGINT handler): given up there,
// the child would stay unreaped, its status and rusage lost.
pid_t wait_child(pid_t pid, int flags, int& status, struct rusage& usage) {
  pid_t r;
  while ((r = ::wait4(pid, &status, flags, &usage)) < 0 && errno == EINTR) {
  }
  return r;
}

}  // namespace

void signal_running_child(int sig) noexcept {
  const pid_t pid = running_child.load();
  if (pid > 0) ::kill(pid, sig);
}

child_run run_child(const std::string& exe, const std::vector<std::string>& args,
                    std::chrono::milliseconds timeout) {
  child_run run;
  asio::io_context io;
  asio::readable_pipe out(io), err(io);
  const auto t0 = std::chrono::steady_clock::now();
  const pid_t pid = start_child(io, exe, args, out, err, run);
  if (pid < 0) return run;
  run.started = true;
  std::optional<asio::posix::stream_descriptor> exit_watch = watch_exit(io, pid);

  asio::steady_timer deadline(io, timeout);
  bool reaped = false;
  int open_pipes = 2;
  // After the child is gone, pipes it handed to descendants may stay open: wait that long.
  const auto grace = std::chrono::seconds(2);
  auto finish_if_done = [&] {
    if (reaped && open_pipes == 0) deadline.cancel();
  };
  std::function<void(boost::system::error_code)> on_deadline = [&](boost::system::error_code ec) {
    if (ec) return;
    if (!reaped) {
      run.timed_out = true;
      ::kill(pid, SIGKILL);
    } else {
      out.close();
      err.close();
    }
  };
  auto reap = [&](int flags) {
    if (reaped) return;
    int status = 0;
    if (flags == 0) forget_running_child(pid);
    if (wait_child(pid, flags, status, run.usage) == pid) {
      reaped = true;
      run.wait_status = status;
      run.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      deadline.expires_after(grace);
      deadline.async_wait(on_deadline);
      finish_if_done();
    }
  };
  deadline.async_wait(on_deadline);
  if (exit_watch)
    exit_watch->async_wait(asio::posix::stream_descriptor::wait_read,
                           [&](boost::system::error_code ec) {
                             if (!ec) reap(0);
                           });
  auto on_eof = [&](boost::system::error_code, std::size_t) {
    --open_pipes;
    if (open_pipes == 0 && !exit_watch) reap(0);
    finish_if_done();
  };
  asio::async_read(out, asio::dynamic_buffer(run.out), on_eof);
  asio::async_read(err, asio::dynamic_buffer(run.err), on_eof);
  io.run();  // ends when both pipes reached EOF and the exit (or the timeout) was seen
  reap(0);
  return run;
}

}  // namespace lab
