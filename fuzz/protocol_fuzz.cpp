// libFuzzer target: the readers of lab-server's protocol, which take bytes from anyone on
// the network. parse_request on each line the splitter cuts from the input (fed in chunks
// whose size the first byte picks), parse_total on the same lines. Checked besides "no
// crash": the splitter's memory stays bounded, a request that parses formats back to a line
// that parses to the same request, and a bad request's reason is one printable line.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "net/protocol.hpp"

namespace net = lab::net;

namespace {

void check(bool ok) {
  if (!ok) std::abort();
}

void check_line(std::string_view line) {
  const net::request r = net::parse_request(line);
  if (const auto* bad = std::get_if<net::bad_request>(&r)) {
    for (char c : bad->reason) check(c >= 0x20 && c < 0x7f);
  } else {
    check(net::parse_request(net::to_line(r)) == r);
  }
  if (const auto total = net::parse_total(line)) check(net::parse_total(net::format_total(*total)).has_value());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0] % 64;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  check_line(bytes);  // the whole input as one line, as a server's parse would see it
  net::line_splitter lines(32);
  for (std::size_t at = 0; at < bytes.size(); at += chunk) {
    lines.feed(bytes.substr(at, chunk));
    while (auto item = lines.next()) {
      check(item->oversized ? item->text.empty() : item->text.size() <= 32);
      if (!item->oversized) check_line(item->text);
    }
    check(lines.buffered() <= 32);
  }
  return 0;
}
