// Fibers that wait on sockets (models/fibers_asio.hpp): every way the io scenario talks to a
// server, on one carrier and on several, against async's checksums; the carrier left free
// while a fiber waits; a silent server and a timeout failing the run with the reason.
//
// ThreadSanitizer cannot follow Boost.Context's stack switches (tests/support.hpp,
// checkable_here): these run in the plain and ASan+UBSan builds, not the TSan one; the
// failing runs only in the plain build (failures_checkable_here says why).
#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "driver/run_point.hpp"
#include "net/server_process.hpp"
#include "overheads_support.hpp"
#include "support.hpp"

using namespace lab;
namespace asio = boost::asio;

namespace {

record run_io(const std::string& model, const std::string& server, std::vector<std::string> sets) {
  run_request req{model, "io", {}, std::chrono::seconds(60)};
  sets.push_back("server=" + server);
  for (const auto& s : sets) req.sets.push_back(split_assignment(s));
  return run_point(req, 0, LAB_BIN_DIR);
}

}  // namespace

TEST_CASE("fibers io: fresh and pooled connections, closed and open loop, one and two carriers, as async") {
  if (!test::checkable_here("fibers")) return test::skip("ThreadSanitizer cannot follow fiber stack switches");
  net::server_process server({LAB_BIN_DIR "/lab-server"});
  const std::vector<std::vector<std::string>> ways{
      {"requests=60", "concurrency=6", "delay_ms=5"},
      {"requests=300", "concurrency=6", "connections=4", "delay_ms=0"},
      {"requests=100", "concurrency=6", "delay_ms=1", "rate=500"},
      {"requests=100", "concurrency=6", "connections=2", "delay_ms=1", "rate=500"}};
  for (const auto& way : ways) {
    const record reference = run_io("async", server.address(), way);
    REQUIRE_MESSAGE(reference.ok, reference.error);
    for (const char* carriers : {"loop_threads=1", "loop_threads=2"}) {
      auto sets = way;
      sets.push_back(carriers);
      std::string shown;
      for (const auto& s : sets) shown += s + " ";
      CAPTURE(shown);
      const record r = run_io("fibers", server.address(), sets);
      REQUIRE_MESSAGE(r.ok, r.error);
      CHECK(r.checksum == reference.checksum);
      CHECK(r.task_hash == reference.task_hash);
      CHECK(std::string(r.metrics.at("scheduler").as_string()).starts_with("asio_round_robin"));
      if (way[2].starts_with("connections")) CHECK(*metric(r, "server_accepted") == std::stod(way[2].substr(12)));
    }
  }
}

TEST_CASE("fibers io: a pool smaller than the carriers fails the run saying so") {
  if (!test::failures_checkable_here("fibers"))
    return test::skip("the sanitizers cannot follow an exception thrown on a fiber's stack");
  net::server_process server({LAB_BIN_DIR "/lab-server"});
  const record r = run_io("fibers", server.address(),
                          {"requests=10", "concurrency=4", "connections=1", "delay_ms=0", "loop_threads=2"});
  CHECK_FALSE(r.ok);
  CHECK(r.error.find("cannot be split 2 ways") != std::string::npos);
}

TEST_CASE("fibers io: a timeout and a silent server fail the run with the reason, without hanging") {
  if (!test::failures_checkable_here("fibers"))
    return test::skip("the sanitizers cannot follow an exception thrown on a fiber's stack");
  net::server_process server({LAB_BIN_DIR "/lab-server"});
  // A listener that never accepts: connections complete in its backlog, no answer comes.
  asio::io_context io;
  asio::ip::tcp::acceptor silent(io, {asio::ip::address_v4::loopback(), 0});
  const std::string silent_at = "127.0.0.1:" + std::to_string(silent.local_endpoint().port());
  for (const char* carriers : {"loop_threads=1", "loop_threads=2"}) {
    for (const char* pooled : {"connections=0", "connections=2"}) {
      CAPTURE(carriers);
      CAPTURE(pooled);
      const auto t0 = std::chrono::steady_clock::now();
      const record late = run_io("fibers", server.address(),
                                 {"requests=6", "concurrency=3", "delay_ms=3000", "timeout_ms=200", carriers, pooled});
      CHECK_FALSE(late.ok);
      CHECK(late.error.find("no answer to 'delay 3000'") != std::string::npos);
      const record quiet = run_io("fibers", silent_at, {"requests=4", "concurrency=2", "timeout_ms=200", carriers});
      CHECK_FALSE(quiet.ok);
      CHECK(quiet.error.find(silent_at) != std::string::npos);
      CHECK(quiet.error.find("no answer") != std::string::npos);
      CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(20));
    }
  }
}
