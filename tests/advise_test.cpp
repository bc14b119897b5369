// lab advise end to end at a small size: calibrate, predict, verify, record, report; then the
// same costs reused, and the bad input the issue lists.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "support.hpp"
#include "temp_dir.hpp"

namespace {

std::string read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

int count_of(const std::string& text, const std::string& what) {
  int n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("lab advise: calibrates, predicts every model, verifies here, and the report shows it") {
  lab::test::temp_dir dir;
  const auto out = dir.file("advise.jsonl");
  const auto r = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=cpu 1ms, request 5ms", "--concurrency", "8",
                                                         "--cpus", "16", "--verify-max", "4", "--calibrate-at", "48", "--out", out}, 300);
  INFO(r.err);
  REQUIRE(r.status == 0);
  CHECK(r.out.find("Costs of ") != std::string::npos);
  CHECK(r.out.find("Choose ") != std::string::npos);
  CHECK(r.out.find("Verified here") != std::string::npos);
  CHECK(r.out.find("is past what this machine holds") != std::string::npos);  // 16 CPUs: a prediction
  for (const char* v : {"threads", "procs", "async", "async (cpu_pool=16)"}) CHECK(r.out.find(v) != std::string::npos);
  const auto records = read(out);
  CHECK(count_of(records, "\"advise:calibrate:spawn\"") >= 4);
  CHECK(count_of(records, "\"advise:verify\"") >= 4);
  CHECK(count_of(records, "\"role\":\"target\"") >= 4);
  CHECK(count_of(records, "\"role\":\"verifies\"") >= 4);
  // Every run of its own carries the kernel's speed probed beside it; the verification says it.
  CHECK(count_of(records, "\"speed_beside_ns_per_sample\":") ==
        count_of(records, "\"advise:calibrate:") + count_of(records, "\"advise:verify\""));
  CHECK(r.out.find("beside the runs (calibration: ") != std::string::npos);

  const auto report = lab::test::run(lab::test::bin("lab"), {"report", out, "--out", dir.file("report"), "--no-charts"});
  INFO(report.err);
  REQUIRE(report.status == 0);
  const auto md = read(dir.file("report/report.md"));
  CHECK(md.find("## Advice") != std::string::npos);
  CHECK(md.find("Verified on this machine") != std::string::npos);
  {
    // The same records as a second machine's: each machine's advice from its own runs, its
    // predictions checked against its own verification, never the two pooled.
    std::string other = records;
    for (auto at = other.find("\"machine\":{\"host\":\""); at != std::string::npos;
         at = other.find("\"machine\":{\"host\":\"", at + 1))
      other.insert(at + 19, "copy-of-");
    std::ofstream(dir.file("other.jsonl")) << other;
    const auto both = lab::test::run(lab::test::bin("lab"), {"report", out, dir.file("other.jsonl"), "--out",
                                                             dir.file("both"), "--no-charts"});
    REQUIRE(both.status == 0);
    const auto two = read(dir.file("both/report.md"));
    CHECK(count_of(two, "## Advice: ") == 2);
    CHECK(count_of(two, " on `copy-of-") >= 1);
    CHECK(count_of(two, "Verified on this machine") == 2);
    CHECK(count_of(two, "Largest error of the predicted throughput: ") == 2);
  }

  // Each part below reuses the one calibration above. They are blocks, not SUBCASEs: doctest
  // runs a test case's body once per SUBCASE, which calibrated and verified four times.
  {
    INFO("the calibration is reused with --costs, nothing measured again");
    const auto again = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=cpu 1ms", "--concurrency", "100",
                                                               "--costs", out, "--no-verify", "--out", dir.file("b.jsonl")});
    INFO(again.err);
    REQUIRE(again.status == 0);
    CHECK(again.out.find("read from " + out) != std::string::npos);
    CHECK(again.out.find("Verified") == std::string::npos);
  }
  {
    INFO("--costs and --out one file: the calibration is read before the file starts anew, and kept");
    const auto same = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=cpu 1ms", "--costs", out, "--no-verify", "--out", out});
    INFO(same.err);
    CHECK(same.status == 0);
    const auto again = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=cpu 1ms", "--costs", out, "--no-verify", "--out", out});
    CHECK(again.status == 0);
  }
  {
    INFO("a memory budget below one unit of every model: exit 2, one line naming it");
    const auto tiny = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=cpu 1ms, memory 64KiB", "--memory", "1KiB",
                                                              "--costs", out, "--no-verify", "--out", dir.file("c.jsonl")});
    CHECK(tiny.status == 2);
    CHECK(tiny.err.find("memory budget") != std::string::npos);
    CHECK(count_of(tiny.err, "\n") == 1);
  }
  {
    INFO("a budget some models fit: the others are named, not predicted");
    const auto some = lab::test::run(lab::test::bin("lab"), {"advise", "--set", "steps=sleep 10ms", "--memory", "30KiB",
                                                              "--concurrency", "1", "--costs", out, "--no-verify", "--out",
                                                              dir.file("d.jsonl")});
    CHECK(some.status == 0);
    CHECK(some.out.find("procs: not predicted") != std::string::npos);  // a process is more than 30 KiB
    CHECK(some.out.find("Choose ") != std::string::npos);
  }
}

TEST_CASE("lab advise: bad input is one line and exit 2") {
  lab::test::temp_dir dir;
  const auto lab_bin = lab::test::bin("lab");
  const auto foreign = dir.write("foreign.jsonl", "{\"hello\": 1}\n");
  const std::vector<std::vector<std::string>> cases{
      {"advise", std::string(LAB_SOURCE_DIR) + "/configs/profiles.ini:nosuch"},
      {"advise", std::string(LAB_SOURCE_DIR) + "/configs/quick.ini:quick-cpu"},
      {"advise", "nofile.ini:api"},
      {"advise", "api"},
      {"advise"},
      {"advise", "--set", "steps=cpu fast"},
      {"advise", "--set", "steps=cpu 1ms", "--memory", "lots"},
      {"advise", "--set", "steps=cpu 1ms", "--cpus", "0"},
      {"advise", "--set", "steps=cpu 1ms", "--costs", foreign, "--out", dir.file("x.jsonl")},
  };
  for (const auto& args : cases) {
    const auto r = lab::test::run(lab_bin, args);
    INFO(args.back());
    CHECK(r.status == 2);
    CHECK(count_of(r.err, "\n") == 1);
    CHECK(r.err.rfind("lab: ", 0) == 0);
  }
}
