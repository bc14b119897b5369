#include "net/server_process.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
// The umbrella header: in Boost 1.81 the single v2 headers miss includes of their own.
#include <boost/process/v2.hpp>

#include "core/error.hpp"
#include "core/text.hpp"
#include "core/wait_status.hpp"

namespace lab::net {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

namespace {

// A v2 launcher initializer run in the child between fork and exec: the server gets SIGTERM
// when the thread that started it ends, so a driver that crashes leaves no server behind.
struct die_with_parent {
  pid_t parent = ::getpid();
  template <typename Launcher>
  boost::system::error_code on_exec_setup(Launcher&, const bp2::filesystem::path&, const char* const*&) {
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() != parent) ::_exit(1);  // the parent died before prctl took effect
    return {};
  }
};

int reap(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

int terminate_and_reap(pid_t pid, std::chrono::milliseconds grace) {
  int status = 0;
  pid_t r = ::waitpid(pid, &status, WNOHANG);
  if (r == pid) return status;
  if (r < 0) return 0;  // not our child (already reaped)
  ::kill(pid, SIGTERM);
  const auto deadline = std::chrono::steady_clock::now() + grace;
  while (std::chrono::steady_clock::now() < deadline) {
    r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ::kill(pid, SIGKILL);
  return reap(pid);
}

namespace {

struct first_line {
  std::string text;
  boost::system::error_code ec;
  bool timed_out = false;
};

// The first line, within `timeout`. Anything after it is not read: the server prints nothing else.
first_line read_first_line(asio::io_context& io, asio::readable_pipe& out, std::chrono::milliseconds timeout) {
  first_line got;
  asio::steady_timer timer(io, timeout);
  asio::async_read_until(out, asio::dynamic_buffer(got.text, 4096), '\n', [&](boost::system::error_code e, std::size_t) {
    got.ec = e;
    timer.cancel();
  });
  timer.async_wait([&](boost::system::error_code e) {
    if (e) return;
    got.timed_out = true;
    out.close();
  });
  io.run();
  return got;
}

}  // namespace

server_process::server_process(server_process_options opts) : opts_(std::move(opts)) {
  const std::string who = "lab-server '" + opts_.exe + "'";
  if (::access(opts_.exe.c_str(), X_OK) != 0)
    throw run_error("could not start " + who + ": " + std::strerror(errno));

  asio::io_context io;
  asio::readable_pipe out(io);
  const std::vector<std::string> args{"--port", std::to_string(opts_.port), "--threads",
                                      std::to_string(opts_.threads)};
  bp2::default_process_launcher launcher;
  boost::system::error_code ec;
  // The executor overload: in 1.81 the io_context overload ignores `ec` and throws.
  auto proc = launcher(io.get_executor(), ec, opts_.exe, args, bp2::process_stdio{nullptr, out, {}}, die_with_parent{});
  if (ec) {
    if (launcher.pid > 0) reap(launcher.pid);  // a child whose exec failed exits at once
    throw run_error("could not start " + who + ": " + ec.message());
  }
  pid_ = proc.id();
  proc.detach();  // this object reaps it, with the grace period the v2 destructor lacks

  const auto [text, read_ec, timed_out] = read_first_line(io, out, opts_.start_timeout);
  std::string problem;
  if (timed_out) {
    problem = "printed no port line within " + std::to_string(opts_.start_timeout.count()) + " ms";
  } else if (read_ec) {
    // Most likely it exited (bad option, port taken): say how.
    const int status = terminate_and_reap(pid_, opts_.stop_grace);
    pid_ = -1;
    throw run_error(who + " " + describe_wait_status(status) + " before printing its port (" +
                    read_ec.message() + ")");
  } else {
    const auto line = trim(text.substr(0, text.find('\n')));
    unsigned port = 0;
    char tail = 0;
    if (std::sscanf(line.c_str(), "port %u%c", &port, &tail) == 1 && port > 0 && port <= 65535)
      port_ = static_cast<std::uint16_t>(port);
    else
      problem = "printed '" + line.substr(0, 80) + "' instead of 'port N'";
  }
  if (!problem.empty()) {
    terminate_and_reap(pid_, opts_.stop_grace);
    pid_ = -1;
    throw run_error(who + " " + problem);
  }
}

server_process::~server_process() { stop(); }

std::string server_process::stop() {
  if (pid_ > 0) {
    ended_ = describe_wait_status(terminate_and_reap(pid_, opts_.stop_grace));
    pid_ = -1;
  }
  return ended_;
}

}  // namespace lab::net
