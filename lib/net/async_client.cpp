#include "net/async_client.hpp"

#include <variant>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
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
#include "net/awaited.hpp"
#include "net/deadline_sweeper.hpp"
#include "net/protocol.hpp"
#include "trace/trace.hpp"

namespace lab::net {

namespace {

// What went wrong, naming the step, as a value ("" = nothing): `||` waits for one branch to
// *succeed*, so a branch that threw would leave the timer to end the wait.
asio::awaitable<std::string> exchange(tcp::socket& socket, tcp::endpoint to, std::string line, exchange_stamps& s,
                                      std::function<void()>& on_sent) {
  if (auto [ec] = co_await socket.async_connect(to, no_throw); ec) co_return "connect: " + ec.message();
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  line += '\n';
  // async_write writes what it can at once, before the coroutine suspends: the send is here.
  s.sent = clock_type::now();
  if (auto [ec, n] = co_await asio::async_write(socket, asio::buffer(line), no_throw); ec)
    co_return "send: " + ec.message();
  // Stamped when the bytes went out, not when this completion ran (after the loop's next chunk).
  trace::instant_at(trace::what::sent, s.sent);
  if (on_sent) on_sent();
  line.pop_back();
  auto [ec, n] = co_await asio::async_read_until(socket, asio::dynamic_buffer(s.answer, max_line + 2), '\n', no_throw);
  s.answered = clock_type::now();
  trace::instant(trace::what::answered);
  if (ec == asio::error::eof) co_return "the server closed the connection before answering '" + line + "'";
  if (ec == asio::error::not_found) co_return "answer longer than " + std::to_string(max_line) + " bytes";
  if (ec) co_return "recv: " + ec.message();
  if (s.answer.size() > n) co_return "answered '" + line + "' with more than one line ('" + printable(s.answer) + "')";
  s.answer.resize(n - 1);
  if (!s.answer.empty() && s.answer.back() == '\r') s.answer.pop_back();
  co_return std::string{};
}

asio::awaitable<void> expire_at(clock_type::time_point deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  co_await timer.async_wait(no_throw);
}

std::string no_answer(const std::string& line, std::chrono::milliseconds timeout) {
  return "no answer to '" + line + "' within " + std::to_string(timeout.count()) + " ms";
}

asio::awaitable<exchange_stamps> guarded(server_address server, std::string line, clock_type::time_point deadline,
                                         std::chrono::milliseconds timeout, std::function<void()> on_sent) {
  using namespace asio::experimental::awaitable_operators;
  tcp::socket socket(co_await asio::this_coro::executor);
  exchange_stamps s;
  std::variant<std::string, std::monostate> r;
  try {
    r = co_await (exchange(socket, server.endpoint, line, s, on_sent) || expire_at(deadline));
  } catch (const std::exception& e) {  // out of memory, or a descriptor limit in the timer
    throw run_error(failure_at(server, e.what()));
  }
  if (r.index() == 1)
    throw run_error(failure_at(server, no_answer(line, timeout)));
  if (const auto& error = std::get<0>(r); !error.empty()) throw run_error(failure_at(server, error));
  co_return s;
}

// On one loop thread: the deadline kept by the loop's sweeper, no timer of its own.
asio::awaitable<exchange_stamps> swept(server_address server, std::string line, clock_type::time_point deadline,
                                       std::chrono::milliseconds timeout, std::function<void()> on_sent) {
  const auto ex = co_await asio::this_coro::executor;
  tcp::socket socket(ex);
  exchange_stamps s;
  std::string error;
  bool late = false;
  try {
    deadline_sweeper::watch watched(deadline_sweeper::use(ex), socket, deadline);
    error = co_await exchange(socket, server.endpoint, line, s, on_sent);
    late = watched.late();
  } catch (const std::exception& e) {  // out of memory
    throw run_error(failure_at(server, e.what()));
  }
  if (late) throw run_error(failure_at(server, no_answer(line, timeout)));
  if (!error.empty()) throw run_error(failure_at(server, error));
  co_return s;
}

}  // namespace

asio::awaitable<exchange_stamps> async_exchange(server_address server, std::string line,
                                                clock_type::time_point deadline, std::function<void()> on_sent,
                                                bool strand) {
  // `||` runs both branches on the current executor and cancels the loser from the winner's
  // completion; on a strand the two never run at once, whatever the number of loop threads.
  // The timeout the message names, taken before the hop to the strand, which a loaded loop
  // can delay by milliseconds.
  const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock_type::now());
  if (!strand) co_return co_await swept(std::move(server), std::move(line), deadline, timeout, std::move(on_sent));
  co_return co_await asio::co_spawn(asio::make_strand(co_await asio::this_coro::executor),
                                    guarded(std::move(server), std::move(line), deadline, timeout, std::move(on_sent)),
                                    asio::use_awaitable);
}

asio::awaitable<std::string> async_request(server_address server, std::string line, std::chrono::milliseconds timeout) {
  co_return (co_await async_exchange(std::move(server), std::move(line), clock_type::now() + timeout)).answer;
}

}  // namespace lab::net
