#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "temp_dir.hpp"
#include "core/error.hpp"
#include "sweep/config.hpp"

using namespace lab;
namespace fs = std::filesystem;

namespace {

using lab::test::temp_dir;

// The error read_config throws for `text`, or "" when it reads fine.
std::string error_of(const std::string& text, std::string* path_out = nullptr) {
  temp_dir dir;
  const auto path = dir.write("bad.ini", text);
  if (path_out) *path_out = path;
  try {
    read_config(path);
  } catch (const usage_error& e) {
    return e.what();
  }
  return "";
}

const char* const good = R"(# a complete example
[cpu-workers]
scenario = cpu
models = serial, threads, procs, async
reps = 4
warmup = 1
timeout = 30
order_seed = 7
set.tasks = 8          # fixed
set.samples = 1000
sweep.workers = 1..8 x2
procs.set.spawn = exec

[naps]
scenario = sleep
set.ms = 0
sweep.tasks = 0..10 +5, 20
)";

}  // namespace

TEST_CASE("config: a good file is read") {
  temp_dir dir;
  const auto path = dir.write("good.ini", good);
  const auto exps = read_config(path);
  REQUIRE(exps.size() == 2);
  const auto& a = exps[0];
  CHECK(a.name == "cpu-workers");
  CHECK(a.file == path);
  CHECK(a.line == 2);
  CHECK(a.scenario == "cpu");
  CHECK(a.models == std::vector<std::string>{"serial", "threads", "procs", "async"});
  CHECK(a.reps == 4);
  CHECK(a.warmup == 1);
  CHECK(a.timeout == std::chrono::seconds(30));
  CHECK(a.order_seed == 7);
  CHECK(a.fixed == assignments{{"tasks", "8"}, {"samples", "1000"}});
  REQUIRE(a.swept.size() == 1);
  CHECK(a.swept[0].key == "workers");
  CHECK(a.swept[0].line == 11);
  CHECK(a.swept[0].values == std::vector<std::string>{"1", "2", "4", "8"});
  CHECK(a.model_sets.at("procs") == assignments{{"spawn", "exec"}});

  const auto& b = exps[1];
  CHECK(b.name == "naps");
  CHECK(b.models == std::vector<std::string>{"serial", "threads", "procs", "async", "fibers"});  // the scenario's
  CHECK(b.reps == 3);
  CHECK(b.warmup == 0);
  CHECK(b.swept[0].values == std::vector<std::string>{"0", "5", "10", "20"});
}

TEST_CASE("config: points are the models times the swept values, deduped per model") {
  temp_dir dir;
  const auto exps = read_config(dir.write("good.ini", good));
  const auto points = expand_points(exps[0]);
  // serial takes no workers: one point; threads, procs, async: four each.
  REQUIRE(points.size() == 1 + 4 + 4 + 4);
  CHECK(points[0].model == "serial");
  CHECK(points[0].label == "");
  CHECK(!points[0].values.has("workers"));
  CHECK(points[1].model == "threads");
  CHECK(points[1].label == "workers=1");
  CHECK(points[4].label == "workers=8");
  CHECK(points[5].model == "procs");
  CHECK(points[5].values.text("spawn") == "exec");  // the per-model override
  CHECK(points[5].values.text("tasks") == "8");

  // A sweep over a parameter that only one model takes does not multiply the others.
  const auto spawn = read_config(dir.write("spawn.ini", "[s]\nscenario = sleep\nmodels = threads, procs\n"
                                                        "sweep.spawn = fork, exec\nsweep.workers = 1, 2\n"));
  const auto sp = expand_points(spawn[0]);
  CHECK(sp.size() == 2 + 4);
  CHECK(sp[2].label == "spawn=fork workers=1");
  CHECK(sp[3].label == "spawn=fork workers=2");
  CHECK(sp[4].label == "spawn=exec workers=1");

  // Values that resolve to the same parameters (1e3 = 1000) are one point.
  const auto same = read_config(dir.write("same.ini", "[s]\nscenario = cpu\nmodels = serial\nsweep.samples = 1000, 1e3\n"));
  CHECK(expand_points(same[0]).size() == 1);
}

TEST_CASE("config: ranges expand") {
  CHECK(expand_values("1..1024 x2").size() == 11);
  CHECK(expand_values("1..1024 x2").back() == "1024");
  CHECK(expand_values("1..1000 x2").back() == "512");
  CHECK(expand_values("3..100 x10") == std::vector<std::string>{"3", "30"});
  CHECK(expand_values("0..100 +25") == std::vector<std::string>{"0", "25", "50", "75", "100"});
  CHECK(expand_values("0..99 +25") == std::vector<std::string>{"0", "25", "50", "75"});
  CHECK(expand_values("5..5 +1") == std::vector<std::string>{"5"});
  CHECK(expand_values("0, 1..4 x2, 10") == std::vector<std::string>{"0", "1", "2", "4", "10"});
  CHECK(expand_values(" uniform ,gauss") == std::vector<std::string>{"uniform", "gauss"});
  CHECK(expand_values("1..9223372036854775807 x2").size() == 63);  // stops before overflowing
  for (const char* bad : {"", "  ", "1,,2", "1..8", "1..8 x1", "0..8 x2", "8..1 +1", "1..8 +0", "a..8 x2", "1..8 x",
                          "1..8 y2", "0..1000000 +1"}) {
    CAPTURE(bad);
    CHECK_THROWS_AS(expand_values(bad), usage_error);
  }
}

TEST_CASE("config: each kind of error names file:line and key") {
  struct bad_case {
    const char* what;
    std::string text;
    int line;
    std::string key;     // "" when the error is about the section or the line itself
    std::string phrase;
  };
  const std::string head = "# errors\n[e]\nscenario = cpu\n";  // the key under test is on line 4
  const bad_case cases[] = {
      {"unknown key", head + "repz = 3\n", 4, "repz", "unknown key"},
      {"unknown parameter", head + "set.colour = red\n", 4, "set.colour", "unknown parameter 'colour'"},
      {"bad value", head + "set.tasks = many\n", 4, "set.tasks", "bad value 'many'"},
      {"value out of range", head + "set.samples = -1\n", 4, "set.samples", "out of range"},
      {"bad swept value", head + "sweep.dist = uniform, poisson\n", 4, "sweep.dist", "bad value 'poisson'"},
      {"bad reps", head + "reps = 0\n", 4, "reps", "expected an integer"},
      {"bad p99 margin", head + "p99_margin = 2\n", 4, "p99_margin", "expected a margin in ms or %"},
      {"p99 margin not above 0", head + "p99_margin = 0ms\n", 4, "p99_margin", "got '0ms'"},
      {"unknown scenario", "[e]\n\n\nscenario = cpuu\n", 4, "scenario", "unknown scenario 'cpuu'"},
      {"unknown model", head + "models = serial, green\n", 4, "models", "unknown model 'green'"},
      {"unknown model override", head + "green.set.workers = 2\n", 4, "green.set.workers", "unknown model 'green'"},
      {"override of a model not compared", head + "models = serial\nthreads.set.workers = 2\n", 5,
       "threads.set.workers", "not in this experiment's models"},
      {"override that does not apply", head + "serial.set.workers = 2\n", 4, "serial.set.workers", "does not apply"},
      {"empty sweep", head + "sweep.workers =\n", 4, "sweep.workers", "empty sweep"},
      {"bad range", head + "sweep.workers = 1..8 x1\n", 4, "sweep.workers", "bad range '1..8 x1'"},
      {"range without a step", head + "sweep.workers = 1..8\n", 4, "sweep.workers", "give a step"},
      {"sweep that changes nothing", head + "models = serial\nsweep.workers = 1, 2\n", 5, "sweep.workers",
       "applies to none of the models"},
      {"key given twice", head + "reps = 2\nreps = 3\n", 5, "reps", "given twice (first on line 4)"},
      {"fixed and swept", head + "set.tasks = 2\nsweep.tasks = 1, 2\n", 5, "sweep.tasks", "both fixed and swept"},
      {"empty models", head + "models =\n", 4, "models", "no models"},
      {"missing scenario", "\n[e]\nreps = 3\n", 2, "", "missing key 'scenario'"},
      {"key outside an experiment", "reps = 3\n[e]\nscenario = cpu\n", 1, "", "outside an experiment"},
      {"unreadable line", head + "just words\n", 4, "", "cannot read 'just words'"},
      {"bad experiment name", "[a.b]\nscenario = cpu\n", 1, "", "bad experiment name"},
      {"experiment twice", "[e]\nscenario = cpu\n[e]\nscenario = sleep\n", 3, "", "defined twice"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.what);
    std::string path;
    const std::string err = error_of(c.text, &path);
    CAPTURE(err);
    REQUIRE(!err.empty());
    CHECK(err.find(path + ":" + std::to_string(c.line) + ": ") == 0);
    if (!c.key.empty()) CHECK(err.find("key '" + c.key + "'") != std::string::npos);
    CHECK(err.find(c.phrase) != std::string::npos);
  }
}

TEST_CASE("config: a file without experiments, or one that cannot be read, is an error naming it") {
  CHECK(error_of("# nothing here\n").find("no experiments") != std::string::npos);
  temp_dir dir;
  const auto missing = (dir.path / "missing.ini").string();
  try {
    read_config(missing);
    FAIL("no error for a missing file");
  } catch (const usage_error& e) {
    CHECK(std::string(e.what()).find(missing + ": cannot read config") == 0);
  }
  CHECK_THROWS_WITH_AS(read_config(dir.path.string()), doctest::Contains("is a directory"), usage_error);
}

TEST_CASE("config: experiment names are unique over the configs of a sweep") {
  temp_dir dir;
  const auto a = dir.write("a.ini", "[x]\nscenario = sleep\n");
  const auto b = dir.write("b.ini", "\n[x]\nscenario = cpu\n");
  const std::string expected = b + ":2: experiment 'x' is also defined in " + a + ":1";
  CHECK_THROWS_WITH_AS(read_configs({a, b}), doctest::Contains(expected.c_str()), usage_error);
  const auto c = dir.write("c.ini", "[y]\nscenario = cpu\n");
  CHECK(read_configs({a, c}).size() == 2);
}

TEST_CASE("config: an error about a value of binary bytes stays one short line (found by fuzz/config_fuzz)") {
  const std::string text = "[io]\nscenario = io\nsweep.concurrency = 1.." + std::string(27, '\xff') +
                           std::string(120, '\0') + " = 1\n";
  try {
    parse_config("fuzz.ini", text);
    FAIL("read a range of binary bytes");
  } catch (const usage_error& e) {
    const std::string what = e.what();
    CHECK(what.size() < 1000);
    CHECK(what.find('\n') == std::string::npos);
  }
}
