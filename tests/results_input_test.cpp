// Results files and configs as outside input (issue 21): read with bounded memory whatever
// their size, refused when they are no file at all, and never read as more runs than they
// hold (a record of another schema, an impossible time, the same run twice).
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "core/line_reader.hpp"
#include "output/record_writer.hpp"
#include "record/record.hpp"
#include "report/report.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::temp_dir;
namespace fs = std::filesystem;

namespace {

std::string record_line(int rep, const std::string& host = "vm", std::optional<std::string> experiment = "e") {
  record r;
  r.scenario = "sleep";
  r.model = "threads";
  r.params["ms"] = 1;
  r.rep = rep;
  r.wall_s = 0.01 + rep * 0.001;
  r.machine.host = host;
  r.experiment = experiment;
  if (experiment) r.round = rep;
  return to_json_line(r);
}

std::string lines(int n) {
  std::string text;
  for (int i = 0; i < n; ++i) text += record_line(i) + "\n";
  return text;
}

}  // namespace

TEST_CASE("results input: a line longer than the cap is skipped whole, counted once, the rest read") {
  const std::string longer(3000, '\0');
  std::istringstream in("first\n" + longer + "\nsecond\n" + longer + "x\n\nlast without newline");
  line_reader reader(in, 1024);
  std::vector<std::string> got;
  for (std::string line; reader.next(line);) got.push_back(line);
  CHECK(got == std::vector<std::string>{"first", "second", "", "last without newline"});
  CHECK(reader.oversized() == 2);
  CHECK(reader.first_oversized() == 2);
  CHECK(reader.oversized_warning("r.jsonl") == "r.jsonl:2: skipped 2 lines longer than 1024 bytes (no record is that long)");
  std::istringstream at_end("a\n" + longer);  // a long last line without a newline
  line_reader tail(at_end, 1024);
  std::string line;
  CHECK(tail.next(line));
  CHECK_FALSE(tail.next(line));
  CHECK(tail.oversized() == 1);
}

// On main a 2 GB line of NULs before the records cost 4.2 GB to skip: std::getline held it.
TEST_CASE("results input: a huge line before the records costs no memory, under an address-space cap") {
  if (!lab::test::address_limit_works) {
    lab::test::skip("a sanitizer build cannot run under an address-space limit");
    return;
  }
  temp_dir dir;
  const std::string file = dir.file("big.jsonl");
  {
    std::ofstream out(file, std::ios::binary);
    out.seekp((std::streamoff(512) << 20) - 1);  // a sparse 512 MiB of NULs: no disk written
    out.put('\0');
    out << "\n" << lines(3);
  }
  const auto r = lab::test::run("/usr/bin/prlimit", {"--as=400000000", lab::test::bin("lab"), "report", file, "--out",
                                                     dir.file("rep"), "--no-charts"});
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("3 records") != std::string::npos);
  CHECK(r.out.find("big.jsonl:1: skipped 1 line longer than 1 MiB") != std::string::npos);
}

// On main `lab report /dev/zero` read forever and a FIFO without a writer blocked forever.
TEST_CASE("results input: a FIFO or a device is refused with exit 2 before it is opened") {
  temp_dir dir;
  const std::string fifo = dir.file("fifo.jsonl");
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0);
  const std::string config = dir.write("c.ini", "[c]\nscenario = sleep\nmodels = serial\nreps = 1\nset.ms = 0\n");
  const std::string fifo_ini = dir.file("fifo.ini");
  REQUIRE(::mkfifo(fifo_ini.c_str(), 0600) == 0);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"report", fifo, "--out", dir.file("rep")}, "it is a FIFO, not a regular file"},
      {{"report", "/dev/zero", "--out", dir.file("rep")}, "it is a character device, not a regular file"},
      {{"sweep", fifo_ini, "--dry-run"}, "it is a FIFO, not a regular file"},
      {{"sweep", config, "--no-check", "--resume", "--dry-run", "--out", fifo}, "it is a FIFO, not a regular file"},
      {{"sweep", config, "--no-check", "--resume", "--out", fifo}, "it is not a regular file"}};
  for (const auto& [args, why] : cases) {
    CAPTURE(args);
    const auto r = lab::test::run(lab::test::bin("lab"), args, 20);
    CHECK(r.status == 2);
    CHECK(r.err.find(why) != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
  }
}

// On main schema 0, 2 and 99 were read as schema 1 and merged into one experiment.
TEST_CASE("results input: a record of another schema is refused naming it, never merged") {
  std::string line = record_line(0);
  for (const char* schema : {"0", "2", "99"}) {
    std::string other = line;
    other.replace(other.find("\"schema\":1"), 10, std::string("\"schema\":") + schema);
    const auto parsed = read_record_line(other);
    REQUIRE(std::holds_alternative<std::string>(parsed));
    CHECK(std::get<std::string>(parsed) == "schema " + std::string(schema) + ": this lab reads schema 1 records (docs/record.md)");
  }
  CHECK(std::holds_alternative<record>(read_record_line(line)));
}

// On main a negative wall_s was reported as "serial -1.00 s".
TEST_CASE("results input: a negative time is refused with a warning naming the line") {
  temp_dir dir;
  std::string bad = record_line(1);
  bad.replace(bad.find("\"wall_s\":"), 9, "\"wall_s\":-1,\"was\":");
  const std::string file = dir.write("neg.jsonl", record_line(0) + "\n" + bad + "\n");
  const auto in = read_results({file});
  CHECK(in.records.size() == 1);
  REQUIRE(in.warnings.size() == 1);
  CHECK(in.warnings[0] == file + ":2: skipped, not a record ('wall_s' is -1, and no time is negative)");
  std::string infinite = record_line(2);
  infinite.replace(infinite.find("\"user_s\":"), 9, "\"user_s\":1e999,\"was\":");
  CHECK(std::get<std::string>(read_record_line(infinite)).find("out of range") != std::string::npos);
}

// On main `lab report r.jsonl r.jsonl` counted every run twice (narrower intervals from
// duplicated data), as did a file whose records were appended twice.
TEST_CASE("results input: the same file twice, or the same runs twice, count each run once and say so") {
  temp_dir dir;
  const std::string file = dir.write("r.jsonl", lines(4));
  const auto twice = read_results({file, dir.path.string() + "/./r.jsonl"});
  CHECK(twice.records.size() == 4);
  REQUIRE(twice.warnings.size() == 1);
  CHECK(twice.warnings[0].find("given more than once, read once") != std::string::npos);

  // A sweep run twice into one file: the same runs measured twice (other figures, same identity).
  std::string again;
  for (int i = 0; i < 4; ++i) {
    std::string l = record_line(i);
    l.replace(l.find("\"wall_s\":"), 9, "\"wall_s\":0.5,\"was\":");
    again += l + "\n";
  }
  const std::string doubled = dir.write("doubled.jsonl", lines(4) + again + record_line(9, "other-host") + "\n");
  const auto in = read_results({doubled});
  CHECK(in.records.size() == 5);
  for (const auto& r : in.records) CHECK(r.wall_s != 0.5);  // the first read is the one kept
  REQUIRE(in.warnings.size() == 1);
  CHECK(in.warnings[0] == doubled + ":5: 4 records repeat runs read before (same machine, experiment, point and "
                                    "round, or the same line): each run is counted once, the first read");
  // Records of `lab run --json` (no experiment) are the same run only when the same line.
  const std::string runs = dir.write("runs.jsonl", record_line(0, "vm", std::nullopt) + "\n" +
                                                       record_line(0, "vm", std::nullopt) + "\n" +
                                                       record_line(1, "vm", std::nullopt) + "\n");
  CHECK(read_results({runs}).records.size() == 2);
  // One point run on every CPU in the same round (the check's CPU comparison, check:cpus) is a
  // run per CPU, not a repeat: main dropped the second CPU's runs of every moment.
  std::string moments;
  for (int cpu = 0; cpu < 2; ++cpu) {
    auto r = record_from_line(record_line(0));
    r.cpu = cpu;
    moments += to_json_line(r) + "\n";
  }
  const auto both = read_results({dir.write("moments.jsonl", moments)});
  CHECK(both.records.size() == 2);
  CHECK(both.warnings.empty());
}
