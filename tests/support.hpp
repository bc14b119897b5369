#pragma once
// What the tests that run the real executables share.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json/parse.hpp>
#include <chrono>
#include <cstdlib>
#include <initializer_list>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "measure/child_process.hpp"

namespace lab::test {

inline std::string bin(const std::string& name) { return std::string(LAB_BIN_DIR) + "/" + name; }

struct command_result {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string out, err;
};

inline command_result run(const std::string& exe, const std::vector<std::string>& args, int timeout_s = 60) {
  auto r = run_child(exe, args, std::chrono::seconds(timeout_s));
  command_result c;
  c.status = r.started && WIFEXITED(r.wait_status) ? WEXITSTATUS(r.wait_status) : -1;
  c.out = r.out;
  c.err = r.err;
  return c;
}

// Starts build/bin/lab with stdout and stderr to files and returns its pid, for a test that
// signals it (run() waits for its child).
inline pid_t start_lab(const std::vector<std::string>& args, const std::string& out, const std::string& err) {
  const std::string lab = bin("lab");
  const pid_t pid = ::fork();
  if (pid == 0) {
    const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(o, 1);
    ::dup2(e, 2);
    std::vector<char*> argv{const_cast<char*>(lab.c_str())};
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execv(lab.c_str(), argv.data());
    ::_exit(127);
  }
  return pid;
}

// Waits (at most a minute) until `path` holds a whole line: a test that signals lab after its first
// record waits for the record, not a fixed time, which the sanitizer builds' slower start outlasts.
inline bool wait_for_line(const std::string& path) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline) {
    char buf[4096];
    const int fd = ::open(path.c_str(), O_RDONLY);
    bool line = false;
    for (ssize_t n; fd >= 0 && !line && (n = ::read(fd, buf, sizeof buf)) > 0;)
      line = std::string_view(buf, static_cast<size_t>(n)).find('\n') != std::string_view::npos;
    if (fd >= 0) ::close(fd);
    if (line) return true;
    ::usleep(20'000);
  }
  return false;
}

// Its exit status, or 128 + the signal that ended it.
inline int wait_exit(pid_t pid) {
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// The JSON objects of every non-empty stdout line.
inline std::vector<boost::json::object> json_lines(const std::string& out) {
  std::vector<boost::json::object> objs;
  for (const auto& line : split(out, '\n'))
    if (!trim(line).empty()) objs.push_back(boost::json::parse(line).as_object());
  return objs;
}

// One run of a model executable on a scenario: its one JSON result line. REQUIREs exit 0.
inline boost::json::object run_model(const std::string& model, const std::vector<std::string>& sets,
                                     const std::string& scenario = "cpu") {
  std::vector<std::string> args{"--scenario=" + scenario};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  auto r = run(bin("lab-" + model), args);
  INFO(model, " stderr: ", r.err);
  REQUIRE(r.status == 0);
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

// Whether this build can check `model`: ThreadSanitizer does not follow Boost.Context's stack
// switches, so a TSan build leaves fibers to the other builds.
inline bool checkable_here([[maybe_unused]] const std::string& model) {
#if defined(__SANITIZE_THREAD__)
  return model != "fibers";
#else
  return true;
#endif
}

// Whether this build can check `model` failing: an exception thrown on a fiber's stack (a
// failed round trip is thrown in the Asio client's coroutine, which runs on the carrier's
// dispatcher fiber) makes AddressSanitizer report a false stack-buffer-overflow, as it warns
// itself ("ASan is ignoring requested __asan_handle_no_return ... False positive error
// reports may follow", google/sanitizers#189): Debian's Boost.Context does not announce its
// stack switches to the sanitizers. Running out of memory maps is ASan's own failure there
// too. The plain build checks these paths.
inline bool failures_checkable_here(const std::string& model) {
#if defined(__SANITIZE_ADDRESS__)
  if (model == "fibers") return false;
#endif
  return checkable_here(model);
}

// The models the catalog says run `scenario`, in its order, less those this build cannot
// check: a model added to the catalog is tested wherever its scenarios are.
inline std::vector<std::string> models_running_here(std::string_view scenario) {
  std::vector<std::string> out;
  for (auto& m : models_running(scenario))
    if (checkable_here(m)) out.push_back(std::move(m));
  return out;
}

// ---- what a test needs from the machine -------------------------------------------------

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
// The sanitizers reserve terabytes of shadow address space, which an address-space limit
// (prlimit --as) forbids.
inline constexpr bool address_limit_works = false;
#else
inline constexpr bool address_limit_works = true;
#endif

// A test that cannot run here prints this marker with why and returns at once. CMakeLists.txt
// gives every test SKIP_REGULAR_EXPRESSION on it, so CTest reports "Skipped", not "Passed".
// CTest honours the marker whatever the exit status: nothing may be checked after it.
inline constexpr char skip_marker[] = "LAB-SKIP: ";

inline void skip(const std::string& reason) { std::cout << skip_marker << reason << std::endl; }

// Where `name` is on PATH, or "": the lookup the lab's own (Boost.Process find_executable)
// makes, so PATH=... hides a tool from both.
inline std::string find_tool(const std::string& name) {
  const char* path = std::getenv("PATH");
  for (const auto& dir : split(path ? path : "", ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

// A tool `make deps` installs: without it the test fails, naming it.
inline std::string required_tool(const std::string& name) {
  const std::string found = find_tool(name);
  REQUIRE_MESSAGE(!found.empty(), name << " is not on PATH; `make deps` installs it");
  return found;
}

// A tool `make deps` only tries to install (Makefile: OPTIONAL), under any of `names`: its
// path, or "" after printing the skip marker (the caller returns).
inline std::string optional_tool(std::initializer_list<const char*> names, const std::string& needed_for) {
  for (const char* name : names)
    if (auto found = find_tool(name); !found.empty()) return found;
  skip(std::string(*names.begin()) + " is not installed (optional in `make deps`): " + needed_for + " not checked");
  return "";
}

}  // namespace lab::test
