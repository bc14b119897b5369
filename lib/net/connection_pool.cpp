#include "net/connection_pool.hpp"

#include <unistd.h>

#include <cstring>
#include <optional>
#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/experimental/concurrent_channel.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/error.hpp"
#include "net/awaited.hpp"
#include "net/deadline_sweeper.hpp"
#include "net/protocol.hpp"

namespace lab::net {

namespace {
using index_channel = asio::experimental::concurrent_channel<void(boost::system::error_code, std::size_t)>;

std::string late_text(const std::string& line) { return "no answer to '" + line + "' in time"; }
}  // namespace

connection_pool::connection_pool(const server_address& server, std::size_t size, std::chrono::milliseconds timeout)
    : server_(server) {
  clients_.reserve(size);
  for (std::size_t i = 0; i < size; ++i) {
    clients_.push_back(std::make_unique<blocking_client>(server, timeout));
    free_.push_back(size - 1 - i);  // connection 0 on top
  }
}

connection_pool::~connection_pool() = default;

exchange_stamps connection_pool::round_trip(const std::string& line, clock_type::time_point deadline) {
  std::size_t i;
  const auto asked = clock_type::now();
  bool waited = false;
  {
    std::unique_lock lock(mutex_);
    waited = free_.empty();
    if (!freed_.wait_until(lock, deadline, [&] { return !free_.empty(); }))
      throw run_error(failure_at(server_, "no free connection of " + std::to_string(size()) +
                                      " for '" + line + "' in time"));
    i = free_.back();
    free_.pop_back();
  }
  exchange_stamps s;
  s.sent = clock_type::now();
  if (waited) s.lease_wait_s = std::chrono::duration<double>(s.sent - asked).count();
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - s.sent);
  s.answer = clients_[i]->round_trip(line, std::max(left, std::chrono::milliseconds(1)));  // throws: i stays leased
  s.answered = clock_type::now();
  {
    std::lock_guard lock(mutex_);
    free_.push_back(i);
  }
  freed_.notify_one();
  return s;
}

// The pool as one io_context sees it: Asio sockets on dups of the pool's descriptors and a
// channel of free indices. An Asio service, so it lives exactly as long as the io_context:
// made after the socket and channel services it uses, it is shut down before them.
struct connection_pool::async_side : asio::execution_context::service {
  using key_type = async_side;
  static inline asio::execution_context::id id;

  explicit async_side(asio::execution_context& ctx) : service(ctx) {}
  void shutdown() override {
    std::lock_guard lock(mutex);
    sockets.clear();
    free.reset();
  }

  // Called on first use from any loop thread; the first call for `pool` fills it with its share.
  void adopt(const asio::any_io_executor& io, connection_pool& pool, pool_share share) {
    std::lock_guard lock(mutex);
    if (owner == &pool) return;
    if (owner) throw run_error("one io_context cannot serve two connection pools");
    if (share.of == 0 || share.index >= share.of || share.of > pool.size())
      throw run_error(std::to_string(pool.size()) + " pooled connections cannot be split " + std::to_string(share.of) +
                      " ways, one part per event loop: open at least as many connections as loops");
    owner = &pool;
    free.emplace(io, pool.size());
    sockets.resize(pool.size());  // a slot per connection, open only for this share's
    buffers.resize(pool.size());
    for (std::size_t i = share.index; i < pool.size(); i += share.of) {
      const int fd = ::dup(pool.clients_[i]->native_handle());
      if (fd < 0) throw run_error(std::string("could not dup a pooled connection: ") + std::strerror(errno));
      sockets[i].emplace(io, tcp::v4(), fd);
      free->try_send(boost::system::error_code{}, i);
    }
  }

  std::mutex mutex;
  connection_pool* owner = nullptr;
  std::vector<std::optional<tcp::socket>> sockets;
  std::vector<std::string> buffers;  // bytes read past an answer: none, if the server is sound
  std::optional<index_channel> free;
};

namespace {

// One request on leased connection i; the failure as text. Gives the connection back only
// when the exchange completed: after a failure an answer may still be on its way.
asio::awaitable<std::string> exchange_on(connection_pool::async_side& side, std::size_t i, const std::string& line,
                                         exchange_stamps& s) {
  auto& socket = *side.sockets[i];
  auto& in = side.buffers[i];
  std::string out = line + '\n';
  s.sent = clock_type::now();
  if (auto [ec, n] = co_await asio::async_write(socket, asio::buffer(out), no_throw); ec)
    co_return "send: " + ec.message();
  auto [ec, n] = co_await asio::async_read_until(socket, asio::dynamic_buffer(in, max_line + 2), '\n', no_throw);
  s.answered = clock_type::now();
  if (ec == asio::error::eof) co_return "the server closed the connection before answering '" + line + "'";
  if (ec == asio::error::not_found) co_return "answer longer than " + std::to_string(max_line) + " bytes";
  if (ec) co_return "recv: " + ec.message();
  if (in.size() > n) co_return "answered '" + line + "' with more than one line ('" + printable(in) + "')";
  s.answer = in.substr(0, n - 1);
  in.clear();
  if (!s.answer.empty() && s.answer.back() == '\r') s.answer.pop_back();
  side.free->try_send(boost::system::error_code{}, i);
  co_return std::string{};
}

// Waits for a free connection, then exchanges: `||` waits for a branch to *succeed*, so a
// branch that threw would leave the timer to end the wait.
asio::awaitable<std::string> leased_exchange(connection_pool::async_side& side, std::string line,
                                             exchange_stamps& s) {
  std::optional<std::size_t> leased;
  side.free->try_receive([&](boost::system::error_code ec, std::size_t i) {
    if (!ec) leased = i;
  });
  if (!leased) {
    const auto asked = clock_type::now();
    auto [rec, i] = co_await side.free->async_receive(no_throw);
    if (rec) co_return "no free connection: " + rec.message();
    leased = i;
    s.lease_wait_s = std::chrono::duration<double>(clock_type::now() - asked).count();
  }
  co_return co_await exchange_on(side, *leased, line, s);
}

asio::awaitable<void> expire_at(clock_type::time_point deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  co_await timer.async_wait(no_throw);
}

asio::awaitable<exchange_stamps> guarded(connection_pool::async_side& side, const server_address& server,
                                         std::string line, clock_type::time_point deadline) {
  using namespace asio::experimental::awaitable_operators;
  exchange_stamps s;
  std::variant<std::string, std::monostate> r;
  try {
    r = co_await (leased_exchange(side, line, s) || expire_at(deadline));
  } catch (const std::exception& e) {  // out of memory, or a descriptor limit in the timer
    throw run_error(failure_at(server, e.what()));
  }
  if (r.index() == 1) throw run_error(failure_at(server, late_text(line)));
  if (const auto& error = std::get<0>(r); !error.empty()) throw run_error(failure_at(server, error));
  co_return s;
}

}  // namespace

asio::awaitable<exchange_stamps> connection_pool::async_round_trip(std::string line, clock_type::time_point deadline,
                                                                   bool strand, pool_share share) {
  auto ex = co_await asio::this_coro::executor;
  auto& ctx = asio::query(ex, asio::execution::context);
  if (!asio::has_service<async_side>(ctx)) {
    // Register what the side uses first, so that it is shut down before them.
    tcp::socket warm_socket(ex);
    index_channel warm_channel(ex, 1);
  }
  auto& side = asio::use_service<async_side>(ctx);
  side.adopt(ex, *this, share);
  if (strand)
    co_return co_await asio::co_spawn(asio::make_strand(ex), guarded(side, server_, std::move(line), deadline),
                                      asio::use_awaitable);
  // One loop thread: a free connection is taken at once, its deadline kept by the sweeper.
  std::optional<std::size_t> leased;
  side.free->try_receive([&](boost::system::error_code ec, std::size_t i) {
    if (!ec) leased = i;
  });
  if (!leased) co_return co_await guarded(side, server_, std::move(line), deadline);
  exchange_stamps s;
  std::string error;
  bool late = false;
  {
    deadline_sweeper::watch watched(deadline_sweeper::use(ex), *side.sockets[*leased], deadline);
    error = co_await exchange_on(side, *leased, line, s);
    late = watched.late();
  }
  if (late) throw run_error(failure_at(server_, late_text(line)));
  if (!error.empty()) throw run_error(failure_at(server_, error));
  co_return s;
}

}  // namespace lab::net
