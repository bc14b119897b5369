// Tracing a run (lib/trace, lib/report/timeline): the real model executables write Trace
// Event Format files, checked here against the format's fields and the run's own counts.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <boost/json/parse.hpp>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "render/gnuplot_process.hpp"
#include "report/report.hpp"
#include "report/timeline.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

namespace {

namespace json = boost::json;
using lab::test::bin;
using lab::test::temp_dir;

std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

json::object read_json(const std::string& path) { return json::parse(read_text(path)).as_object(); }

// One traced run of a model executable: its result line and its trace file's object.
struct traced_run {
  json::object result;
  json::object trace;
};

traced_run run_traced(const temp_dir& dir, const std::string& model, const std::vector<std::string>& sets,
                      const std::string& extra = "", const std::string& scenario = "cpu") {
  std::vector<std::string> args{"--scenario=" + scenario, "--trace=" + dir.file(model + ".trace.json")};
  if (!extra.empty()) args.push_back(extra);
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  auto r = lab::test::run(bin("lab-" + model), args);
  INFO(model, " stderr: ", r.err);
  REQUIRE(r.status == 0);
  auto lines = lab::test::json_lines(r.out);
  REQUIRE(lines.size() == 1);
  traced_run out{lines[0], {}};
  REQUIRE(out.result.at("ok").as_bool());
  const auto& t = out.result.at("trace").as_object();
  CHECK(t.at("file").as_string() == dir.file(model + ".trace.json"));
  out.trace = read_json(std::string(t.at("file").as_string()));
  return out;
}

std::vector<json::object> events_of(const json::object& trace, const char* ph = nullptr) {
  std::vector<json::object> out;
  for (const auto& v : trace.at("traceEvents").as_array()) {
    const auto& e = v.as_object();
    if (!ph || e.at("ph").as_string() == ph) out.push_back(e);
  }
  return out;
}

std::size_t chunks_of(const json::object& trace) {
  std::size_t n = 0;
  for (const auto& e : events_of(trace, "X")) n += e.at("cat").as_string() == "compute";
  return n;
}

// Spans on one tid that neither nest in the span open around them nor follow it, described.
std::vector<std::string> unnested_spans(const json::object& trace) {
  std::map<std::pair<std::int64_t, std::int64_t>, std::vector<std::pair<double, double>>> spans;
  for (const auto& e : events_of(trace, "X")) {
    const double ts = e.at("ts").to_number<double>();
    spans[{e.at("pid").as_int64(), e.at("tid").as_int64()}].push_back({ts, ts + e.at("dur").to_number<double>()});
  }
  // Times are written to the nanosecond (3 decimals of a µs): allow their rounding.
  const double eps = 0.002;
  std::vector<std::string> out;
  for (auto& [row, list] : spans) {
    std::sort(list.begin(), list.end(), [](auto a, auto b) { return a.first != b.first ? a.first < b.first : a.second > b.second; });
    std::vector<double> open;  // ends of the enclosing spans
    for (const auto& [start, end] : list) {
      while (!open.empty() && start >= open.back() - eps) open.pop_back();
      if (!open.empty() && end > open.back() + eps) {
        std::ostringstream d;
        d << "pid " << row.first << " tid " << row.second << " span " << start << "-" << end;
        out.push_back(d.str());
      }
      open.push_back(end);
    }
  }
  return out;
}

// The Trace Event Format's fields: every event has name, ph, pid, tid; timed ones ts (µs,
// from the run's start) and args; complete events dur. Spans on one tid nest (or follow).
void check_format(const json::object& trace) {
  REQUIRE(trace.at("traceEvents").is_array());
  CHECK(trace.at("displayTimeUnit").as_string() == "ms");
  for (const auto& e : events_of(trace)) {
    CHECK(e.at("name").is_string());
    CHECK(e.at("pid").is_int64());
    CHECK(e.at("tid").is_int64());
    const auto ph = e.at("ph").as_string();
    CHECK((ph == "X" || ph == "i" || ph == "M"));
    CHECK(e.at("args").is_object());
    if (ph == "M") continue;
    CHECK(e.at("cat").is_string());
    const double ts = e.at("ts").to_number<double>();
    CHECK(ts >= 0);
    if (ph == "i") continue;
    const double dur = e.at("dur").to_number<double>();
    CHECK(dur >= 0);
    if (e.at("cat").as_string() == "compute") {
      const auto& a = e.at("args").as_object();
      CHECK(a.at("task").as_int64() >= 0);
      CHECK(a.at("samples").as_int64() > 0);
      CHECK(a.at("samples_done").as_int64() >= a.at("samples").as_int64());
      CHECK(a.at("cpu").as_int64() >= 0);
    }
  }
  for (const auto& span : unnested_spans(trace)) CHECK_MESSAGE(false, span << " overlaps the span around it");
}

std::size_t task_spans(const json::object& trace) {
  std::size_t n = 0;
  for (const auto& e : events_of(trace, "X")) n += e.at("cat").as_string() == "task";
  return n;
}

std::set<std::string> thread_names(const json::object& trace) {
  std::set<std::string> names;
  for (const auto& e : events_of(trace, "M"))
    if (e.at("name").as_string() == "thread_name") names.insert(std::string(e.at("args").at("name").as_string()));
  return names;
}

}  // namespace

TEST_CASE("trace: every model writes a valid trace, chunks = yields + tasks, spans nest per tid") {
  temp_dir dir;
  for (const std::string& model : lab::test::models_running_here(lab::scenario_names::cpu)) {
    CAPTURE(model);
    std::vector<std::string> sets{"tasks=3", "samples=3000000", "workers=2"};
    // A model that yields splits each task into chunks: 12 of 250000 samples.
    const bool yields_every = lab::model_takes(model, "yield_every");
    if (yields_every) sets.push_back("yield_every=250000");
    auto run = run_traced(dir, model, sets);
    check_format(run.trace);
    const auto& metrics = run.result.at("metrics").as_object();
    const std::int64_t yields = metrics.contains("yields") ? metrics.at("yields").as_int64() : 0;
    if (yields_every) CHECK(yields == 3 * (12 - 1));
    CHECK(chunks_of(run.trace) == static_cast<std::size_t>(yields + 3));
    CHECK(task_spans(run.trace) == 3);
    CHECK(run.result.at("trace").at("capped").as_bool() == false);
  }
}

TEST_CASE("trace: fibers trace their tasks, and each fiber's spans nest on its own row") {
  if (!lab::test::checkable_here("fibers")) {
    lab::test::skip("this build cannot check fibers (support.hpp: checkable_here)");
    return;
  }
  temp_dir dir;
  auto run = run_traced(dir, "fibers", {"tasks=3", "samples=3000000", "workers=2", "yield_every=250000"});
  const auto unnested = unnested_spans(run.trace);
  const std::size_t tasks = task_spans(run.trace);
  CHECK(tasks == 3);
  CHECK(unnested.empty());
}

TEST_CASE("trace: procs workers are their own pids, fork and exec alike, coroutines get rows beside the loop thread") {
  temp_dir dir;
  for (const std::string spawn : {"fork", "exec"}) {
    CAPTURE(spawn);
    auto run = run_traced(dir, "procs", {"tasks=2", "samples=1000000", "workers=2", "spawn=" + spawn});
    check_format(run.trace);
    std::set<std::int64_t> pids;
    for (const auto& e : events_of(run.trace, "X")) pids.insert(e.at("pid").as_int64());
    CHECK(pids.size() == 3);  // the model's process and its two workers
    CHECK(chunks_of(run.trace) == 2);
    CHECK(std::distance(std::filesystem::directory_iterator(dir.path), {}) == 1);  // the parts were merged away
    std::filesystem::remove(dir.file("procs.trace.json"));
  }
  auto run = run_traced(dir, "async", {"tasks=2", "samples=1000000", "workers=2", "yield_every=100000"});
  const auto names = thread_names(run.trace);
  CHECK(names.count("loop thread") == 1);
  CHECK(names.count("coroutine 0") == 1);
  CHECK(names.count("coroutine 1") == 1);
  std::size_t loop_copies = 0;
  for (const auto& e : events_of(run.trace, "X")) loop_copies += e.at("cat").as_string() == "loop";
  CHECK(loop_copies == chunks_of(run.trace));  // what ran on the loop thread: every coroutine's chunks
}

TEST_CASE("trace: a greedy async task is one chunk, past the cap the record says so") {
  temp_dir dir;
  auto greedy = run_traced(dir, "async", {"tasks=2", "samples=2000000", "workers=2", "yield_every=0"});
  CHECK(chunks_of(greedy.trace) == 2);
  std::set<std::int64_t> tasks;
  for (const auto& e : events_of(greedy.trace, "X"))
    if (e.at("cat").as_string() == "compute") tasks.insert(e.at("args").at("task").as_int64());
  CHECK(tasks == std::set<std::int64_t>{0, 1});

  auto capped = run_traced(dir, "threads", {"tasks=20", "samples=1000", "workers=2"}, "--trace-cap=10");
  const auto& t = capped.result.at("trace").as_object();
  CHECK(t.at("capped").as_bool());
  CHECK(t.at("cap").as_int64() == 10);
  CHECK(t.at("dropped").as_int64() > 0);
  CHECK(events_of(capped.trace, "X").size() <= 10);
  CHECK(capped.trace.at("otherData").at("dropped").as_int64() == t.at("dropped").as_int64());
}

TEST_CASE("trace: a profile's CPU steps sit on their own tasks' rows") {
  temp_dir dir;
  // Two CPU steps a task, each its own stream of draws: 4 + 2 chunks of 1e5 samples.
  auto run = run_traced(dir, "async",
                        {"steps=cpu 4e5, sleep 1ms, cpu 2e5", "tasks=3", "concurrency=2", "yield_every=100000"}, "",
                        lab::scenario_names::profile);
  check_format(run.trace);
  std::map<std::int64_t, std::int64_t> row_of_task;  // a task's span: the coroutine that ran it
  for (const auto& e : events_of(run.trace, "X"))
    if (e.at("cat").as_string() == "task") row_of_task[e.at("args").at("task").as_int64()] = e.at("tid").as_int64();
  CHECK(row_of_task.size() == 3);
  std::size_t chunks = 0;
  for (const auto& e : events_of(run.trace, "X")) {
    if (e.at("cat").as_string() != "compute") continue;
    ++chunks;
    const std::int64_t task = e.at("args").at("task").as_int64();
    CAPTURE(task);
    REQUIRE(row_of_task.count(task) == 1);
    CHECK(e.at("tid").as_int64() == row_of_task[task]);
  }
  CHECK(chunks == 3 * 6);
}

TEST_CASE("trace: lab run --trace names the file in the record, a sweep traces round 0 of a traced experiment") {
  temp_dir dir;
  auto r = lab::test::run(bin("lab"), {"--model=threads", "--scenario=cpu", "--set", "tasks=2", "--set",
                                       "samples=100000", "--reps", "2", "--json", "--trace", dir.file("t")});
  REQUIRE(r.status == 0);
  auto recs = lab::test::json_lines(r.out);
  REQUIRE(recs.size() == 2);
  const std::string f0(recs[0].at("trace").at("file").as_string()), f1(recs[1].at("trace").at("file").as_string());
  CHECK(f0 != f1);
  // The tracer's own write is timed and left out of the wall, which still covers the work.
  for (const auto& rec : recs) {
    CHECK(rec.at("trace").at("write_s").to_number<double>() > 0);
    CHECK(rec.at("wall_s").to_number<double>() >= rec.at("run_s").to_number<double>());
  }
  CHECK(std::filesystem::is_regular_file(f0));
  CHECK(std::filesystem::is_regular_file(f1));
  CHECK(r.err.find("lab: trace " + f0) != std::string::npos);

  auto bad = lab::test::run(bin("lab"), {"sweep", dir.write("bad.ini", "[x]\nscenario = cpu\ntrace = yes\n"),
                                         "--out", dir.file("bad.jsonl"), "--no-check"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("key 'trace': expected true or false") != std::string::npos);

  // Every model on the seeds' mixed experiment, small: one timeline per traced model.
  const std::string config = dir.write("mixed.ini",
                                       "[tiny-mixed]\nscenario = mixed\nreps = 2\ntrace = true\n"
                                       "set.server_samples = 200000\nset.local_samples = 4000000\n"
                                       "set.yield_every = 500000\n");
  const std::string out = dir.file("results/mixed.jsonl");
  std::filesystem::create_directories(dir.file("results"));
  auto sweep = lab::test::run(bin("lab"), {"sweep", config, "--out", out, "--no-check"}, 120);
  INFO(sweep.err);
  REQUIRE(sweep.status == 0);
  const auto loaded = lab::read_results({out});
  // The sweep names no models: every one the catalog runs mixed with.
  const auto models = lab::models_running(lab::scenario_names::mixed);
  const auto n = static_cast<std::ptrdiff_t>(models.size());
  REQUIRE(loaded.records.size() == 2 * models.size());
  std::size_t traced = 0;
  for (const auto& rec : loaded.records) {
    const bool has = rec.trace.has_value();
    CHECK(has == (rec.rep == 0));
    traced += has;
  }
  CHECK(traced == models.size());
  CHECK(std::distance(std::filesystem::directory_iterator(dir.file("results/mixed.traces")), {}) == n);

  const auto blocks = lab::report::inside_the_run(loaded.records, {dir.file("results")});
  std::vector<std::string> titles;
  for (const auto& b : blocks)
    if (b.what == lab::report::block::kind::chart) {
      titles.push_back(b.chart.title);
      CHECK(b.chart.script.find("boxxyerror") != std::string::npos);
    }
  std::vector<std::string> expected_titles;
  for (const auto& m : models) expected_titles.push_back("tiny-mixed: " + m);
  CHECK(titles == expected_titles);

  // The report's HTML draws them in "Inside the run", tooltips as native SVG titles.
  std::filesystem::rename(dir.file("results"), dir.file("moved"));  // still found beside the results
  lab::test::required_tool("gnuplot");
  const lab::render::gnuplot_process gnuplot;
  const auto summary = lab::write_report({dir.file("moved/mixed.jsonl")}, dir.file("report"), {&gnuplot});
  std::ifstream html(dir.file("report/report.html"));
  std::stringstream s;
  s << html.rdbuf();
  const std::string page = s.str();
  const auto inside = page.find("Inside the run</h2>");
  REQUIRE(inside != std::string::npos);
  std::size_t figures = 0;
  for (auto at = page.find("<figure class=\"wide\">", inside); at != std::string::npos;
       at = page.find("<figure class=\"wide\">", at + 1))
    figures += page.compare(page.find('\n', at) + 1, 4, "<svg") == 0;
  CHECK(figures == models.size());
  CHECK(page.find("gnuplot_svg.showHypertext") == std::string::npos);
  CHECK(page.find("<title>chunk, task 1, cpu ") != std::string::npos);
}

TEST_CASE("trace: lab run --trace writes the record beside the trace, and lab report TRACE or DIR tells the timeline") {
  lab::test::required_tool("gnuplot");
  temp_dir dir;
  // The seeds' mixed experiment, small: the local sum (~17 ms) greedy, then yielding often.
  for (const char* every : {"0", "200000"}) {
    auto r = lab::test::run(bin("lab"), {"--model=async", "--scenario=mixed", "--set", "local_samples=20000000", "--set",
                                         "server_samples=2000000", "--set", std::string("yield_every=") + every,
                                         "--trace", dir.file(std::string("y") + every)},
                            120);
    INFO(r.err);
    REQUIRE(r.status == 0);
    CHECK(r.err.find(".record.jsonl") != std::string::npos);
  }
  auto traces_in = [&](const std::string& sub) {
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(dir.file(sub))) found.push_back(e.path().string());
    std::sort(found.begin(), found.end());
    return found;
  };
  const auto greedy = traces_in("y0");
  REQUIRE(greedy.size() == 2);  // x.record.jsonl, x.trace.json
  CHECK(greedy[0].substr(0, greedy[0].size() - 13) == greedy[1].substr(0, greedy[1].size() - 11));
  const auto rec = lab::read_results({greedy[0]});
  REQUIRE(rec.records.size() == 1);
  CHECK(rec.records[0].model == "async");

  // One command from the trace to its report; the greedy task holds the request back.
  auto report = lab::test::run(bin("lab"), {"report", greedy[1], "--out", dir.file("r0")}, 120);
  INFO(report.err);
  REQUIRE(report.status == 0);
  const std::string md0 = read_text(dir.file("r0/report.md"));
  CHECK(md0.find("First hand-offs: coroutine 0 began its request") != std::string::npos);
  CHECK(md0.find("to be sent, behind task 1, a task that never yields (one chunk of ") != std::string::npos);
  CHECK(md0.find("nothing computed") != std::string::npos);

  // A folder of them: its records; the yielding run computes while its request is out.
  auto folder = lab::test::run(bin("lab"), {"report", dir.file("y200000"), "--out", dir.file("r1")}, 120);
  REQUIRE(folder.status == 0);
  const std::string md1 = read_text(dir.file("r1/report.md"));
  CHECK(md1.find("**What matters:**") != std::string::npos);
  CHECK(md1.find("task 1 computed ") != std::string::npos);
  CHECK(md1.find("never yields") == std::string::npos);
}
