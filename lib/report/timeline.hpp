#pragma once
// "Inside the run": for every traced run, its timeline drawn from the Trace Event Format
// file the run wrote (trace/session.hpp): a row per unit, time across, a colour per task,
// waits hatched, the CPU of each chunk in a strip under its row and in each bar's tooltip.
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
};

struct timeline {
  std::vector<std::string> rows;  // "loop thread", "coroutine 0", "worker 1 (pid 812)", ...
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

// What a timeline shows, in words: per row, its tasks, computing and waiting time, CPUs.
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
