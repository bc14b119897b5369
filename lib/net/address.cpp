#include "net/address.hpp"

#include <charconv>

#include "core/error.hpp"

namespace lab::net {

std::string failure_at(const server_address& server, const std::string& what) {
  return "lab-server at " + server.text() + ": " + what;
}

std::string server_address::text() const {
  return endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
}

server_address parse_server_address(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    throw usage_error("expected HOST:PORT, e.g. 127.0.0.1:4242");
  std::string host(text.substr(0, colon));
  const auto port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || p != port_text.data() + port_text.size() || port == 0 || port > 65535)
    throw usage_error("port must be an integer in [1, 65535], got '" + std::string(port_text) + "'");
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code bad;
  const auto addr = boost::asio::ip::make_address_v4(host, bad);
  if (bad) throw usage_error("host must be a numeric IPv4 address or localhost, got '" + host + "'");
  return {{addr, static_cast<std::uint16_t>(port)}};
}

}  // namespace lab::net
