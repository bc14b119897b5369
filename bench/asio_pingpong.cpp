// The floor the io scenario is measured against: a minimal Boost.Asio client and server in
// one process, one loop thread each, `connections` loopback connections each ping-ponging a
// 5-byte line ("ping\n" -> "pong\n") for `seconds`. Prints requests per second. Nothing of the
// lab's: no protocol parsing, no timeouts, no stamps, no histogram.
//   bench-asio-pingpong [connections=100] [seconds=3]
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <boost/asio.hpp>

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

std::atomic<bool> stop{false};

asio::awaitable<void> serve(tcp::socket s) {
  char buf[64];
  for (;;) {
    auto [ec, n] = co_await s.async_read_some(asio::buffer(buf), asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    co_await asio::async_write(s, asio::buffer("pong\n", 5), asio::as_tuple(asio::use_awaitable));
  }
}

asio::awaitable<void> accept(tcp::acceptor& a) {
  for (;;) {
    auto [ec, s] = co_await a.async_accept(asio::as_tuple(asio::use_awaitable));
    if (ec) co_return;
    s.set_option(tcp::no_delay(true));
    asio::co_spawn(a.get_executor(), serve(std::move(s)), asio::detached);
  }
}

asio::awaitable<void> ping(tcp::endpoint to, std::uint64_t& count) {
  tcp::socket s(co_await asio::this_coro::executor);
  co_await s.async_connect(to, asio::use_awaitable);
  s.set_option(tcp::no_delay(true));
  std::string in;
  while (!stop.load(std::memory_order_relaxed)) {
    co_await asio::async_write(s, asio::buffer("ping\n", 5), asio::use_awaitable);
    const auto n = co_await asio::async_read_until(s, asio::dynamic_buffer(in), '\n', asio::use_awaitable);
    in.erase(0, n);
    ++count;
  }
}

// "100", "3.0": a positive number, the whole argument; anything else is nullopt.
std::optional<double> positive(const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0' || !(v > 0) || v > 1e6) return std::nullopt;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  const char* const usage = "usage: bench-asio-pingpong [CONNECTIONS (100)] [SECONDS (3.0)]\n"
                            "  ping-pong on loopback, one Asio loop thread each side; prints requests per second\n";
  if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
    std::fputs(usage, stdout);
    return 0;
  }
  const auto conns = argc > 1 ? positive(argv[1]) : std::optional<double>(100);
  const auto secs = argc > 2 ? positive(argv[2]) : std::optional<double>(3.0);
  if (argc > 3 || !conns || !secs || *conns != static_cast<int>(*conns)) {
    std::fputs(usage, stderr);
    return 2;
  }
  const int connections = static_cast<int>(*conns);
  const double seconds = *secs;
  asio::io_context server_io(1), client_io(1);
  tcp::acceptor acceptor(server_io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  asio::co_spawn(server_io, accept(acceptor), asio::detached);
  auto guard = asio::make_work_guard(server_io);
  std::thread server([&] { server_io.run(); });
  std::vector<std::uint64_t> counts(static_cast<std::size_t>(connections), 0);
  for (auto& c : counts) asio::co_spawn(client_io, ping(acceptor.local_endpoint(), c), asio::detached);
  std::thread timer([&] {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
  });
  const auto t0 = std::chrono::steady_clock::now();
  client_io.run();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  timer.join();
  std::uint64_t total = 0;
  for (auto c : counts) total += c;
  guard.reset();
  server_io.stop();
  server.join();
  std::printf("%d connections, %.2f s: %llu requests, %.0f requests/s\n", connections, wall,
              static_cast<unsigned long long>(total), static_cast<double>(total) / wall);
  return 0;
}
