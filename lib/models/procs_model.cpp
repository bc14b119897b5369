// procs: one process per worker, each running its slice of the tasks (models/slice.hpp).
// spawn=fork: fork() and run the slice in the copy, totals back over a pipe.
// spawn=exec: Boost.Process v2 starts this executable again in worker mode, totals on its
// stdout. Either way every child is reaped; a child that dies or writes garbage fails the run.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
// The umbrella header: in Boost 1.81 the single v2 headers miss includes of their own.
#include <boost/process/v2.hpp>

#include "core/die_with_parent.hpp"
#include "core/error.hpp"
#include "core/resource_hint.hpp"
#include "core/wait_status.hpp"
#include "models/factories.hpp"
#include "models/model.hpp"
#include "models/reap.hpp"
#include "models/slice.hpp"
#include "models/spawn_param.hpp"
#include "models/unit_probe.hpp"
#include "trace/session.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

namespace {

struct worker_proc {
  pid_t pid = -1;
  std::unique_ptr<asio::readable_pipe> out;
  std::string text;
};

class procs_model final : public model {
 public:
  explicit procs_model(run_context ctx) : ctx_(std::move(ctx)), exec_(spawn_mode_of(ctx_.values) == spawn_mode::exec) {}

  std::vector<task_result> run_tasks(const task_set& set) override {
    std::vector<task_result> results(set.tasks);
    if (set.tasks == 0) return results;
    const std::size_t n = concurrency(set);
    asio::io_context io;
    std::vector<worker_proc> workers;
    workers.reserve(n);
    const std::int64_t trace_cap = trace::on() ? trace::share_cap(n) : 0;  // each process its share of the run's cap
    shared_task_queue queue(set.tasks, n);  // after each worker's first task, as threads do
    try {
      for (std::size_t k = 0; k < n; ++k)
        workers.push_back(exec_ ? start_exec(io, k, n, queue, trace_cap) : start_fork(io, set, k, n, queue, trace_cap));
    } catch (const run_error&) {
      abandon(workers);
      throw;
    }
    for (auto& w : workers)
      asio::async_read(*w.out, asio::dynamic_buffer(w.text), [](boost::system::error_code, std::size_t) {});
    {
      trace::span waiting(trace::what::workers);
      io.run();  // every read ends at EOF, when its worker exits or closes stdout
    }

    std::string error;
    long long rss_sum = 0;
    for (std::size_t k = 0; k < workers.size(); ++k) {
      struct rusage usage {};
      const int status = reap(workers[k].pid, &usage);
      rss_sum += usage.ru_maxrss;
      if (error.empty() && !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        error = "worker " + std::to_string(k) + " (pid " + std::to_string(workers[k].pid) + ") " +
                describe_wait_status(status);
        if (const auto why = slice_error(workers[k].text); !why.empty()) error += ": " + why;
      }
    }
    if (!error.empty()) throw run_error(error);
    std::vector<bool> seen(results.size(), false);
    for (std::size_t k = 0; k < workers.size(); ++k) read_slice(workers[k].text, k, results, seen);
    check_slices_complete(seen);
    // The driver's wait4 reports the largest process of the run; memory bought with
    // processes is the sum: this process plus each worker's peak (an upper bound, since
    // forked workers share their parent's pages until they write them).
    struct rusage self {};
    ::getrusage(RUSAGE_SELF, &self);
    metrics_["rss_sum_kib"] = self.ru_maxrss + rss_sum;
    metrics_["rss_sum_method"] = "model process + sum of each worker's peak RSS (wait4)";
    return results;
  }

  boost::json::object metrics() const override { return metrics_; }

  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_procs_probe(ctx); }

 private:
  // A unit could not be created: stop the ones that were, and leave no zombie.
  static void abandon(const std::vector<worker_proc>& workers) {
    std::vector<pid_t> pids;
    for (const auto& w : workers) pids.push_back(w.pid);
    kill_and_reap(pids);
  }

  static std::string unit_error(const char* what, std::size_t k, std::size_t n, int err) {
    return std::string("could not ") + what + " worker " + std::to_string(k + 1) + " of " + std::to_string(n) +
           ": " + std::strerror(err) + unit_limit_hint(err, "kernel.pid_max");
  }

  worker_proc start_fork(asio::io_context& io, const task_set& set, std::size_t k, std::size_t n,
                         shared_task_queue& queue, std::int64_t trace_cap) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw run_error(unit_error("open a pipe for", k, n, errno));
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
      const int err = errno;
      ::close(fds[0]);
      ::close(fds[1]);
      throw run_error(unit_error("fork", k, n, err));
    }
    if (pid == 0) {
      die_with_parent(parent);
      ::close(fds[0]);
      trace::become_worker(k, trace_cap, "lab-procs worker " + std::to_string(k));
      int code = 0;
      try {
        code = write_slice(set, k, queue, fds[1]) ? 0 : 3;
        if (trace::on()) trace::finish();  // the parent merges this process's events
      } catch (const std::exception& e) {
        queue.close();  // the run has failed: the other workers take no more tasks
        std::fprintf(stderr, "worker %zu: %s\n", k, e.what());
        write_slice_error(fds[1], e.what());
        code = 4;
      }
      ::_exit(code);  // not exit(): the copy must not run the parent's atexit handlers or flush its buffers
    }
    ::close(fds[1]);
    worker_proc w;
    w.pid = pid;
    w.out = std::make_unique<asio::readable_pipe>(io, fds[0]);
    return w;
  }

  worker_proc start_exec(asio::io_context& io, std::size_t k, std::size_t n, const shared_task_queue& queue,
                         std::int64_t trace_cap) {
    std::vector<std::string> args{"--worker=" + std::to_string(k) + "/" + std::to_string(n),
                                  "--task-queue=" + queue.path(), "--scenario=" + ctx_.scenario};
    for (auto& a : trace::worker_args(k, trace_cap)) args.push_back(std::move(a));
    for (const auto& [key, value] : ctx_.values.as_assignments()) {
      args.push_back("--set");
      args.push_back(key + "=" + value);
    }
    worker_proc w;
    w.out = std::make_unique<asio::readable_pipe>(io);
    try {
      bp2::process proc(io, ctx_.self_exe, args, bp2::process_stdio{nullptr, *w.out, {}}, die_with_parent_init{});
      w.pid = proc.id();
      proc.detach();  // reaped by waitpid like a forked worker
    } catch (const boost::system::system_error& e) {
      throw run_error(unit_error("start", k, n, e.code().value()));
    }
    return w;
  }

  run_context ctx_;
  bool exec_;
  boost::json::object metrics_;
};

std::unique_ptr<model> make_procs_model(const run_context& ctx) { return std::make_unique<procs_model>(ctx); }

const register_model registered{"procs", make_procs_model};

}  // namespace

}  // namespace lab
