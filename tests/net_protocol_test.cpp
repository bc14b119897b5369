#include <doctest/doctest.h>

#include <string>

#include "core/error.hpp"
#include "net/address.hpp"
#include "net/protocol.hpp"
#include "workload/sum.hpp"

using namespace lab;
using namespace lab::net;

namespace {
bool is_bad(const request& r) { return std::holds_alternative<bad_request>(r); }
std::string reason(const request& r) { return std::get<bad_request>(r).reason; }
}  // namespace

TEST_CASE("net: good requests parse, and print back to the same line") {
  CHECK(parse_request("ping") == request{ping_request{}});
  CHECK(parse_request("delay 100") == request{delay_request{100}});
  CHECK(parse_request("delay 0") == request{delay_request{0}});
  CHECK(parse_request("gauss 1000 7") == request{gauss_request{1000, 7}});
  CHECK(parse_request("gauss 0 18446744073709551615") == request{gauss_request{0, 18446744073709551615ULL}});
  CHECK(parse_request("  gauss\t5   6 ") == request{gauss_request{5, 6}});  // any blanks between words
  for (const request& r : {request{ping_request{}}, request{delay_request{42}}, request{gauss_request{3, 9}}})
    CHECK(parse_request(to_line(r)) == r);
}

TEST_CASE("net: malformed requests are bad_requests with a reason, never exceptions") {
  for (const char* line : {"", "   ", "pong", "PING", "ping 1", "delay", "delay x", "delay -1", "delay +5",
                           "delay 1.5", "delay 1 2", "delay 99999999999", "gauss", "gauss 5", "gauss 5 6 7",
                           "gauss -5 6", "gauss 5 -6", "gauss 5 18446744073709551616", "gauss 1e6 1",
                           "gauss 100000000001 1", "\x01\x02\xff"}) {
    CAPTURE(line);
    const request r = parse_request(line);
    REQUIRE(is_bad(r));
    CHECK(!reason(r).empty());
    for (char c : reason(r)) CHECK((c >= 0x20 && c < 0x7f));  // one printable line
  }
  CHECK(reason(parse_request("frobnicate")).find("'frobnicate'") != std::string::npos);
  CHECK(reason(parse_request(std::string(200, 'x'))).size() < 120);  // echoes are cut short
}

TEST_CASE("net: a total travels as its 64 bits, so it comes back bit for bit") {
  const double g = gaussian_sum(7, 0, 1000);
  CHECK(format_total(g).size() == 16);
  CHECK(parse_total(format_total(g)) == g);
  CHECK(format_total(1.0) == "3ff0000000000000");
  CHECK(parse_total("3ff0000000000000") == 1.0);
  CHECK(format_total(-0.0) == "8000000000000000");
  CHECK(!parse_total("3ff000000000000"));    // 15 digits
  CHECK(!parse_total("3FF0000000000000"));   // upper case is not what the server prints
  CHECK(!parse_total("ok"));
  CHECK(!parse_total("error unknown request"));
  CHECK(error_answer("why") == "error why");
}

TEST_CASE("net: the line splitter buffers partial lines") {
  line_splitter s;
  s.feed("pi");
  CHECK(!s.next());
  s.feed("ng\r\ndelay");
  auto a = s.next();
  REQUIRE(a);
  CHECK(!a->oversized);
  CHECK(a->text == "ping");  // the '\r' of "\r\n" is dropped
  CHECK(!s.next());
  s.feed(" 5\ngauss 1 2\n\n");
  CHECK(s.next()->text == "delay 5");
  CHECK(s.next()->text == "gauss 1 2");
  CHECK(s.next()->text == "");  // an empty line is a (bad) request
  CHECK(!s.next());
  CHECK(s.buffered() == 0);
}

TEST_CASE("net: an oversized line is reported once and skipped, and the next line is fine") {
  line_splitter s(8);
  s.feed("12345678\n");  // exactly the cap: fine
  CHECK(s.next()->text == "12345678");
  s.feed("123456789\nping\n");  // one over, complete
  CHECK(s.next()->oversized);
  CHECK(s.next()->text == "ping");
  s.feed("123456789");  // one over, no end yet: reported now, and its rest is dropped
  CHECK(s.next()->oversized);
  CHECK(!s.next());
  s.feed(std::string(100000, 'x'));
  CHECK(!s.next());
  CHECK(s.buffered() == 0);  // memory stays bounded
  s.feed("xxx\nping\n");
  CHECK(s.next()->text == "ping");
  CHECK(!s.next());
}

TEST_CASE("net: server addresses") {
  CHECK(parse_server_address("127.0.0.1:4242").text() == "127.0.0.1:4242");
  CHECK(parse_server_address("localhost:80").text() == "127.0.0.1:80");
  for (const char* bad : {"", "127.0.0.1", "127.0.0.1:", ":80", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:x",
                          "example.com:80", "1.2.3:80", "127.0.0.1:80x"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(parse_server_address(bad), usage_error);
  }
}
