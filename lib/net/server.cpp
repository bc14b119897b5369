#include "net/server.hpp"

#include <sys/resource.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/error.hpp"
#include "net/awaited.hpp"
#include "net/protocol.hpp"
#include "workload/sum.hpp"

namespace lab::net {

namespace {

// What every loop thread shares: counted, and the server-wide pause `stall` sets.
struct shared_state {
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<clock_type::rep> paused_until{0};  // steady_clock ticks; answers wait for it
  std::size_t threads = 1;
  asio::thread_pool* pool = nullptr;        // gauss computes here: as many threads as loops
  std::atomic<std::size_t> gauss_jobs{0};   // queued or computing on the pool
};

constexpr std::chrono::milliseconds unwatched_wait{1000};

// The peer closed or reset its end. Peeks without consuming, so pipelined requests stay queued.
bool peer_gone(tcp::socket& socket) {
  char byte;
  const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

// Runs on the gauss pool, a slice at a time, going to the back of the pool's queue between
// slices so every queued request advances; nullopt: the client went away first. The socket
// is only peeked at (recv MSG_PEEK on its descriptor): its session, on its loop thread, is
// waiting for this answer and touches it meanwhile no more than this does.
asio::awaitable<std::optional<std::string>> gauss_on_pool(tcp::socket& socket, gauss_request g) {
  sum_state s(dist::gauss, g.seed, 0, g.samples);
  for (;;) {
    if (peer_gone(socket)) co_return std::nullopt;
    s.advance(gauss_slice);
    if (s.done()) co_return format_total(s.total());
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
  }
}

// Off the loop: the loop threads answer ping, stats and delays while any number of gauss
// requests compute, at most max_gauss_jobs of them queued server-wide (a connection has at
// most one, its answers being in order); past that the request is refused at once.
asio::awaitable<std::optional<std::string>> gauss(tcp::socket& socket, gauss_request g, shared_state& shared) {
  if (shared.gauss_jobs.fetch_add(1) >= max_gauss_jobs) {
    shared.gauss_jobs.fetch_sub(1);
    co_return error_answer("busy: " + std::to_string(max_gauss_jobs) + " gauss requests are already queued");
  }
  std::optional<std::string> answer;
  try {
    answer = co_await asio::co_spawn(shared.pool->get_executor(), gauss_on_pool(socket, g), asio::use_awaitable);
  } catch (...) {
    shared.gauss_jobs.fetch_sub(1);
    throw;
  }
  shared.gauss_jobs.fetch_sub(1);
  co_return answer;
}

// Waits until `until`; false when the client went away meanwhile. The socket is watched for
// readability: an end of stream or a reset ends the wait; bytes of a pipelined next request
// are left queued and the wait goes on unwatched (their connection is alive).
asio::awaitable<bool> wait_unless_gone(tcp::socket& socket, clock_type::time_point until) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer timer(co_await asio::this_coro::executor, until);
  // A short wait is not watched: racing the socket costs a parallel group and a second
  // operation, which doubled the server's CPU per request at delay 1 (29 against 13 µs), and
  // a client that leaves meanwhile holds its connection at most this long; its answer's write
  // then fails and ends the session.
  if (until - clock_type::now() < unwatched_wait) {
    co_await timer.async_wait(no_throw);
    co_return true;
  }
  const auto r = co_await (timer.async_wait(no_throw) || socket.async_wait(tcp::socket::wait_read, no_throw));
  if (r.index() == 0) co_return true;
  if (peer_gone(socket)) co_return false;
  co_await timer.async_wait(no_throw);
  co_return true;
}

asio::awaitable<std::optional<std::string>> answer(tcp::socket& socket, request r, shared_state& shared) {
  if (auto* g = std::get_if<gauss_request>(&r)) co_return co_await gauss(socket, *g, shared);
  if (auto* d = std::get_if<delay_request>(&r)) {
    // delay 0 is the bare round trip the load tests hammer: no timer in the way.
    if (d->ms > 0 && !co_await wait_unless_gone(socket, clock_type::now() + std::chrono::milliseconds(d->ms)))
      co_return std::nullopt;
    co_return "ok";
  }
  if (auto* s = std::get_if<stall_request>(&r)) {
    const auto until = (clock_type::now() + std::chrono::milliseconds(s->ms)).time_since_epoch().count();
    auto cur = shared.paused_until.load();
    while (cur < until && !shared.paused_until.compare_exchange_weak(cur, until)) {
    }
    co_return "ok";
  }
  if (std::holds_alternative<stats_request>(r))
    co_return format_stats({shared.accepted.load(), process_cpu_s(), shared.threads});
  if (std::holds_alternative<ping_request>(r)) co_return "pong";
  co_return error_answer(std::get<bad_request>(r).reason);
}

asio::awaitable<void> session(tcp::socket socket, shared_state& shared) {
  try {
    line_splitter lines;
    std::array<char, 1024> buf;
    for (;;) {
      while (auto item = lines.next()) {
        std::optional<std::string> reply;
        bool exempt = false;  // stall's own ok, and stats: they are about the server, not served by it
        if (item->oversized) {
          reply = error_answer("line longer than " + std::to_string(max_line) + " bytes");
        } else {
          request r = parse_request(item->text);
          exempt = std::holds_alternative<stall_request>(r) || std::holds_alternative<stats_request>(r);
          reply = co_await answer(socket, std::move(r), shared);
        }
        if (!reply) co_return;
        // A stall holds every other answer.
        const clock_type::time_point paused{clock_type::duration(shared.paused_until.load())};
        if (!exempt && paused > clock_type::now() && !co_await wait_unless_gone(socket, paused)) co_return;
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

// One loop thread's io_context.
struct loop {
  asio::io_context io{1};
  // Keeps run() going while the loop has no connection yet; stop() ends it.
  asio::executor_work_guard<asio::io_context::executor_type> busy = asio::make_work_guard(io);
};

// Accepts on the first loop and hands connections round the loops: each connection lives on
// one thread for good.
asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, std::vector<std::unique_ptr<loop>>& loops,
                                  shared_state& shared) {
  for (std::size_t next = 0;; next = (next + 1) % loops.size()) {
    auto& target = loops[next]->io;
    auto [ec, socket] = co_await acceptor.async_accept(target, no_throw);
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
    if (ec) {
      // Out of descriptors or buffers: wait for connections to close rather than spin.
      asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(10));
      co_await pause.async_wait(no_throw);
      continue;
    }
    shared.accepted.fetch_add(1, std::memory_order_relaxed);
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // an answer is one small write: send it now
    asio::co_spawn(target, session(std::move(socket), shared), asio::detached);
  }
}

}  // namespace

double process_cpu_s() {
  struct rusage u {};
  ::getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct server::impl {
  server_options opts;
  shared_state shared;
  std::vector<std::unique_ptr<loop>> loops;  // before the acceptor: destroyed after it
  std::optional<tcp::acceptor> acceptor;
  std::optional<asio::signal_set> signals;
  // Last, so destroyed first: its threads are joined and the gauss requests still queued on
  // it (each holding its session, whose socket a slice peeks at) are freed while the loops
  // that own those sockets are still there.
  std::unique_ptr<asio::thread_pool> pool;
  void stop_all() {
    for (auto& l : loops) l->io.stop();
    if (pool) pool->stop();
  }
};

server::server(const server_options& opts) : impl_(std::make_unique<impl>()) {
  if (opts.threads == 0) throw usage_error("threads must be at least 1");
  impl_->opts = opts;
  impl_->shared.threads = opts.threads;
  impl_->pool = std::make_unique<asio::thread_pool>(opts.threads);
  impl_->shared.pool = impl_->pool.get();
  for (std::size_t t = 0; t < opts.threads; ++t) impl_->loops.push_back(std::make_unique<loop>());
  auto& first = impl_->loops.front()->io;
  const tcp::endpoint where(asio::ip::address_v4::loopback(), opts.port);
  auto& a = impl_->acceptor.emplace(first);
  boost::system::error_code ec;
  a.open(where.protocol(), ec);
  if (!ec) a.set_option(tcp::acceptor::reuse_address(true), ec);
  if (!ec) a.bind(where, ec);
  // The kernel caps the backlog at net.core.somaxconn; ask for as much as it allows, since
  // the io scenario opens thousands of connections at once.
  if (!ec) a.listen(65535, ec);
  if (ec)
    throw run_error("lab-server could not listen on 127.0.0.1:" + std::to_string(opts.port) + ": " + ec.message());
  asio::co_spawn(first, accept_loop(a, impl_->loops, impl_->shared), asio::detached);
  if (opts.stop_on_signals) {
    // Installed now, so a signal that comes before run() still stops it.
    impl_->signals.emplace(first, SIGINT, SIGTERM);
    impl_->signals->async_wait([this](boost::system::error_code e, int) {
      if (!e) impl_->stop_all();
    });
  }
}

server::~server() = default;

std::uint16_t server::port() const { return impl_->acceptor->local_endpoint().port(); }

std::uint64_t server::accepted() const { return impl_->shared.accepted.load(); }

void server::run() {
  std::vector<std::jthread> extra;
  for (std::size_t t = 1; t < impl_->loops.size(); ++t) {
    try {
      extra.emplace_back([this, t] { impl_->loops[t]->io.run(); });
    } catch (const std::system_error& e) {
      impl_->stop_all();
      throw run_error("lab-server could not create loop thread " + std::to_string(t + 1) + ": " +
                      e.code().message());
    }
  }
  impl_->loops.front()->io.run();
  impl_->stop_all();  // a signal stopped the first loop: the others go with it
}

void server::stop() { impl_->stop_all(); }

}  // namespace lab::net
