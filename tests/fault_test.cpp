// Faults a hostile user or a full machine brings: every write failure is exit status 1 with
// the reason, bad bytes never reach a record unescaped, limits are named right, memory runs
// out into a failed record. Each case runs the real executables.
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "support.hpp"
#include "temp_dir.hpp"

using lab::test::bin;
using lab::test::temp_dir;
namespace fs = std::filesystem;

namespace {

// `command` through the shell, for redirections (> /dev/full).
lab::test::command_result shell(const std::string& command, int timeout_s = 60) {
  return lab::test::run("/bin/sh", {"-c", command}, timeout_s);
}

std::string lab_bin() { return bin("lab"); }

std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const char* const tiny_config = "[tiny]\nscenario = sleep\nmodels = serial\nreps = 1\nset.ms = 0\nset.tasks = 1\n";

}  // namespace

TEST_CASE("fault: every command that writes to a full stdout exits 1 naming the reason") {
  temp_dir dir;
  const std::string config = dir.write("tiny.ini", tiny_config);
  const auto rec = shell(lab_bin() + " --model=serial --scenario=sleep --set ms=0 --json > " + dir.file("r.jsonl"));
  REQUIRE(rec.status == 0);
  for (const std::string& args : std::vector<std::string>{"--model=serial --scenario=cpu --set samples=1000 --json",
                                 "--model=serial --scenario=cpu --set samples=1000", "list",
                                 "sweep " + config + " --dry-run",
                                 "report " + dir.file("r.jsonl") + " --out " + dir.file("rep") + " --no-charts"}) {
    CAPTURE(args);
    const auto r = shell(lab_bin() + " " + args + " > /dev/full");
    CHECK(r.status == 1);
    CHECK(r.err.find("cannot write to standard output: No space left on device") != std::string::npos);
  }
}

TEST_CASE("fault: a filesystem that fills during --reps --json ends with exit 1, the records before it whole") {
  temp_dir dir;
  const fs::path mnt = dir.path / "small";
  fs::create_directories(mnt);
  if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=16k") != 0) {
    lab::test::skip("cannot mount a tmpfs here (not root?): the /dev/full case covers the writers");
    return;
  }
  const auto r = shell(lab_bin() + " --model=serial --scenario=sleep --set ms=0 --reps 60 --json > " +
                       (mnt / "out.jsonl").string());
  const std::string out = text_of((mnt / "out.jsonl").string());
  ::umount(mnt.c_str());
  CHECK(r.status == 1);
  CHECK(r.err.find("No space left on device") != std::string::npos);
  const auto lines = lab::split(out, '\n');
  CHECK(lines.size() > 3);  // some records made it
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) CHECK_NOTHROW(boost::json::parse(lines[i]));
}

TEST_CASE("fault: a config whose name is not UTF-8 gives readable records, and --resume skips them") {
  temp_dir dir;
  const std::string config = dir.write("bad\xff.ini", tiny_config);
  const std::string out = dir.file("u.jsonl");
  REQUIRE(lab::test::run(lab_bin(), {"sweep", config, "--no-check", "--out", out}).status == 0);
  const std::string first = text_of(out);
  CHECK(lab::valid_utf8(first) == first);
  CHECK_NOTHROW(lab::test::json_lines(first));
  const auto again = lab::test::run(lab_bin(), {"sweep", config, "--no-check", "--out", out, "--resume"});
  CHECK(again.status == 0);
  CHECK(again.err.find("1 already there skipped") != std::string::npos);
  CHECK(text_of(out) == first);
}

TEST_CASE("fault: a server answering binary garbage fails the run with what it sent, escaped") {
  // A server on loopback that answers any request with bytes that are not text.
  const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  REQUIRE(listener >= 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  REQUIRE(::listen(listener, 4) == 0);
  REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&a), &len) == 0);
  // Every connection gets the garbage: the driver's own `stats` question to a named server
  // (before and after the run) as well as the model's request.
  std::thread server([listener] {
    for (;;) {
      const int c = ::accept(listener, nullptr, nullptr);
      if (c < 0) return;
      char buf[256];
      (void)!::read(c, buf, sizeof buf);
      const char garbage[] = "\xff\xfe\x1b[31m\x01garbage\n";
      (void)!::write(c, garbage, sizeof garbage - 1);
      ::close(c);
    }
  });
  const auto r = lab::test::run(lab_bin(), {"--model=threads", "--scenario=io", "--set",
                                            "server=127.0.0.1:" + std::to_string(ntohs(a.sin_port)), "--set",
                                            "requests=1", "--set", "delay_ms=0", "--json"});
  ::shutdown(listener, SHUT_RDWR);
  server.join();
  ::close(listener);
  REQUIRE(r.status == 0);
  const auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  const std::string error(o.at("error").as_string());
  CHECK(error.find("answered '\\xff\\xfe\\x1b[31m\\x01garbage'") != std::string::npos);
  CHECK(error.find("boost") == std::string::npos);
}

TEST_CASE("fault: --resume on a results file that can be written but not read refuses, appending nothing") {
  if (::geteuid() != 0) {
    lab::test::skip("needs root to run lab as nobody (root reads any file)");
    return;
  }
  temp_dir dir;
  fs::permissions(dir.path, fs::perms::all);
  const std::string config = dir.write("tiny.ini", tiny_config);
  const std::string out = dir.write("res.jsonl", "");
  REQUIRE(::chown(out.c_str(), 65534, 65534) == 0);
  const std::vector<std::string> as_nobody{"--reuid=65534", "--regid=65534", "--clear-groups", lab_bin(), "sweep",
                                           config, "--no-check", "--out", out};
  REQUIRE(lab::test::run("/usr/bin/setpriv", as_nobody).status == 0);
  const std::string before = text_of(out);
  fs::permissions(out, fs::perms::owner_write);  // mode 200
  auto resume = as_nobody;
  resume.push_back("--resume");
  const auto r = lab::test::run("/usr/bin/setpriv", resume);
  CHECK(r.status == 2);
  CHECK(r.err.find("--resume cannot read " + out + ": Permission denied") != std::string::npos);
  CHECK(text_of(out) == before);
}

TEST_CASE("fault: a config that cannot be read says why, one with a byte-order mark reads") {
  const auto mem = lab::test::run(lab_bin(), {"sweep", "/proc/self/mem", "--dry-run"});
  CHECK(mem.status == 2);
  CHECK(mem.err.find("cannot read config: Input/output error") != std::string::npos);
  temp_dir dir;
  const auto bom = lab::test::run(lab_bin(), {"sweep", dir.write("bom.ini", "\xef\xbb\xbf" + std::string(tiny_config)), "--dry-run", "--no-check"});
  CHECK(bom.status == 0);
  CHECK(bom.out.find("1 run to do") != std::string::npos);
}

TEST_CASE("fault: a plan bigger than the cap is refused at once, --dry-run included") {
  temp_dir dir;
  // 100 x 100 points x 4 models x 100 reps: 4 million runs, gigabytes as a plan.
  const std::string config =
      dir.write("big.ini", "[e]\nscenario = sleep\nreps = 100\nsweep.seed = 0..99 +1\nsweep.ms = 0..99 +1\n");
  // Under 2 GB of address space (where the sanitizers allow a limit): refused before it grows.
  const auto r = lab::test::address_limit_works
                     ? lab::test::run("/usr/bin/prlimit", {"--as=2000000000", lab_bin(), "sweep", config, "--dry-run"}, 20)
                     : lab::test::run(lab_bin(), {"sweep", config, "--dry-run"}, 20);
  CHECK(r.status == 2);
  CHECK(r.err.find("more than 100000 runs") != std::string::npos);
  // Each of two configs fits; together they do not.
  const char* const half = "scenario = sleep\nmodels = serial\nreps = 4\nsweep.seed = 0..149 +1\nsweep.ms = 0..99 +1\n";
  const auto two = lab::test::run(lab_bin(), {"sweep", dir.write("a.ini", std::string("[a]\n") + half),
                                              dir.write("b.ini", std::string("[b]\n") + half), "--dry-run"});
  CHECK(two.status == 2);
  CHECK(two.err.find("the sweep plans more than 100000 runs") != std::string::npos);
}

TEST_CASE("fault: error messages quote at most ~100 bytes of input, on one line") {
  const auto r = lab::test::run(lab_bin(), {"--model=" + std::string(131000, 'x'), "--scenario=cpu"});
  CHECK(r.status == 2);
  CHECK(r.err.size() < 400);
  const auto esc = lab::test::run(lab_bin(), {"--model=serial", "--scenario=cpu", "--set", "dist=\x1b[31mred\nsecond"});
  CHECK(esc.status == 2);
  CHECK(std::count(esc.err.begin(), esc.err.end(), '\n') == 1);
  CHECK(esc.err.find("\\x1b[31mred\\x0asecond") != std::string::npos);
}

TEST_CASE("fault: lab-async out of memory is a failed record, not an abort") {
  if (!lab::test::address_limit_works) {
    lab::test::skip("a sanitizer build cannot run under an address-space limit");
    return;
  }
  // workers=0: one coroutine per task; 10^7 frames cannot fit in 300 MB.
  const auto r = lab::test::run("/usr/bin/prlimit", {"--as=300000000", bin("lab-async"), "--scenario=sleep", "--set",
                                                     "tasks=10000000", "--set", "ms=1"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  const auto o = lab::test::json_lines(r.out).at(0);
  CHECK_FALSE(o.at("ok").as_bool());
  CHECK(std::string(o.at("error").as_string()).find("out of memory") != std::string::npos);
  CHECK(std::string(o.at("error").as_string()).find("ulimit -v") != std::string::npos);
}
