#include "net/blocking_client.hpp"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"
#include "net/protocol.hpp"
#include "trace/trace.hpp"

namespace lab::net {

namespace {

using clock = std::chrono::steady_clock;

// Waits for `events` on fd until the deadline. false: timed out.
bool wait_for(int fd, short events, clock::time_point deadline) {
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 1 << 30)));
    if (r > 0) return true;  // ready, or an error/hang-up the next call reports
    if (r < 0 && errno != EINTR) return true;
  }
}

}  // namespace

std::string printable(std::string_view bytes) {
  std::string out;
  for (char c : bytes.substr(0, 60)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (bytes.size() > 60) out += "...";
  return out;
}

blocking_client::blocking_client(const server_address& server, std::chrono::milliseconds timeout)
    : blocking_client(server, timeout, clock::now() + timeout) {}

blocking_client::blocking_client(const server_address& server, std::chrono::milliseconds timeout,
                                 clock::time_point deadline)
    : server_(server), timeout_(timeout) {
  connect(deadline);
}

blocking_client::~blocking_client() {
  if (fd_ >= 0) ::close(fd_);
}

void blocking_client::fail(const std::string& what) const {
  throw run_error(failure_at(server_, what));
}

void blocking_client::connect(clock::time_point deadline) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) {
    const int err = errno;
    fail(std::string("could not create a socket: ") + std::strerror(err) +
         (err == EMFILE ? " (see ulimit -n)" : ""));
  }
  const int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  const auto* addr = server_.endpoint.data();
  if (::connect(fd_, addr, static_cast<socklen_t>(server_.endpoint.size())) == 0) return;
  if (errno != EINPROGRESS && errno != EINTR) fail(std::string("connect: ") + std::strerror(errno));
  if (!wait_for(fd_, POLLOUT, deadline))
    fail("connect: no connection within " + std::to_string(timeout_.count()) + " ms");
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) fail(std::string("connect: ") + std::strerror(err));
}

std::string blocking_client::round_trip(std::string_view line, std::chrono::milliseconds timeout) {
  timeout_ = timeout;
  return exchange(line, clock::now() + timeout);
}

std::string blocking_client::exchange(std::string_view line, clock::time_point deadline) {
  // One answer per request, in order: bytes before a request, or after its answer, are
  // answers to nothing, from a server that is not speaking the protocol.
  if (!pending_.empty()) fail("sent '" + printable(pending_) + "' that no request asked for");
  const std::string out = std::string(line) + '\n';
  for (std::size_t off = 0; off < out.size();) {
    const ssize_t w = ::send(fd_, out.data() + off, out.size() - off, MSG_NOSIGNAL);
    if (w >= 0) {
      off += static_cast<std::size_t>(w);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!wait_for(fd_, POLLOUT, deadline))
        fail("could not send the request within " + std::to_string(timeout_.count()) + " ms");
    } else if (errno != EINTR) {
      fail(std::string("send: ") + std::strerror(errno));
    }
  }
  trace::instant(trace::what::sent);
  for (;;) {
    const auto nl = pending_.find('\n');
    if (nl != std::string::npos) {
      std::string answer = pending_.substr(0, nl);
      pending_.erase(0, nl + 1);
      if (!answer.empty() && answer.back() == '\r') answer.pop_back();
      if (!pending_.empty())
        fail("answered '" + std::string(line) + "' with more than one line ('" + printable(answer) + "', then '" +
             printable(pending_) + "')");
      trace::instant(trace::what::answered);
      return answer;
    }
    if (pending_.size() > max_line) fail("answer longer than " + std::to_string(max_line) + " bytes");
    char buf[512];
    const ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
    if (r > 0) {
      pending_.append(buf, static_cast<std::size_t>(r));
    } else if (r == 0) {
      fail("the server closed the connection before answering '" + std::string(line) + "'");
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      if (!wait_for(fd_, POLLIN, deadline))
        fail("no answer to '" + std::string(line) + "' within " + std::to_string(timeout_.count()) + " ms");
    } else if (errno != EINTR) {
      fail(std::string("recv: ") + std::strerror(errno));
    }
  }
}

exchange_stamps exchange_once(const server_address& server, std::string_view line, clock::time_point deadline,
                              const std::function<void()>& on_sent) {
  // The timeout the error messages name: what was left of it when the call began.
  const auto timeout = std::chrono::ceil<std::chrono::milliseconds>(deadline - clock::now());
  blocking_client c(server, timeout, deadline);
  exchange_stamps s;
  s.sent = clock::now();
  if (on_sent) on_sent();
  s.answer = c.exchange(line, deadline);
  s.answered = clock::now();
  return s;
}

std::string request_once(const server_address& server, std::string_view line, std::chrono::milliseconds timeout) {
  return exchange_once(server, line, clock::now() + timeout).answer;
}

std::optional<server_stats> query_stats(const server_address& server, std::chrono::milliseconds timeout) {
  return parse_stats(request_once(server, to_line(stats_request{}), timeout));
}

}  // namespace lab::net
