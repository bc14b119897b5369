#pragma once
// `lab sweep`: configs -> plan -> this shard -> what is not yet recorded -> run each entry
// through lab::run_point and append its record to the results file.
//
// Each record carries, besides the contract's keys: "experiment" (the section), "config"
// (its file name), "round" (= "rep": each round runs every point once), "order_seed" (of
// the round's shuffle) and "point" (the entry's index in the whole plan). Warm-up runs are
// not written. A failed run is written (ok=false) and the sweep goes on.
//
// Stopping: `stop_requested` is polled before each run. A run that fails after a stop was
// requested was most likely cut short by it, so it is not written: --resume runs it again.
#include <cstddef>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "sweep/plan.hpp"
#include "sweep/progress.hpp"
#include "sweep/results_file.hpp"

namespace lab {

// What a sweep runs and where it writes it (the command line maps its options to these in
// cli/cli.cpp; lab check and the tests build them directly).
struct sweep_settings {
  std::vector<std::string> configs;
  std::string out = "results.jsonl";
  std::string shard;          // "K/N", "auto", "auto/N" (sweep/scheduler_shard.hpp), "" = all points
  bool resume = false;        // skip points already in `out`
  bool fresh = false;         // start `out` anew instead of appending
  bool check = true;          // run the fairness check (lab check) first
  bool dry_run = false;       // plan only: --out is read (--resume), never created or locked
};

struct sweep_work {
  std::vector<plan_entry> todo;  // this shard's entries not yet recorded, in plan order
  std::size_t experiments = 0;
  int cpus = 0;                  // what `cpus` in a config stood for; 0 when no value names it
  std::size_t planned = 0;       // entries in the whole plan
  std::size_t in_shard = 0;      // of them, this shard's
  std::size_t skipped = 0;       // of those, already recorded (--resume)
  std::size_t unreadable = 0;    // --resume: lines of --out that are not JSON objects
  std::size_t warmups = 0;       // warm-up runs the todo entries need
  std::vector<int> cpu_moments;  // the check's CPU comparison: moments to run first (sweep/check_plan.hpp)
  shard part;
  std::string shard_label;       // "K/N" for the records of a sharded sweep, "" when not sharded
  std::string sweep_plan;        // the whole plan's hash (every experiment's, in order): what its shards share
  // --resume: the runs of reps = auto experiments --out already holds, each with the number
  // of todo entries that come before it in the plan, for adaptive_rounds::replay.
  struct recorded_entry {
    std::size_t before = 0;
    plan_entry entry;
    recorded_run run;
  };
  std::vector<recorded_entry> recorded;
  // --out, open and locked from before --resume reads it to the last record written, so no
  // other sweep can write it in between (empty with dry_run or no --out).
  std::shared_ptr<results_file> out;
};

// Everything that can be wrong with the configs and options is found here, before
// anything runs or is written. Throws usage_error, also for an --out that holds records
// when neither --resume nor --fresh says what to do with them, or that another sweep holds;
// with --resume, for one that is not a results file or holds runs of another plan (an
// experiment of the same name whose config has changed since). With o.check the fairness check's runs
// (sweep/check_plan.hpp) come first, whole in every shard: each machine checks itself.
sweep_work prepare_sweep(const sweep_settings& o);

// `lab check`: the fairness check's runs alone.
sweep_work prepare_check(int reps);

// --dry-run: a summary line and the entries that would run.
void write_plan(std::ostream& out, const sweep_work& work);

struct sweep_hooks {
  std::string bin_dir;                   // model executables; "" = beside this executable
  sweep_progress* progress = nullptr;    // nullptr: silent
  std::function<bool()> stop_requested;  // empty: never
  std::function<void(const record&)> on_record;  // each recorded run, after it is written
  // Each run's record just before it is written: what the caller measured beside the run goes
  // into it (lab advise: the kernel's speed either side of it). Empty: none.
  std::function<void(record&)> before_write;
};

struct sweep_summary {
  std::size_t total = 0;     // entries to run
  std::size_t recorded = 0;  // records written
  std::size_t failed = 0;    // of them, ok=false
  std::size_t warmups = 0;
  std::size_t not_needed = 0;  // reps = auto: planned runs whose comparison was already decided
  bool interrupted = false;  // stopped before every entry was recorded
  double elapsed_s = 0;
};

// Appends each record to o.out; an empty o.out writes no file (hooks.on_record still sees them).
sweep_summary run_sweep(const sweep_work& work, const sweep_settings& o, const sweep_hooks& hooks);

// What every record of a sweep carries: "0.1 (workload 1)", this lab and its workload's version.
std::string lab_version();

// One line for the end of a sweep: what was written where, or how far an interrupted one got.
std::string describe(const sweep_summary& s, const sweep_work& work, const sweep_settings& o);

}  // namespace lab
