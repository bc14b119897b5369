#include <doctest/doctest.h>

#include "output/record_writer.hpp"
#include "record/record.hpp"
#include "report/report.hpp"

using namespace lab;

TEST_CASE("record: JSON round trip keeps every field, failed runs and added keys included") {
  record r;
  r.scenario = "cpu";
  r.model = "procs";
  r.params = {{"tasks", 2}, {"spawn", "exec"}};
  r.rep = 4;
  r.ok = false;
  r.error = "worker 0 (pid 12) was killed by signal 9 (Killed)";
  r.wall_s = 0.5;
  r.max_rss_kib = 1234;
  r.metrics = {{"p99_ms", nullptr}, {"yields", 3}};
  r.machine.host = std::string("testbox");
  r.machine.cpus = 2;
  r.extra = {{"experiment", "quick"}};
  const std::string line = to_json_line(r);
  CHECK(line.find('\n') == std::string::npos);
  const record back = record_from_line(line);
  CHECK(back.scenario == "cpu");
  CHECK(back.model == "procs");
  CHECK(back.rep == 4);
  CHECK_FALSE(back.ok);
  CHECK(back.error == r.error);
  CHECK(back.wall_s == 0.5);
  CHECK(back.max_rss_kib == 1234);
  CHECK_FALSE(back.ideal_s.has_value());
  CHECK(back.checksum.empty());
  CHECK(back.params.at("spawn").as_string() == "exec");
  CHECK(metric(back, "yields") == 3.0);
  CHECK_FALSE(metric(back, "p99_ms").has_value());
  CHECK(back.machine.cpus == 2);
  CHECK(back.extra.at("experiment").as_string() == "quick");
  CHECK(to_json_line(back) == line);
}

TEST_CASE("record: a line that is not a record is an error, not a crash") {
  CHECK_THROWS(record_from_line("{\"schema\":1}"));
  CHECK_THROWS(record_from_line("[1,2]"));
  CHECK_THROWS(record_from_line("{\"schema\":1,\"scena"));
}

TEST_CASE("record: a number past what a double holds is no record (it would be written back as Infinity)") {
  const std::string line =
      R"({"schema":1,"scenario":"sleep","model":"threads","params":{},"rep":0,"ok":true,"error":null,)"
      R"("wall_s":0.1,"user_s":0,"sys_s":0,"max_rss_kib":1,"nvcsw":0,"nivcsw":0,"checksum":"0",)"
      R"("ideal_s":0,"metrics":{"max_oversleep_ms":0.9E724},"machine":{"host":"h","cpus":2}})";
  const auto parsed = lab::read_record_line(line);
  REQUIRE(std::holds_alternative<std::string>(parsed));
  CHECK(std::get<std::string>(parsed).find("out of range") != std::string::npos);
  std::string finite = line;
  finite.replace(finite.find("0.9E724"), 7, "0.9E72");
  CHECK(std::holds_alternative<lab::record>(lab::read_record_line(finite)));
}
