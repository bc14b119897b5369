// The shared task queue procs' workers take from (models/task_queue.hpp).
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "models/run_start.hpp"
#include "models/task_queue.hpp"

TEST_CASE("task queue: forked processes and a process that opens it by path take every task exactly once") {
  constexpr std::size_t tasks = 3000;
  lab::shared_task_queue q(tasks);
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  std::vector<pid_t> kids;
  for (int k = 0; k < 2; ++k) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(fds[0]);
      // One child takes through the inherited mapping, the other opens the queue by path.
      auto take = [&](lab::shared_task_queue& from) {
        for (std::size_t i = from.next(); i < tasks; i = from.next()) {
          char line[32];
          const int n = std::snprintf(line, sizeof line, "%zu\n", i);
          if (::write(fds[1], line, static_cast<std::size_t>(n)) != n) ::_exit(3);
        }
      };
      if (k == 0) {
        take(q);
      } else {
        lab::shared_task_queue by_path(q.path(), tasks);
        take(by_path);
      }
      ::_exit(0);
    }
    kids.push_back(pid);
  }
  ::close(fds[1]);
  std::vector<std::size_t> mine;
  for (std::size_t i = q.next(); i < tasks; i = q.next()) mine.push_back(i);
  std::string text;
  char buf[4096];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  for (pid_t pid : kids) {
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
  }
  std::multiset<std::size_t> all(mine.begin(), mine.end());
  std::size_t at = 0;
  while (at < text.size()) {
    const auto nl = text.find('\n', at);
    all.insert(std::stoul(text.substr(at, nl - at)));
    at = nl + 1;
  }
  CHECK(all.size() == tasks);
  CHECK(std::set<std::size_t>(all.begin(), all.end()).size() == tasks);
  CHECK(*all.rbegin() == tasks - 1);
  CHECK(q.next() == tasks);  // drained: every later call says so
  lab::shared_task_queue fresh(4);
  fresh.close();
  CHECK(fresh.next() == 4);  // closed: no more tasks handed out
  CHECK_THROWS_AS(lab::shared_task_queue("/nonexistent/queue", 4), lab::run_error);
}

TEST_CASE("run start: a procs worker that shares its parent's slot counts from the run's first task, not its own") {
  using clock = std::chrono::steady_clock;
  lab::shared_task_queue q(1);
  lab::run_start::reset();
  const auto first = clock::now();
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The first worker up marks the start; one that comes later (by path, as exec'd) gets it back.
    lab::run_start::share(q.start_slot());
    const bool same_start = lab::run_start::mark(first) == first;
    lab::shared_task_queue by_path(q.path(), 1);
    lab::run_start::share(by_path.start_slot());
    const bool later_sees_it = lab::run_start::mark(first + std::chrono::seconds(1)) == first;
    const char ok = same_start && later_sees_it ? 'y' : 'n';
    ::_exit(::write(fds[1], &ok, 1) == 1 ? 0 : 3);
  }
  ::close(fds[1]);
  char got = 0;
  CHECK(::read(fds[0], &got, 1) == 1);
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  CHECK(got == 'y');
  // The parent's own start is untouched by its workers', and a new run starts afresh.
  const auto own = clock::now();
  CHECK(lab::run_start::mark(own) == own);
  lab::run_start::reset();
  CHECK(lab::run_start::mark(own + std::chrono::seconds(2)) == own + std::chrono::seconds(2));
}
