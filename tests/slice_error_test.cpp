#include <doctest/doctest.h>

#include <unistd.h>

#include "models/slice.hpp"

using namespace lab;

TEST_CASE("io: a procs worker's error line reaches its parent") {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  ::write(fds[1], "0 3ff0000000000000 0.1\n", 23);
  write_slice_error(fds[1], "lab-server at 127.0.0.1:1: connect: Connection refused\n(second line)");
  ::close(fds[1]);
  std::string text;
  char buf[256];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(fds[0]);
  CHECK(slice_error(text) == "lab-server at 127.0.0.1:1: connect: Connection refused (second line)");
  CHECK(slice_error("0 3ff0000000000000 0.1\n") == "");
  CHECK(slice_error("") == "");
  CHECK(slice_error("error x") == "x");
  CHECK(slice_error("not an error x\n") == "");
}
