#include "scenario/stamped_request.hpp"

#include <algorithm>
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
#include "net/protocol.hpp"
#include "scenario/net_tasks.hpp"

namespace lab {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

using clock_type = std::chrono::steady_clock;

constexpr auto no_throw = asio::as_tuple(asio::use_awaitable);

// Each step returns what went wrong ("" = nothing) as a value rather than throwing: `||`
// waits for one branch to *succeed*, so a branch that threw would leave the timer to end it.
asio::awaitable<std::string> connect_and_send(tcp::socket& socket, tcp::endpoint to, std::string out,
                                              clock_type::time_point& sent) {
  if (auto [ec] = co_await socket.async_connect(to, no_throw); ec) co_return "connect: " + ec.message();
  boost::system::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  // async_write writes what it can at once, before the coroutine suspends: the send is here.
  sent = clock_type::now();
  if (auto [ec, n] = co_await asio::async_write(socket, asio::buffer(out), no_throw); ec)
    co_return "send: " + ec.message();
  co_return std::string{};
}

asio::awaitable<std::string> read_answer(tcp::socket& socket, std::string& answer, clock_type::time_point& answered) {
  auto [ec, n] = co_await asio::async_read_until(socket, asio::dynamic_buffer(answer, net::max_line + 2), '\n', no_throw);
  answered = clock_type::now();
  if (ec == asio::error::eof) co_return "the server closed the connection before answering";
  if (ec == asio::error::not_found) co_return "answer longer than " + std::to_string(net::max_line) + " bytes";
  if (ec) co_return "recv: " + ec.message();
  if (answer.size() > n) co_return "answered with more than one line ('" + net::printable(answer) + "')";
  answer.resize(n - 1);
  if (!answer.empty() && answer.back() == '\r') answer.pop_back();
  co_return std::string{};
}

asio::awaitable<void> expire_at(clock_type::time_point deadline) {
  asio::steady_timer timer(co_await asio::this_coro::executor, deadline);
  co_await timer.async_wait(no_throw);
}

// Runs one step against the request's deadline; throws run_error when it fails or is late.
asio::awaitable<void> within(asio::awaitable<std::string> step, clock_type::time_point deadline,
                             const std::string& who, const std::string& late) {
  using namespace asio::experimental::awaitable_operators;
  std::variant<std::string, std::monostate> r;
  try {
    r = co_await (std::move(step) || expire_at(deadline));
  } catch (const std::exception& e) {  // out of memory, or a descriptor limit in the timer
    throw run_error(who + e.what());
  }
  if (r.index() == 1) throw run_error(who + late);
  if (const auto& error = std::get<0>(r); !error.empty()) throw run_error(who + error);
}

asio::awaitable<request_stamps> stamped(net::server_address server, std::string line, std::string expected,
                                        std::chrono::milliseconds timeout, std::function<void()> on_sent) {
  const auto deadline = clock_type::now() + timeout;
  const std::string who = "lab-server at " + server.text() + ": ";
  const std::string late = "no answer to '" + line + "' within " + std::to_string(timeout.count()) + " ms";
  tcp::socket socket(co_await asio::this_coro::executor);
  request_stamps stamps;
  std::string out = line + '\n';  // named: no temporary with a destructor in a co_await expression
  co_await within(connect_and_send(socket, server.endpoint, std::move(out), stamps.sent), deadline, who, late);
  if (on_sent) on_sent();
  std::string answer;
  co_await within(read_answer(socket, answer, stamps.answered), deadline, who, late);
  expect_answer(server, line, answer, expected);
  co_return stamps;
}

}  // namespace

asio::awaitable<request_stamps> async_stamped_request(net::server_address server, std::string line,
                                                      std::string expected, std::chrono::milliseconds timeout,
                                                      std::function<void()> on_sent) {
  // As net::async_request: `||` runs both branches on the current executor, so a strand keeps
  // them apart whatever the number of loop threads.
  auto strand = asio::make_strand(co_await asio::this_coro::executor);
  co_return co_await asio::co_spawn(
      strand, stamped(std::move(server), std::move(line), std::move(expected), timeout, std::move(on_sent)),
      asio::use_awaitable);
}

request_stamps blocking_stamped_request(const net::server_address& server, const std::string& line,
                                        const std::string& expected, std::chrono::milliseconds timeout) {
  const auto deadline = clock_type::now() + timeout;
  net::blocking_client client(server, timeout);
  request_stamps stamps;
  stamps.sent = clock_type::now();  // round_trip sends first thing
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - stamps.sent);
  const std::string answer = client.round_trip(line, std::max(left, std::chrono::milliseconds(1)));
  stamps.answered = clock_type::now();
  expect_answer(server, line, answer, expected);
  return stamps;
}

}  // namespace lab
