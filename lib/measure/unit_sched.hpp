#pragma once
// Where a run's time went, unit by unit, from the kernel's own accounting: for each unit (a
// thread, a loop or carrier thread, a worker process) its time on a CPU, its time runnable
// but waiting for one (the run queue), its slices (/proc/thread-self/schedstat, in ns), when
// it started, and the CPUs it was seen on (at its start, between its tasks and chunks, at its
// end: the kernel does not say every CPU a thread ran on, only where it is now). A run whose
// efficiency falls short is then told in figures: waiting for a CPU, starting the units.
//
// Each model calls begin() on the thread that becomes a unit and end() when it stops; the
// reads are two small /proc reads a unit (a few microseconds), so only scenarios that ask
// (task_set::account_units: cpu, profile) pay them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

namespace lab::unit_sched {

struct schedstat {
  double on_cpu_s = 0;
  double wait_s = 0;  // runnable, on a run queue, not running
  long long slices = 0;
};
// "ON_CPU_NS WAIT_NS SLICES" (/proc/<pid>/task/<tid>/schedstat); nullopt for anything else.
std::optional<schedstat> parse_schedstat(std::string_view text);
// The calling thread's, or nullopt where the kernel has no schedstat (CONFIG_SCHED_INFO off).
std::optional<schedstat> this_thread_schedstat();

struct unit {
  double start_s = 0;  // steady clock (CLOCK_MONOTONIC, one clock for every process)
  schedstat used;      // from begin() to end()
  std::vector<int> cpus;  // seen on, in the order first seen: the first is where it started
};

// A new run: forget the units of the last one.
void reset();
// The calling thread starts being a unit / stops being one (its unit is kept for summary()).
void begin();
void end();
// The calling thread, inside a unit, notes the CPU it is on now (cheap: sched_getcpu).
void note_cpu();
// A unit measured elsewhere (a procs worker's, read from its output).
void add(const unit& u);
// A unit as one line of text and back, for a worker process to hand its own to the parent.
std::string to_line(const unit& u);
std::optional<unit> from_line(std::string_view line);
// The calling thread's unit as end() would keep it, without keeping it (a worker's).
std::optional<unit> current();

// The run's units, summed (record key "sched", lib/record/record_keys.hpp): {} when none
// was accounted.
boost::json::object summary();
boost::json::object summary(const std::vector<unit>& units);

// Ends the calling thread's unit when it goes out of scope, whatever way it leaves.
class scope {
 public:
  explicit scope(bool on) : on_(on) {
    if (on_) begin();
  }
  ~scope() {
    if (on_) end();
  }
  scope(const scope&) = delete;
  scope& operator=(const scope&) = delete;

 private:
  bool on_;
};

}  // namespace lab::unit_sched
