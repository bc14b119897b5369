#pragma once
// "Inside the run": for every traced run, its timeline drawn from the Trace Event Format
// file the run wrote (trace/session.hpp): a row per unit, time across, a colour per task,
// waits hatched, the CPU of each chunk in a strip under its row and in each bar's tooltip.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "record/record.hpp"
#include "report/document.hpp"

namespace lab::report {

struct timeline_bar {
  enum class kind { life, task, compute, wait, instant } what = kind::compute;
  std::size_t row = 0;
  double start_s = 0, end_s = 0;
  long long task = -1;  // -1: none (a unit's life, a loop's instant)
  int cpu = -1;         // compute: sched_getcpu at its start
  int cpu_end = -1;     // and at its end, where it moved
  std::string name;     // the event's name ("chunk", "request", "runs task 1", ...)
  std::size_t merged = 1;  // events drawn as this one bar (narrower than a pixel each)
  double busy_s = 0;       // the events' own durations summed (< end - start once merged)
  bool copy = false;       // a loop thread's copy of a chunk its coroutine ran ("runs task N")
  bool dense = false;      // inside a dense_stretch: drawn as one band, not as chunks
  // compute: its thread's CPU time at its start and end (-1: not in the trace)
  double thread_cpu_s = -1, thread_cpu_end_s = -1;
};

struct timeline {
  std::vector<std::string> rows;  // "loop thread", "coroutine 0", "worker 1 (pid 812)", ...
  std::vector<bool> os_thread;    // per row: a real thread (not a coroutine's row)
  std::vector<timeline_bar> bars;
  double end_s = 0;
  std::size_t chunks = 0;   // compute events on unit rows (a loop thread's copies not counted)
  long long dropped = 0;    // events the run did not record (its cap was hit)
};

// A trace file's JSON object. Throws std::runtime_error saying why it is not one (unreadable,
// torn JSON, larger than any trace the lab writes).
boost::json::object read_trace_file(const std::string& path);
// Reads a trace file's object. Throws std::runtime_error when it is not one.
timeline read_timeline(const boost::json::object& trace);
// Bars narrower than `pixel_s` that touch merge, so a drawing has at most about one bar per
// pixel per row and kind, whatever the number of events.
timeline coalesced(const timeline& t, double pixel_s);

// How long [a0, a1] and [b0, b1] share.
inline double overlap_s(double a0, double a1, double b0, double b1) {
  return std::max(0.0, std::min(a1, b1) - std::max(a0, b0));
}

// A thread with nothing traced on it for a while during its life, and why, where the other
// rows say ("waiting for the server's answer"; "" when they do not).
struct idle_stretch {
  std::size_t row = 0;
  double start_s = 0, end_s = 0;
  std::string cause;      // what it waited for, where the other rows say; "" unknown
  double on_cpu_s = -1;   // the thread's CPU time over it, from the chunks around it; -1 unknown
  std::string cpu;        // what that CPU time says, where it is known and the cause is not a wait
  std::string why() const { return cause.empty() ? cpu : cpu.empty() ? cause : cause + ": " + cpu; }
};
// Idle stretches of at least `min_s` on the real threads' rows.
// Told in words from 0.05% of the run (a scheduler's time slice is a few ms): many short
// stretches add up, as a loop thread's on a busy machine do.
inline double idle_worth_telling(double run_end_s) { return std::max(20e-6, 0.0005 * run_end_s); }
std::vector<idle_stretch> idle_stretches(const timeline& t, double min_s);

// Chunks of one task on one row too close together to draw apart: back to back with gaps
// under `pixel_s`, each on average under 3 pixels. Drawn as one band labelled with its rate.
struct dense_stretch {
  std::size_t row = 0;
  long long task = -1;
  bool copy = false;
  double start_s = 0, end_s = 0, busy_s = 0;
  std::size_t chunks = 0;
  std::size_t yields() const { return chunks > 0 ? chunks - 1 : 0; }  // between its chunks
  double per_second() const { return end_s > start_s ? static_cast<double>(yields()) / (end_s - start_s) : 0; }
};
std::vector<dense_stretch> dense_stretches(const timeline& t, double pixel_s);
// The timeline with each dense stretch's chunks marked dense (timeline_bar::dense).
timeline marked_dense(const timeline& t, const std::vector<dense_stretch>& stretches);

// "0.28–5.93 ms", or "197 µs–1.30 s" where the two ends read best in different units.
std::string time_span(double from_s, double to_s);

// The first hand-offs in words, in time order, as the seeds print them ("coroutine 1 computed
// task 1 0.2–2.1 ms (3 chunks), then paused", "coroutine 0's request was sent at 2.1 ms"); at
// most `most`, then how many more.
std::vector<std::string> hand_offs(const timeline& t, std::size_t most = 8);
// The one fact the timeline tells, computed from its first request: how long it waited to be
// sent and behind what, and what computed while it was out. "" without a request.
std::string what_matters(const timeline& t);

// What a timeline shows, in words: per row, its tasks, computing and waiting time, CPUs, its
// idle stretches and dense stretches' rates.
std::vector<std::string> describe(const timeline& t);
// The timeline as a gnuplot script drawing SVG; its time axis runs to x_end_s where that is
// longer than the run (timelines compared side by side share one scale).
std::string timeline_script(const timeline& t, const std::string& title, double x_end_s = 0);

// The section for the records that name a trace file: a heading, then per traced run a
// chart and what it shows. Relative trace paths are also looked for beside the results
// files (in `result_dirs`), so a results folder can move. Empty when no record is traced.
std::vector<block> inside_the_run(const std::vector<record>& records, const std::vector<std::string>& result_dirs);

// Puts that section before the Machine section of a document.
void add_inside_the_run(document& doc, const std::vector<record>& records,
                        const std::vector<std::string>& result_files);

}  // namespace lab::report
