#include <doctest/doctest.h>

#include <stdexcept>

#include "record/child_result.hpp"

using namespace lab;

TEST_CASE("child result: the line the child writes reads back as the same outcome") {
  outcome o;
  o.checksum = "12.3456789012";
  o.task_hash = "00ff00ff00ff00ff";
  o.ideal_s = 0.25;
  o.run_s = 0.5;
  o.metrics = {{"yields", 3}, {"p99_ms", nullptr}};
  o.code = {{"library", "liblabcore.so"}, {"kernel_offset", 4096}};
  o.trace = {{"file", "t.json"}};
  const std::string line = to_result_line(o);
  CHECK(line.find('\n') == std::string::npos);
  const outcome back = outcome_from_result_line(line);
  CHECK(back.ok);
  CHECK(back.error.empty());
  CHECK(back.checksum == o.checksum);
  CHECK(back.task_hash == o.task_hash);
  REQUIRE(back.ideal_s);
  CHECK(*back.ideal_s == 0.25);
  CHECK(back.run_s == 0.5);
  CHECK(back.metrics == o.metrics);
  CHECK(back.code == o.code);
  CHECK(back.trace == o.trace);
}

TEST_CASE("child result: a failed run keeps its reason, and what is empty is written null and read empty") {
  outcome o;
  o.ok = false;
  o.error = "lab-server at 127.0.0.1:1: connect: Connection refused \xff";
  const std::string line = to_result_line(o);
  CHECK(line.find("\"checksum\":null") != std::string::npos);
  CHECK(line.find("\"trace\"") == std::string::npos);
  const outcome back = outcome_from_result_line(line);
  CHECK_FALSE(back.ok);
  CHECK(back.error == "lab-server at 127.0.0.1:1: connect: Connection refused \xEF\xBF\xBD");  // valid UTF-8 on the wire
  CHECK(back.checksum.empty());
  CHECK_FALSE(back.ideal_s);
  CHECK(back.code.empty());
}

TEST_CASE("child result: a line that is not a result says why in words") {
  CHECK_THROWS_WITH_AS(outcome_from_result_line("not json"), doctest::Contains("syntax error"), std::runtime_error);
  CHECK_THROWS_WITH_AS(outcome_from_result_line("{\"ok\": 1}"), "no boolean 'ok'", std::runtime_error);
  CHECK_THROWS_WITH_AS(outcome_from_result_line("[true]"), "no boolean 'ok'", std::runtime_error);
  CHECK(outcome_from_result_line("{\"ok\": false}").error == "failed without a reason");
}
