#pragma once
// Where a lab-server listens, as the `server` parameter spells it: "HOST:PORT", HOST a numeric
// IPv4 address or `localhost`. Numeric only, so no client ever blocks in a name lookup (an
// async loop thread must not) and the lab stays on loopback unless told otherwise.
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/asio/ip/tcp.hpp>

namespace lab::net {

struct server_address {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string text() const;  // "127.0.0.1:4242"
};

// "lab-server at 127.0.0.1:4242: <what>": how every client names the server a failure is about.
// Built only on failure: the address as text is an allocation a request need not pay.
std::string failure_at(const server_address& server, const std::string& what);

// Throws usage_error saying what is wrong ("expected HOST:PORT", "port out of range", ...).
server_address parse_server_address(std::string_view text);

}  // namespace lab::net
