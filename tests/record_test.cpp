#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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
  r.machine.threads_max = 95867;
  r.experiment = "quick";
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
  CHECK(back.machine.threads_max == 95867);
  CHECK(back.experiment == "quick");
  CHECK(back.extra.empty());
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

namespace {

// A record's contract keys, as to_json writes them, with `added` (JSON members, comma first)
// after them; in Boost.JSON's own spelling of its numbers, so that text is what a write gives.
std::string line_with(const std::string& added) {
  const std::string line =
      R"({"schema":1,"scenario":"cpu","model":"threads","params":{"tasks":2},"rep":1,"ok":true,"error":null,)"
      R"("wall_s":0.0919,"user_s":0.0131,"sys_s":0.0088,"max_rss_kib":6268,"nvcsw":1,"nivcsw":8,)"
      R"("checksum":"1000049.2662264809","ideal_s":0.000955,"metrics":{"tasks":2,"units":2},)"
      R"("machine":{"host":"vm","cpus":2,"cpu_model":"AMD EPYC","kernel":"Linux","compiler":"g++","boost":"1.81",)"
      R"("mem_total_kib":1,"governor":"","open_files":2,"max_user_procs":3,"pid_max":4,"max_map_count":5})" +
      added + "}";
  return boost::json::serialize(boost::json::parse(line));
}

// Every key the driver and lab sweep add, in the order they add them.
const std::string lab_keys =
    R"(,"server":"started by the driver at 127.0.0.1:4000","cpu":1,"task_hash":"3f48fdd659fd3772",)"
    R"("run_s":0.0205,"code":{"library":"liblabcore.so","kernel_offset":2856896},)"
    R"("trace":{"file":"t/a.trace.json","write_s":0.001},"experiment":"cpu-scaling","config":"quick.ini",)"
    R"("round":1,"order_seed":4294967295,"point":17,"warmup":false)";

}  // namespace

TEST_CASE("record: the lab's own keys are typed fields, read and written in their place, byte for byte") {
  const std::string line = line_with(lab_keys);
  const record r = record_from_line(line);
  CHECK(r.server == "started by the driver at 127.0.0.1:4000");
  CHECK(r.cpu == 1);
  CHECK(r.task_hash == "3f48fdd659fd3772");
  CHECK(r.run_s == 0.0205);
  REQUIRE(r.code);
  CHECK(r.code->at("kernel_offset").as_int64() == 2856896);
  REQUIRE(r.trace);
  CHECK(r.trace->at("file").as_string() == "t/a.trace.json");
  CHECK(r.experiment == "cpu-scaling");
  CHECK(r.config == "quick.ini");
  CHECK(r.round == 1);
  CHECK(r.order_seed == 4294967295u);
  CHECK(r.point == 17u);
  CHECK(r.warmup == false);
  CHECK(r.extra.empty());
  CHECK(to_json_line(r) == line);
  CHECK(run_time_s(r) == 0.0205);
}

TEST_CASE("record: a null task hash (a run with no task totals) stays null, apart from an absent one") {
  const record hashless = record_from_line(line_with(R"(,"task_hash":null,"run_s":0.5)"));
  CHECK(hashless.task_hash == "");
  CHECK(to_json_line(hashless) == line_with(R"(,"task_hash":null,"run_s":0.5)"));
  const record failed = record_from_line(line_with(R"(,"cpu":0)"));
  CHECK_FALSE(failed.task_hash);
  CHECK(to_json_line(failed) == line_with(R"(,"cpu":0)"));
}

TEST_CASE("record: a line without the lab's own keys loads, and none appears when written") {
  const std::string line = line_with("");
  const record r = record_from_line(line);
  CHECK_FALSE(r.server);
  CHECK_FALSE(r.cpu);
  CHECK_FALSE(r.task_hash);
  CHECK_FALSE(r.run_s);
  CHECK_FALSE(r.code);
  CHECK_FALSE(r.trace);
  CHECK_FALSE(r.experiment);
  CHECK_FALSE(r.round);
  CHECK_FALSE(r.warmup);
  CHECK(r.extra.empty());
  CHECK(to_json_line(r) == line);
  CHECK(run_time_s(r) == r.wall_s);  // no run_s: the driver's wall time
}

TEST_CASE("record: a key the lab does not know survives in extra, after the lab's own") {
  const std::string line = line_with(R"(,"run_s":0.0205,"experiment":"e","partition":"1/2","later":{"a":[1,2]})");
  const record r = record_from_line(line);
  CHECK(r.run_s == 0.0205);
  CHECK(r.experiment == "e");
  CHECK(r.extra.size() == 2);
  CHECK(r.extra.at("partition").as_string() == "1/2");
  CHECK(to_json_line(r) == line);
  CHECK(boost::json::serialize(added_keys(r)) ==
        R"({"run_s":2.05E-2,"experiment":"e","partition":"1/2","later":{"a":[1,2]}})");
}

TEST_CASE("record: a lab key of another type is carried as it was, unread, as before it was typed") {
  // The report read these keys leniently (a mistyped one was absent), and a line with one still
  // loads: refusing it would drop a run from a report that used to count it.
  const std::string odd =
      R"(,"cpu":"1","task_hash":"","run_s":"fast","trace":[],"round":1.5,"order_seed":-1,"warmup":1)";
  const record r = record_from_line(line_with(odd));
  CHECK_FALSE(r.cpu);
  CHECK_FALSE(r.task_hash);
  CHECK_FALSE(r.run_s);
  CHECK_FALSE(r.trace);
  CHECK_FALSE(r.round);
  CHECK_FALSE(r.order_seed);
  CHECK_FALSE(r.warmup);
  CHECK(r.extra.size() == 7);
  CHECK(r.extra.at("run_s").as_string() == "fast");
  CHECK(to_json_line(r) == line_with(odd));
  CHECK(run_time_s(r) == r.wall_s);
}

TEST_CASE("record: a contract key of another type is refused, naming it") {
  std::string line = line_with("");
  line.replace(line.find("\"nvcsw\":1"), 9, "\"nvcsw\":\"1\"");
  CHECK_THROWS_WITH_AS(record_from_line(line), "field 'nvcsw' is a string, expected a number", std::runtime_error);
}

TEST_CASE("record: the time models are compared on is run_s where positive, else the driver's wall") {
  record r;
  r.wall_s = 0.5;
  CHECK(run_time_s(r) == 0.5);
  r.run_s = 0.0;
  CHECK(run_time_s(r) == 0.5);
  r.run_s = 0.25;
  CHECK(run_time_s(r) == 0.25);
}
