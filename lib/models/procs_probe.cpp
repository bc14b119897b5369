// procs' units: processes. spawn=fork forks copies that _exit at once; spawn=exec launches an
// executable through Boost.Process v2 (the model executable itself with --unit=exit, the
// worker the procs model really execs, or /bin/true with exec_target=true). hold_alive
// keeps the children blocked on a pipe read; ping_pong hands a token to a forked child
// through a pair of pipes. Every child is reaped, on failure too.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>

#include <boost/asio/io_context.hpp>
// The umbrella header: in Boost 1.81 the single v2 headers miss includes of their own.
#include <boost/process/v2.hpp>

#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "core/wait_status.hpp"
#include "models/handoff.hpp"
#include "models/reap.hpp"
#include "models/spawn_param.hpp"
#include "models/unit_probe.hpp"

namespace lab {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

namespace {

using clock_type = std::chrono::steady_clock;

// How long held children may take to report that they are up before the run fails.
constexpr auto start_timeout = std::chrono::seconds(120);

// A Boost.Process v2 initializer: runs in the child between fork and exec.
struct pin_before_exec {
  int cpu = -1;  // -1: keep the inherited mask
  bp2::error_code on_exec_setup(bp2::posix::default_launcher&, const bp2::filesystem::path&, const char* const*) {
    if (cpu >= 0 && !pin_calling_thread(cpu)) return {errno, boost::system::system_category()};
    return {};
  }
};

void reap_all_checked(const std::vector<pid_t>& pids) {
  std::string error;
  for (std::size_t k = 0; k < pids.size(); ++k) {
    const int status = reap(pids[k]);
    if (error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
      error = "unit " + std::to_string(k + 1) + " (pid " + std::to_string(pids[k]) + ") " + describe_wait_status(status);
  }
  if (!error.empty()) throw run_error(error);
}

std::string unit_error(const char* what, std::size_t k, std::size_t n, int err) {
  return std::string("could not ") + what + " unit " + std::to_string(k + 1) + " of " + std::to_string(n) + ": " +
         std::strerror(err) + unit_limit_hint(err, "kernel.pid_max");
}

// Alive: the kernel still runs it or has it asleep, i.e. not a zombie waiting to be reaped.
bool running(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const auto close = text.rfind(')');
  if (close == std::string::npos || close + 2 >= text.size()) return false;
  const char state = text[close + 2];
  return state != 'Z' && state != 'X' && state != 'x';
}

// Reads one byte per child that reports it is up, until n, end of file or the timeout.
std::size_t collect_tokens(int fd, std::size_t n) {
  std::size_t got = 0;
  const auto deadline = clock_type::now() + start_timeout;
  char buf[4096];
  while (got < n) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock_type::now()).count();
    if (left <= 0) break;
    pollfd p{fd, POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(left));
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) break;
    const ssize_t r = ::read(fd, buf, std::min(sizeof buf, n - got));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    got += static_cast<std::size_t>(r);
  }
  return got;
}

class procs_probe final : public unit_probe {
 public:
  explicit procs_probe(const run_context& ctx)
      : where_(placement_of(ctx.values)),
        exec_(spawn_mode_of(ctx.values) == spawn_mode::exec),
        self_exe_(ctx.self_exe) {
    if (exec_ && ctx.values.has("exec_target") && ctx.values.text("exec_target") == "true") {
      exec_target_ = bp2::environment::find_executable("true").string();
      if (exec_target_.empty()) throw run_error("exec_target=true: no 'true' executable on PATH");
    } else {
      exec_target_ = self_exe_;
      exec_args_ = {"--unit=exit"};
    }
  }

  std::string unit_name() const override {
    return exec_ ? "process: Boost.Process v2 launch of " + exec_target_ + (exec_args_.empty() ? "" : " " + exec_args_[0])
                 : "process: fork";
  }

  void spawn_join(std::size_t n) override {
    std::vector<pid_t> pids;
    pids.reserve(n);
    if (exec_) {
      asio::io_context io;
      for (std::size_t k = 0; k < n; ++k) pids.push_back(launch(io, exec_target_, exec_args_, bp2::process_stdio{}, k, n, pids));
    } else {
      fork_units(n, pids, [](std::size_t) { return 0; });
    }
    reap_all_checked(pids);
  }

  // Every child writes one byte to `ready` once it is up, then blocks reading `release`
  // until its write end closes. Exec'd children are this executable with --unit=hold,
  // whatever exec_target is: /bin/true cannot block.
  std::size_t hold_alive(std::size_t n, const std::function<void(const held_units&)>& sample) override {
    pipe_pair ready("held units to report"), release("held units to wait on");
    std::vector<pid_t> pids;
    pids.reserve(n);
    if (exec_) {
      asio::io_context io;
      for (std::size_t k = 0; k < n; ++k)
        pids.push_back(launch(io, self_exe_, {"--unit=hold"}, bp2::process_stdio{release.read_end, ready.write_end, {}}, k, n, pids));
    } else {
      fork_units(n, pids, [&](std::size_t) {
        ::close(ready.read_end);
        ::close(release.write_end);
        if (!send_token(ready.write_end)) return 3;
        while (take_token(release.read_end)) {
        }
        return 0;
      });
    }
    ready.close_write();
    release.close_read();
    const std::size_t up = collect_tokens(ready.read_end, n);
    if (up < n) {
      kill_and_reap(pids);
      throw run_error("only " + std::to_string(up) + " of " + std::to_string(n) + " children reported that they were up");
    }
    std::size_t alive = 0;
    try {
      sample({pids});
      for (pid_t p : pids) alive += running(p) ? 1 : 0;
    } catch (...) {
      kill_and_reap(pids);
      throw;
    }
    release.close_write();  // every child reads end of file and exits
    reap_all_checked(pids);
    return std::min(alive, up);
  }

 private:
  // Forks n children, each placed per `where_` and then running child(k), whose value is
  // its exit status. A fork that fails ends the children already made and throws.
  template <typename Child>
  void fork_units(std::size_t n, std::vector<pid_t>& pids, Child child) const {
    for (std::size_t k = 0; k < n; ++k) {
      const pid_t pid = ::fork();
      if (pid < 0) {
        const int err = errno;
        kill_and_reap(pids);
        throw run_error(unit_error("fork", k, n, err));
      }
      if (pid == 0) {
        if (where_.spreads_units()) pin_calling_thread(where_.unit_cpu(k));
        ::_exit(child(k));
      }
      pids.push_back(pid);
    }
  }

 public:

  // The calling process is side A (placed by the scenario), a forked child side B. The
  // child reports its own count after the last hand-off, and its rusage comes from wait4.
  switch_result ping_pong(std::uint64_t n, handoff mechanism) override {
    if (mechanism != handoff::pipe) throw_unbuilt_mechanism(mechanism);
    pipe_pair to_b("process B"), to_a("process A");
    rusage u0{}, u1{}, child{};
    getrusage(RUSAGE_SELF, &u0);
    const pid_t pid = ::fork();
    if (pid < 0) throw run_error(unit_error("fork", 1, 2, errno));
    if (pid == 0) {
      ::close(to_b.write_end);
      ::close(to_a.read_end);
      if (where_.spreads_units()) pin_calling_thread(where_.unit_cpu(0));
      if (!send_token(to_a.write_end)) ::_exit(3);  // placed and ready
      std::uint64_t got_b = 0;
      for (std::uint64_t i = 0; i < n; ++i) {
        if (!take_token(to_b.read_end)) ::_exit(3);
        ++got_b;
        if (!send_token(to_a.write_end)) ::_exit(3);
      }
      const bool sent = ::write(to_a.write_end, &got_b, sizeof got_b) == static_cast<ssize_t>(sizeof got_b);
      ::_exit(sent ? 0 : 3);
    }
    to_b.close_read();
    to_a.close_write();  // so a child that dies shows up as end of file
    switch_result r;
    std::uint64_t got_a = 0, got_b = 0;
    bool ok = take_token(to_a.read_end);
    const auto t0 = clock_type::now();
    for (std::uint64_t i = 0; ok && i < n; ++i) {
      ok = send_token(to_b.write_end) && take_token(to_a.read_end);
      if (ok) ++got_a;
    }
    r.seconds = std::chrono::duration<double>(clock_type::now() - t0).count();
    ok = ok && collect_count(to_a.read_end, got_b);
    if (!ok) ::kill(pid, SIGKILL);
    const int status = reap(pid, &child);
    getrusage(RUSAGE_SELF, &u1);
    if (!ok || !(WIFEXITED(status) && WEXITSTATUS(status) == 0))
      throw run_error("the pipe ping-pong with a child process failed: the child " + describe_wait_status(status));
    r.switches = got_a + got_b;
    r.nvcsw = (u1.ru_nvcsw - u0.ru_nvcsw) + child.ru_nvcsw;
    r.nivcsw = (u1.ru_nivcsw - u0.ru_nivcsw) + child.ru_nivcsw;
    return r;
  }

 private:
  static bool collect_count(int fd, std::uint64_t& count) {
    auto* p = reinterpret_cast<char*>(&count);
    for (std::size_t off = 0; off < sizeof count;) {
      const ssize_t r = ::read(fd, p + off, sizeof count - off);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return false;
      off += static_cast<std::size_t>(r);
    }
    return true;
  }

  pid_t launch(asio::io_context& io, const std::string& exe, const std::vector<std::string>& args, bp2::process_stdio stdio,
               std::size_t k, std::size_t n, const std::vector<pid_t>& started) {
    try {
      bp2::process proc(io, exe, args, std::move(stdio),
                        pin_before_exec{where_.spreads_units() ? where_.unit_cpu(k) : -1});
      const pid_t pid = proc.id();
      proc.detach();  // reaped by wait4 like a forked unit
      return pid;
    } catch (const boost::system::system_error& e) {
      kill_and_reap(started);
      throw run_error(unit_error("start", k, n, e.code().value()));
    }
  }

  placement where_;
  bool exec_;
  std::string self_exe_;
  std::string exec_target_;
  std::vector<std::string> exec_args_;
};

}  // namespace

std::unique_ptr<unit_probe> make_procs_probe(const run_context& ctx) { return std::make_unique<procs_probe>(ctx); }

}  // namespace lab
