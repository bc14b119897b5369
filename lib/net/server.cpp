#include "net/server.hpp"

#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/error.hpp"
#include "net/protocol.hpp"
#include "workload/sum.hpp"

namespace lab::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

// The peer closed or reset its end. Peeks without consuming, so pipelined requests stay queued.
bool peer_gone(tcp::socket& socket) {
  char byte;
  const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

// nullopt: the client went away before the total was ready.
asio::awaitable<std::optional<std::string>> gauss(tcp::socket& socket, gauss_request g) {
  sum_state s(dist::gauss, g.seed, 0, g.samples);
  for (;;) {
    s.advance(gauss_slice);
    if (s.done()) co_return format_total(s.total());
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    if (peer_gone(socket)) co_return std::nullopt;
  }
}

asio::awaitable<std::optional<std::string>> answer(tcp::socket& socket, request r) {
  if (auto* g = std::get_if<gauss_request>(&r)) co_return co_await gauss(socket, *g);
  if (auto* d = std::get_if<delay_request>(&r)) {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(d->ms));
    co_await timer.async_wait(no_throw);
    co_return "ok";
  }
  if (std::holds_alternative<ping_request>(r)) co_return "pong";
  co_return error_answer(std::get<bad_request>(r).reason);
}

asio::awaitable<void> session(tcp::socket socket) {
  try {
    line_splitter lines;
    std::array<char, 1024> buf;
    for (;;) {
      while (auto item = lines.next()) {
        std::optional<std::string> reply;
        if (item->oversized)
          reply = error_answer("line longer than " + std::to_string(max_line) + " bytes");
        else
          reply = co_await answer(socket, parse_request(item->text));
        if (!reply) co_return;
        *reply += '\n';
        auto [ec, n] = co_await asio::async_write(socket, asio::buffer(*reply), no_throw);
        if (ec) co_return;
      }
      auto [ec, n] = co_await socket.async_read_some(asio::buffer(buf), no_throw);
      if (ec) co_return;  // closed or reset: the socket goes with this frame, nothing else to undo
      lines.feed({buf.data(), n});
    }
  } catch (const std::exception&) {
    // Nothing a client sends reaches here; an unexpected failure (out of memory) ends this
    // connection alone.
  }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor) {
  for (;;) {
    auto [ec, socket] = co_await acceptor.async_accept(no_throw);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors or buffers: wait for connections to close rather than spin.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(10));
      co_await pause.async_wait(no_throw);
      continue;
    }
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // an answer is one small write: send it now
    asio::co_spawn(acceptor.get_executor(), session(std::move(socket)), asio::detached);
  }
}

}  // namespace

struct server::impl {
  explicit impl(const server_options& o)
      : opts(o), io(static_cast<int>(o.loop_threads)), acceptor(io) {}
  server_options opts;
  asio::io_context io;  // first member: destroyed last, after everything using it
  tcp::acceptor acceptor;
  std::optional<asio::signal_set> signals;
};

server::server(const server_options& opts) : impl_(std::make_unique<impl>(opts)) {
  if (opts.loop_threads == 0) throw usage_error("loop_threads must be at least 1");
  const tcp::endpoint where(asio::ip::address_v4::loopback(), opts.port);
  auto& a = impl_->acceptor;
  boost::system::error_code ec;
  a.open(where.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(where, ec);
  // The kernel caps the backlog at net.core.somaxconn; ask for as much as it allows, since
  // the io scenario opens thousands of connections at once.
  if (!ec) a.listen(65535, ec);
  if (ec)
    throw run_error("lab-server could not listen on 127.0.0.1:" + std::to_string(opts.port) + ": " +
                    ec.message());
  if (opts.stop_on_signals) {
    // Installed now, so a signal that comes before run() still stops it.
    impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
    impl_->signals->async_wait([this](boost::system::error_code e, int) {
      if (!e) impl_->io.stop();
    });
  }
  asio::co_spawn(impl_->io, accept_loop(impl_->acceptor), asio::detached);
}

server::~server() = default;

std::uint16_t server::port() const { return impl_->acceptor.local_endpoint().port(); }

void server::run() {
  std::vector<std::jthread> extra;
  for (std::size_t t = 1; t < impl_->opts.loop_threads; ++t) {
    try {
      extra.emplace_back([this] { impl_->io.run(); });
    } catch (const std::system_error& e) {
      impl_->io.stop();
      throw run_error("lab-server could not create loop thread " + std::to_string(t + 1) + ": " +
                      e.code().message());
    }
  }
  impl_->io.run();
}

void server::stop() { impl_->io.stop(); }

}  // namespace lab::net
