// The report's files: Markdown and CSV against their golden files (markdown_writer.cpp,
// csv_writer.cpp), results.jsonl read back and the report written whole (report.cpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "report_support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

using lab::test::temp_dir;

TEST_CASE("report: markdown golden") { check_golden("report.md", markdown_of(golden_records())); }

TEST_CASE("report: csv golden") {
  std::ostringstream out;
  write_csv(out, golden_records());
  check_golden("results.csv", out.str());
}

TEST_CASE("report: csv has a column per key outside the contract, the lab's typed ones and unknown ones alike") {
  auto rs = golden_records();
  rs[0].run_s = 1.5;
  rs[0].cpu = 1;
  rs[0].task_hash = "";
  rs[1].extra["shard"] = "1/2";
  std::ostringstream out;
  write_csv(out, rs);
  const std::string csv = out.str();
  const std::string header = csv.substr(0, csv.find('\n'));
  CHECK(header.ends_with(",metrics.yields,extra.cpu,extra.run_s,extra.shard,extra.task_hash"));
  const std::string first = csv.substr(header.size() + 1, csv.find('\n', header.size() + 1) - header.size() - 1);
  CHECK(first.starts_with("cpu-scaling,"));
  CHECK(first.ends_with(",1,1.5,,"));  // task_hash null: empty, like every null
}

TEST_CASE("report: reading results skips blank lines and reports torn ones") {
  temp_dir dir;
  const auto rs = golden_records();
  {
    std::ofstream out(dir.path / "a.jsonl");
    out << boost::json::serialize(to_json(rs[0])) << "\n\n   \n" << boost::json::serialize(to_json(rs[1])) << "\n";
    out << "{\"schema\": 1, \"scenario\": \"cpu\", \"mod";  // torn by an interrupted write
  }
  const auto in = read_results({(dir.path / "a.jsonl").string()});
  CHECK(in.records.size() == 2);
  REQUIRE(in.warnings.size() == 1);
  CHECK(in.warnings[0].find("a.jsonl:5: skipped") != std::string::npos);
  CHECK(in.warnings[0].find("torn") != std::string::npos);
  CHECK_THROWS_AS(read_results({(dir.path / "missing.jsonl").string()}), usage_error);
}

TEST_CASE("report: write_report writes the three files and a summary") {
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
    out << "not json\n";
  }
  const auto out_dir = dir.path / "report";
  const auto s = write_report({(dir.path / "results.jsonl").string()}, out_dir.string(),
                              report::html_options{nullptr, false});
  for (const char* f : {"report.md", "report.html", "results.csv"}) CHECK(fs::exists(out_dir / f));
  CHECK(s.written.size() == 3);
  CHECK(s.records == golden_records().size());
  CHECK(s.failed == 1);
  CHECK(s.experiments == 3);
  REQUIRE(s.warnings.size() == 1);
  CHECK(s.text().find("warning: ") != std::string::npos);
  CHECK(read_text(out_dir / "report.md").find("**Input skipped:** what the figures leave out of the input (1 warning)") != std::string::npos);
  // The same text as the writer gives for the records read back (Boost.JSON 1.81 may move a
  // parsed double by one ulp, so the comparison is not against the records before writing).
  std::ostringstream csv;
  write_csv(csv, read_results({(dir.path / "results.jsonl").string()}).records);
  const std::string written = read_text(out_dir / "results.csv");
  CHECK_MESSAGE(written == csv.str(), "results.csv" << first_difference(csv.str(), written));
  // No temporary files are left beside them.
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& f : fs::directory_iterator(out_dir)) ++files;
  CHECK(files == 3);
}

TEST_CASE("report: unreadable or empty results are usage errors") {
  temp_dir dir;
  const std::string out = (dir.path / "out").string();
  CHECK_THROWS_AS(write_report({(dir.path / "missing.jsonl").string()}, out), usage_error);
  {
    std::ofstream empty(dir.path / "empty.jsonl");
    empty << "\n";
  }
  CHECK_THROWS_AS(write_report({(dir.path / "empty.jsonl").string()}, out), usage_error);
}

TEST_CASE("report: a report is written whole or not at all") {
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
  }
  const auto out_dir = dir.path / "report";
  fs::create_directories(out_dir);
  std::ofstream(out_dir / "report.md") << "the old report\n";
  // report.html cannot be written: its temporary's name is taken by a folder.
  fs::create_directories(out_dir / ".report.html.tmp");
  CHECK_THROWS_WITH_AS(write_report({(dir.path / "results.jsonl").string()}, out_dir.string(),
                                    report::html_options{nullptr, false}),
                       doctest::Contains("cannot write"), std::runtime_error);
  CHECK(read_text(out_dir / "report.md") == "the old report\n");
  CHECK_FALSE(fs::exists(out_dir / "results.csv"));
  CHECK_FALSE(fs::exists(out_dir / ".report.md.tmp"));
}

TEST_CASE("report: records of the wrong shape are skipped with a warning naming the field") {
  boost::json::object good = to_json(golden_records()[0]);
  auto with = [&](const char* key, boost::json::value v) {
    boost::json::object o = good;
    o[key] = std::move(v);
    return boost::json::serialize(o);
  };
  auto why = [](const std::string& line) {
    auto parsed = read_record_line(line);
    const auto* w = std::get_if<std::string>(&parsed);
    return w ? *w : std::string("read as a record");
  };
  CHECK(why(boost::json::serialize(good)) == "read as a record");
  CHECK(why(with("params", boost::json::array{1, 2})) == "field 'params' is a list, expected an object");
  CHECK(why(with("model", 7)) == "field 'model' is a number, expected a string");
  CHECK(why(with("ok", "yes")) == "field 'ok' is a string, expected a boolean");
  CHECK(why(with("wall_s", "fast")) == "field 'wall_s' is a string, expected a number");
  CHECK(why(with("rep", 1e300)) == "field 'rep' is out of range");
  CHECK(why(with("metrics", boost::json::array{})) == "field 'metrics' is a list, expected an object or null");
}
