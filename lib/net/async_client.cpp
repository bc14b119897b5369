#include "net/async_client.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include "core/error.hpp"
#include "net/blocking_client.hpp"
#include "net/protocol.hpp"
#include "trace/trace.hpp"

namespace lab::net {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

// The answer, or what went wrong (naming the step) as a value: `||` waits for one branch to
// *succeed*, so a branch that threw would leave the timer to end the wait.
struct attempt {
  std::string answer;
  std::string error;
};

asio::awaitable<attempt> exchange(tcp::socket& socket, tcp::endpoint to, std::string line) {
  if (auto [ec] = co_await socket.async_connect(to, no_throw); ec) co_return attempt{{}, "connect: " + ec.message()};
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  line += '\n';
  if (auto [ec, n] = co_await asio::async_write(socket, asio::buffer(line), no_throw); ec)
    co_return attempt{{}, "send: " + ec.message()};
  trace::instant(trace::what::sent);
  line.pop_back();
  std::string answer;
  auto [ec, n] = co_await asio::async_read_until(socket, asio::dynamic_buffer(answer, max_line + 2), '\n', no_throw);
  trace::instant(trace::what::answered);
  if (ec == asio::error::eof) co_return attempt{{}, "the server closed the connection before answering '" + line + "'"};
  if (ec == asio::error::not_found) co_return attempt{{}, "answer longer than " + std::to_string(max_line) + " bytes"};
  if (ec) co_return attempt{{}, "recv: " + ec.message()};
  if (answer.size() > n) co_return attempt{{}, "answered '" + line + "' with more than one line ('" + printable(answer) + "')"};
  answer.resize(n - 1);
  if (!answer.empty() && answer.back() == '\r') answer.pop_back();
  co_return attempt{std::move(answer), {}};
}

asio::awaitable<void> expire(std::chrono::milliseconds after) {
  asio::steady_timer timer(co_await asio::this_coro::executor, after);
  co_await timer.async_wait(no_throw);
}

asio::awaitable<std::string> guarded(server_address server, std::string line, std::chrono::milliseconds timeout) {
  using namespace asio::experimental::awaitable_operators;
  tcp::socket socket(co_await asio::this_coro::executor);
  const std::string who = "lab-server at " + server.text() + ": ";
  std::variant<attempt, std::monostate> r;
  try {
    r = co_await (exchange(socket, server.endpoint, line) || expire(timeout));
  } catch (const std::exception& e) {  // out of memory, or a descriptor limit in the timer
    throw run_error(who + e.what());
  }
  if (r.index() == 1)
    throw run_error(who + "no answer to '" + line + "' within " + std::to_string(timeout.count()) + " ms");
  attempt& a = std::get<0>(r);
  if (!a.error.empty()) throw run_error(who + a.error);
  co_return std::move(a.answer);
}

}  // namespace

asio::awaitable<std::string> async_request(server_address server, std::string line, std::chrono::milliseconds timeout) {
  // `||` runs both branches on the current executor and cancels the loser from the winner's
  // completion; on a strand the two never run at once, whatever the number of loop threads.
  auto strand = asio::make_strand(co_await asio::this_coro::executor);
  co_return co_await asio::co_spawn(strand, guarded(std::move(server), std::move(line), timeout),
                                    asio::use_awaitable);
}

}  // namespace lab::net
