#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "core/text.hpp"

using namespace lab;

TEST_CASE("text: quote cuts long input and escapes control bytes and invalid UTF-8") {
  const std::string q = quote(std::string(131000, 'x'));
  CHECK(q.size() < 140);
  CHECK(q.find("(131000 bytes)") != std::string::npos);
  CHECK(quote("\x1b[31mred\nnext") == "'\\x1b[31mred\\x0anext'");
  CHECK(quote("caf\xc3\xa9 \xff") == "'caf\xc3\xa9 \\xff'");  // é kept, a lone 0xff escaped
  // Found by fuzz/config_fuzz: escaping makes a byte four, and the cap counts what is written.
  CHECK(quote(std::string(1000, '\xff')).size() < 140);
}

TEST_CASE("text: valid_utf8 replaces what is not UTF-8 and keeps what is") {
  CHECK(valid_utf8("plain") == "plain");
  CHECK(valid_utf8("\xe2\x82\xac") == "\xe2\x82\xac");                    // the euro sign
  CHECK(valid_utf8("a\xff" "b") == "a\xef\xbf\xbd" "b");                  // a stray byte
  CHECK(valid_utf8("\xc0\xaf") == "\xef\xbf\xbd\xef\xbf\xbd");            // an overlong '/'
  CHECK(valid_utf8("\xed\xa0\x80") == "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd");  // a surrogate
  CHECK(valid_utf8("\xe2\x82") == "\xef\xbf\xbd\xef\xbf\xbd");            // cut short
  const std::string once = valid_utf8("x\xfe\xff\xc3");
  CHECK(valid_utf8(once) == once);
}

TEST_CASE("text: one_line leaves no newline and stays short") {
  const std::string m = one_line("first\nsecond\r" + std::string(5000, 'y'));
  CHECK(std::count(m.begin(), m.end(), '\n') == 0);
  CHECK(m.find('\r') == std::string::npos);
  CHECK(m.size() < 700);
}
