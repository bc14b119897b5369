// Load and faults against the real lab-server: departed clients, abandoned work, pooled
// connections, open-loop schedules, a server pause, servers that answer wrongly.
#include <doctest/doctest.h>

#include <dirent.h>

#include <chrono>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>

#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "core/error.hpp"
#include "driver/run_point.hpp"
#include "net/blocking_client.hpp"
#include "net/protocol.hpp"
#include "net/server_process.hpp"
#include "support.hpp"

using namespace lab;
using namespace std::chrono_literals;
namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

const std::string server_exe = LAB_BIN_DIR "/lab-server";

std::size_t open_fds(pid_t pid) {
  std::size_t n = 0;
  if (DIR* d = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
    while (::readdir(d)) ++n;
    ::closedir(d);
  }
  return n;
}

// Polls until pred() or `limit` passes; true if pred() held.
template <typename P>
bool within(std::chrono::milliseconds limit, P pred) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(10ms);
  }
  return true;
}

// Opens `n` connections, sends `line` on each, waits until the server holds them all, closes them.
void send_and_leave(const net::server_process& server, const std::string& line, std::size_t n, std::size_t baseline) {
  asio::io_context io;
  std::vector<std::unique_ptr<tcp::socket>> socks;
  for (std::size_t i = 0; i < n; ++i) {
    auto s = std::make_unique<tcp::socket>(io);
    s->connect(net::parse_server_address(server.address()).endpoint);
    asio::write(*s, asio::buffer(line + "\n"));
    socks.push_back(std::move(s));
  }
  REQUIRE(within(5000ms, [&] { return open_fds(server.pid()) >= baseline + n; }));
}

record run_io(const std::string& model, const net::server_process& server, std::vector<std::string> sets) {
  run_request req{model, "io", {}, std::chrono::seconds(60)};
  sets.push_back("server=" + server.address());
  for (const auto& s : sets) req.sets.push_back(split_assignment(s));
  return run_point(req, 0, LAB_BIN_DIR);
}

double metric(const record& r, const char* key) { return r.metrics.at(key).to_number<double>(); }

// A server that answers every line with `answer` (raw bytes), one thread, for one test.
struct fake_server {
  asio::io_context io;
  tcp::acceptor acceptor{io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)};
  std::jthread thread;
  explicit fake_server(std::string answer) {
    thread = std::jthread([this, answer](std::stop_token stop) {
      while (!stop.stop_requested()) {
        boost::system::error_code ec;
        tcp::socket s(io);
        acceptor.accept(s, ec);
        if (ec) return;
        std::string in;
        while (asio::read_until(s, asio::dynamic_buffer(in), '\n', ec) && !ec) {
          in.erase(0, in.find('\n') + 1);
          asio::write(s, asio::buffer(answer), ec);
        }
      }
    });
  }
  ~fake_server() {
    thread.request_stop();
    boost::system::error_code ec;
    tcp::socket poke(io);
    poke.connect(acceptor.local_endpoint(), ec);  // wakes the blocking accept
    poke.close();
    acceptor.close(ec);
  }
  std::string address() const { return "127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()); }
};

}  // namespace

TEST_CASE("lab-server: clients that leave during delay and gauss free their descriptors within a second") {
  net::server_process server({server_exe, 1});
  REQUIRE(within(2000ms, [&] { return open_fds(server.pid()) > 0; }));
  const std::size_t baseline = open_fds(server.pid());
  send_and_leave(server, "delay 3600000", 100, baseline);
  CHECK(within(1000ms, [&] { return open_fds(server.pid()) == baseline; }));
  send_and_leave(server, "gauss 100000000000 1", 20, baseline);
  CHECK(within(1000ms, [&] { return open_fds(server.pid()) == baseline; }));
  // ...and the server still answers.
  CHECK(net::request_once(net::parse_server_address(server.address()), "ping", 2000ms) == "pong");
}

TEST_CASE("lab-server: an abandoned gauss request costs no slice of server CPU") {
  net::server_process server({server_exe, 1});
  const auto at = net::parse_server_address(server.address());
  const auto before = net::query_stats(at, 2000ms);
  REQUIRE(before);
  // Each client sends and closes at once, so it is gone before the server computes anything.
  for (int i = 0; i < 200; ++i) {
    asio::io_context io;
    tcp::socket s(io);
    s.connect(at.endpoint);
    asio::write(s, asio::buffer("gauss 100000000000 " + std::to_string(i) + "\n"));
  }
  const auto after = net::query_stats(at, 10000ms);  // answered once the server is through them
  REQUIRE(after);
  CHECK(after->accepted == before->accepted + 201);
  // A slice (~0.5 ms) each would be 0.1 s; before the fix each cost ~8 ms, 1.6 s in all.
  CHECK(after->cpu_s - before->cpu_s < 0.5);
}

TEST_CASE("lab-server: a stray positional argument is a usage error (exit 2)") {
  const auto r = lab::test::run(server_exe, {"--threads", "1", "stray"}, 5);
  CHECK(r.status == 2);
  CHECK(r.err.find("positional") != std::string::npos);
}

TEST_CASE("clients: a server that answers more than one line is not accepted") {
  fake_server fake("ok\nok\n");
  const auto at = net::parse_server_address(fake.address());
  CHECK_THROWS_WITH_AS(net::request_once(at, "delay 0", 2000ms), doctest::Contains("more than one line"), run_error);
  // The two clients: blocking calls (threads, like serial and procs) and Asio's (async).
  for (const char* model : {"threads", "async"}) {
    CAPTURE(model);
    run_request req{model, "io", {{"server", fake.address()}, {"requests", "4"}, {"delay_ms", "0"}}, std::chrono::seconds(30)};
    const record r = run_point(req, 0, LAB_BIN_DIR);
    CHECK_FALSE(r.ok);
    CHECK(r.error.find("more than one line") != std::string::npos);
  }
}

TEST_CASE("mixed: a named server's wrong total fails the run") {
  fake_server fake(net::format_total(1.0) + "\n");
  run_request req{"serial", "mixed", {{"server", fake.address()}, {"server_samples", "1000"}, {"local_samples", "1000"}},
                  std::chrono::seconds(30)};
  const record r = run_point(req, 0, LAB_BIN_DIR);
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("with total 3ff0000000000000, not ") != std::string::npos);
}

TEST_CASE("io: pooled connections are opened once and reused (the server accepts exactly that many)") {
  net::server_process server({server_exe});
  for (const std::string& model : lab::test::models_running_here(scenario_names::io)) {
    CAPTURE(model);
    const record r = run_io(model, server, {"requests=300", "concurrency=4", "connections=4", "delay_ms=0"});
    REQUIRE_MESSAGE(r.ok, r.error);
    CHECK(metric(r, "server_accepted") == 4);
    CHECK(metric(r, lab::metric_keys::connections) == 4);
    CHECK(r.checksum == "300.0000000000");
    CHECK(metric(r, "achieved_rps") > 0);
    CHECK(metric(r, "cpu_floor_s") > 0);
    // The threads the client ran on: its units where the kernel schedules them, else one
    // (serial's thread, a loop's one thread by default).
    const bool one_thread = !is_kernel_scheduled(model);
    CHECK(metric(r, "client_threads") == (one_thread ? 1 : 4));
    CHECK(metric(r, "client_floor_s") == doctest::Approx((r.user_s + r.sys_s) / (one_thread ? 1 : std::min(4, usable_cpus()))));
  }
  const record per_request = run_io("threads", server, {"requests=30", "concurrency=3", "delay_ms=0"});
  REQUIRE(per_request.ok);
  CHECK(metric(per_request, "server_accepted") == 30);
}

TEST_CASE("io: open loop keeps its schedule on a light load, and never runs ahead of it") {
  net::server_process server({server_exe});
  for (const std::string& model : lab::test::models_running_here(scenario_names::io)) {
    for (const char* arrival : {"constant", "poisson"}) {
      CAPTURE(model);
      CAPTURE(arrival);
      const record r = run_io(model, server,
                              {"requests=200", "rate=400", std::string("arrival=") + arrival, "concurrency=4",
                               "connections=4", "delay_ms=1"});
      REQUIRE_MESSAGE(r.ok, r.error);
      const double achieved = metric(r, "achieved_rps");
      CHECK(metric(r, "offered_rps") == 400);
      // Sends wait for their due time: 200 requests over ~0.5 s of schedule.
      if (std::string(arrival) == "constant") CHECK(achieved <= 400 * 1.02);
      CHECK(achieved >= 400 * (std::string(arrival) == "constant" ? 0.9 : 0.6));  // generous: a shared machine
      CHECK(metric(r, "p50_ms") >= 1.0);
      CHECK(metric(r, "p50_ms") <= 50);
      CHECK(metric(r, "p50_sent_ms") <= metric(r, "p50_ms") + 1e-9);
    }
  }
}

TEST_CASE("io: a 200 ms server stall shows in the corrected p99, and hardly in the uncorrected one") {
  net::server_process server({server_exe});
  // One client of each kind (blocking, Asio): the correction is the client's, not the model's.
  for (const char* model : {"threads", "async"}) {
    CAPTURE(model);
    const record r = run_io(model, server,
                            {"requests=1000", "rate=1000", "concurrency=2", "connections=2", "delay_ms=0", "stall_ms=200"});
    REQUIRE_MESSAGE(r.ok, r.error);
    const double corrected = metric(r, "p99_ms"), uncorrected = metric(r, "p99_sent_ms");
    CAPTURE(corrected);
    CAPTURE(uncorrected);
    // ~200 of 1000 requests fall due during the stall: their latency from due time runs up to
    // 200 ms. Only the 2 in flight wait from their send.
    CHECK(corrected >= 150);
    CHECK(uncorrected <= corrected / 4);
    CHECK(metric(r, "max_sent_ms") >= 150);  // the two that were in flight did wait
  }
}
