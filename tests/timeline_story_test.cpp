// What a timeline tells in words and marks (lib/report/timeline_story.cpp,
// timeline_stretches.cpp), on timelines built by hand so every figure is known: the seeds'
// mixed experiment on one loop thread, greedy and yielding.
#include <doctest/doctest.h>

#include <string>
#include <tuple>

#include "report/timeline.hpp"

namespace {

using lab::report::timeline;
using lab::report::timeline_bar;
using kind = timeline_bar::kind;

// Rows as lab-async names them: the loop thread (a real thread), then its two coroutines.
timeline loop_of_two() {
  timeline t;
  t.rows = {"loop thread", "coroutine 0", "coroutine 1"};
  t.os_thread = {true, false, false};
  return t;
}

void add(timeline& t, kind what, std::size_t row, double start_ms, double end_ms, const std::string& name,
         long long task = -1, bool copy = false) {
  timeline_bar b;
  b.what = what;
  b.row = row;
  b.start_s = start_ms / 1e3;
  b.end_s = end_ms / 1e3;
  b.busy_s = b.end_s - b.start_s;
  b.name = name;
  b.task = task;
  b.copy = copy;
  t.bars.push_back(b);
  t.end_s = std::max(t.end_s, b.end_s);
}

// A chunk of task 1 on coroutine 1, and the loop thread's copy of it.
void chunk(timeline& t, double start_ms, double end_ms) {
  add(t, kind::compute, 2, start_ms, end_ms, "chunk", 1);
  add(t, kind::compute, 0, start_ms, end_ms, "runs task 1", 1, true);
}

// The request: called at 0.1 ms, sent and answered at the given times, its answer 10 ms after.
void request(timeline& t, double sent_ms, double answered_ms) {
  add(t, kind::life, 0, 0, answered_ms, "loop thread");
  add(t, kind::wait, 1, 0.1, answered_ms, "request", 0);
  add(t, kind::instant, 0, sent_ms, sent_ms, "sent");
  add(t, kind::instant, 0, answered_ms, answered_ms, "answered");
}

}  // namespace

TEST_CASE("timeline story: a task that never yields holds the request back, and the loop then idles") {
  timeline t = loop_of_two();
  chunk(t, 0.2, 15.2);      // the whole local sum, one chunk
  request(t, 15.3, 25.3);   // connected and sent only once the loop was free
  CHECK(lab::report::what_matters(t) ==
        "the request waited 15.2 ms to be sent, behind task 1, a task that never yields (one chunk of 15.0 ms); "
        "while it was out (10.0 ms) nothing computed");
  const auto told = lab::report::hand_offs(t);
  REQUIRE(told.size() == 4);
  CHECK(told[0] == "coroutine 0 began its request at 100 µs");
  CHECK(told[1] == "coroutine 1 computed task 1 200 µs–15.2 ms");
  CHECK(told[2] == "coroutine 0's request was sent at 15.3 ms");
  CHECK(told[3] == "coroutine 0's answer came at 25.3 ms");
  // The loop thread: nothing on it from the sum's end to the answer, the request being out.
  const auto idle = lab::report::idle_stretches(t, 1e-3);
  REQUIRE(idle.size() == 1);
  CHECK(idle[0].row == 0);
  CHECK(idle[0].start_s == doctest::Approx(0.0152));
  CHECK(idle[0].end_s == doctest::Approx(0.0253));
  CHECK(idle[0].cause == "waiting for the server's answer");
  CHECK(lab::report::idle_stretches(t, 0.011).empty());  // shorter than asked for: not told
}

TEST_CASE("timeline story: a task that yields lets the request out at once and computes while it is out") {
  timeline t = loop_of_two();
  for (int i = 0; i < 20; ++i) chunk(t, 0.2 + i, 1.1 + i);  // 0.9 ms chunks, a yield between each
  request(t, 0.15, 15.0);
  CHECK(lab::report::what_matters(t) ==
        "the request was sent 50.0 µs after it was ready; while it was out (14.8 ms) task 1 computed 13.4 ms of its "
        "18.0 ms");
  const auto told = lab::report::hand_offs(t);
  REQUIRE(told.size() == 5);
  CHECK(told[1] == "coroutine 0's request was sent at 150 µs");
  CHECK(told[2] == "coroutine 1 computed task 1 200 µs–15.1 ms (15 chunks), then paused");
  CHECK(told[3] == "coroutine 0's answer came at 15.0 ms");
  CHECK(told[4] == "coroutine 1 computed task 1 15.2–20.1 ms (5 chunks)");
  CHECK(lab::report::hand_offs(t, 2).back() == "… 3 more");
  // Where the chunks stand closer than a pixel apart they are too dense to draw.
  CHECK(lab::report::dense_stretches(t, 1e-4).empty());
  const auto dense = lab::report::dense_stretches(t, 1e-3);
  REQUIRE(dense.size() == 2);  // the coroutine's chunks and the loop's copies
  CHECK(dense[0].chunks == 20);
  CHECK(dense[0].yields() == 19);
  CHECK(dense[0].per_second() == doctest::Approx(19 / 0.0199));
}

TEST_CASE("timeline story: a request held behind chunks names how many, and a timeline without one tells no fact") {
  timeline t = loop_of_two();
  for (int i = 0; i < 4; ++i) chunk(t, 0.2 + 2 * i, 2.1 + 2 * i);  // 1.9 ms chunks, 0.1 ms between
  request(t, 8.15, 12.0);
  CHECK(lab::report::what_matters(t).rfind(
            "the request waited 8.05 ms to be sent, behind 4 chunks of task 1 (it yields every 1.90 ms on average)", 0) == 0);
  // Held with nothing computing on the thread that sends it (a slow connect, a busy server).
  timeline slow = loop_of_two();
  request(slow, 8.1, 12.0);
  chunk(slow, 9, 11);
  CHECK(lab::report::what_matters(slow).rfind("the request waited 8.00 ms to be sent, nothing computing in the way;", 0) == 0);
  // Chunks too short for their ends to read apart are told by their length.
  timeline brief = loop_of_two();
  chunk(brief, 22.2, 22.2043);
  CHECK(lab::report::hand_offs(brief) == std::vector<std::string>{"coroutine 1 computed task 1 for 4.30 µs at 22.2 ms"});
  timeline cpu = loop_of_two();
  chunk(cpu, 0, 5);
  CHECK(lab::report::what_matters(cpu).empty());
  CHECK(lab::report::hand_offs(cpu, 8) == std::vector<std::string>{"coroutine 1 computed task 1 0–5.00 ms"});
}

TEST_CASE("timeline story: a dense stretch is drawn as one band with its rate, an idle stretch with its length") {
  timeline t = loop_of_two();
  for (int i = 0; i < 1200; ++i) chunk(t, 0.2 + i * 0.2, 0.39 + i * 0.2);
  request(t, 0.3, 240.3);
  add(t, kind::life, 0, 240.3, 400, "loop thread");
  const std::string script = lab::report::timeline_script(t, "dense");
  INFO(script.substr(script.find("$labels")));
  CHECK(script.find("\"1199 yields, 4996 per second\"") != std::string::npos);
  CHECK(script.find("$dense << EOD") != std::string::npos);
  CHECK(script.find("with labels center") != std::string::npos);
  CHECK(script.find("\"idle 160 ms") != std::string::npos);
  // The chunks themselves are not drawn one by one under the band.
  CHECK(script.find("$compute << EOD") == std::string::npos);
}

TEST_CASE("timeline story: a loop thread idle while a coroutine has work was off the CPU, or ran untraced work") {
  timeline t = loop_of_two();
  add(t, kind::life, 0, 0, 12, "loop thread");
  add(t, kind::task, 2, 0, 12, "task 1", 1);
  // Two chunks of task 1 with 4 ms between them; the thread's CPU clock says what filled them.
  auto stamped = [&](double start_ms, double end_ms, double cpu_start_ms, double cpu_end_ms) {
    chunk(t, start_ms, end_ms);
    for (auto* b : {&t.bars[t.bars.size() - 2], &t.bars.back()}) {
      b->thread_cpu_s = cpu_start_ms / 1e3;
      b->thread_cpu_end_s = cpu_end_ms / 1e3;
    }
  };
  stamped(0, 4, 0, 4);
  stamped(8, 12, 4.05, 8.05);  // 50 µs of CPU in the 4 ms between: descheduled
  auto idle = lab::report::idle_stretches(t, 1e-3);
  REQUIRE(idle.size() == 1);
  CHECK(idle[0].cause == "a coroutine had work and the loop ran none");
  CHECK(idle[0].on_cpu_s == doctest::Approx(50e-6));
  CHECK(idle[0].why() == "a coroutine had work and the loop ran none: the thread was off the CPU, descheduled");

  t.bars.resize(t.bars.size() - 2);
  stamped(8, 12, 7.9, 11.9);  // 3.9 ms of CPU in the 4 ms: the loop ran something the trace does not show
  idle = lab::report::idle_stretches(t, 1e-3);
  REQUIRE(idle.size() == 1);
  CHECK(idle[0].cpu == "the thread ran work the trace has no span for");

  // The same gap while the coroutine waits on a request: the loop waits for the answer.
  add(t, kind::wait, 2, 4, 8, "request", 1);
  add(t, kind::instant, 0, 4.01, 4.01, "sent");
  idle = lab::report::idle_stretches(t, 1e-3);
  REQUIRE(idle.size() == 1);
  CHECK(idle[0].why() == "waiting for the server's answer");
}

TEST_CASE("timeline story: the fact that matters says how long the loop was off the CPU while the request was out") {
  timeline t = loop_of_two();
  add(t, kind::task, 2, 0, 12, "task 1", 1);
  for (auto [start, end, cpu] : {std::tuple{0.0, 4.0, 0.0}, std::tuple{8.0, 12.0, 4.05}}) {
    chunk(t, start, end);
    for (auto* b : {&t.bars[t.bars.size() - 2], &t.bars.back()}) {
      b->thread_cpu_s = cpu / 1e3;
      b->thread_cpu_end_s = (cpu + end - start) / 1e3;
    }
  }
  request(t, 0.15, 12.0);
  CHECK(lab::report::what_matters(t) ==
        "the request was sent 50.0 µs after it was ready; while it was out (11.8 ms) task 1 computed 7.85 ms of its "
        "8.00 ms; the loop thread had work but was off the CPU for 4.00 ms of it (descheduled)");
}
