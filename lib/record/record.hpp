#pragma once
// The result record: one JSON object per run (JSON Lines), the contract in docs/record.md.
// A plain struct so tests and writers can build one by hand.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/value.hpp>

namespace lab {

struct machine_info {
  std::string host;
  int cpus = 0;
  std::string cpu_model;
  std::string kernel;
  std::string compiler;
  std::string boost;
  long long mem_total_kib = 0;
  std::string governor;  // CPU frequency governor, "" where unreadable
  // Limits that cap how many units a model can create.
  long long open_files = 0;       // ulimit -n
  long long max_user_procs = 0;   // ulimit -u
  long long pid_max = 0;
  long long threads_max = 0;      // kernel.threads-max; 0 = unknown (not written)
  long long max_map_count = 0;
};

// The record's version (docs/record.md): a reader refuses records of any other.
inline constexpr int record_schema = 1;

struct record {
  int schema = record_schema;
  std::string scenario;
  std::string model;
  boost::json::object params;   // typed values: integers as numbers, choices as strings
  int rep = 0;
  bool ok = true;
  std::string error;            // "" when ok; null in JSON
  double wall_s = 0;            // measured by the driver around the child process
  double user_s = 0;            // wait4 rusage of the child and its reaped descendants
  double sys_s = 0;
  long long max_rss_kib = 0;
  long long nvcsw = 0;
  long long nivcsw = 0;
  std::string checksum;         // task totals combined in task order; "" when none
  std::optional<double> ideal_s;
  boost::json::object metrics;  // scenario-specific; null where not measured
  machine_info machine;

  // Keys outside the contract, present where they apply (docs/record.md; their JSON names are
  // in record_keys.hpp). Unset: the line has no such key. The driver adds these:
  std::optional<std::string> server;         // a lab-server the driver started for the run
  std::optional<int> cpu;                    // the CPU the model's process was pinned to
  std::optional<std::string> task_hash;      // "" is null: the run had no task totals to hash
  std::optional<double> run_s;               // inside the model process: see run_time_s
  std::optional<boost::json::object> code;   // where the timed code came from, as the child said
  std::optional<boost::json::object> trace;  // the timeline's summary (trace/session.hpp)
  // Where the run's time went (record_keys::sched_keys): its units' schedstat, the start-up
  // span, the CPUs they were seen on, and the page faults of its processes.
  std::optional<boost::json::object> sched;
  // lab sweep adds these (sweep/sweep.hpp):
  std::optional<std::string> experiment;
  std::optional<std::string> config;
  std::optional<int> round;
  std::optional<std::uint32_t> order_seed;
  std::optional<std::size_t> point;
  std::optional<std::string> plan;           // hash of the experiment's plan: --resume checks it
  std::optional<double> sweep_s;             // what the run cost the sweep, its warm-ups included
  std::optional<std::string> p99_margin;     // the config's p99_margin ("1ms", "50%"): report/load.hpp
  std::optional<std::string> shard;          // "K/N" of a sharded sweep (--shard)
  std::optional<std::string> sweep_plan;     // a sharded sweep's whole plan, hashed: its shards share it
  std::optional<std::string> lab_version;    // the lab that ran it, "0.1 (workload 1)": lab merge compares them
  // A caller that keeps a warm-up run marks it; reports leave it out of statistics.
  std::optional<bool> warmup;

  // Keys the lab does not know (added by later versions), and a known key whose value is not
  // of its member's type: carried through unchanged.
  boost::json::object extra;
};

boost::json::object to_json(const record& r);
// Throws std::runtime_error naming the missing or mistyped key of the contract.
record record_from_json(const boost::json::object& o);
record record_from_line(const std::string& line);

// The keys outside the contract as to_json writes them: the typed ones, then extra's.
boost::json::object added_keys(const record& r);

boost::json::object to_json(const machine_info& m);
machine_info machine_from_json(const boost::json::object& o);

// Metric lookups that tolerate absence and null.
std::optional<double> metric(const record& r, const std::string& key);

// The time models are compared on: the run inside the model's process (run_s: creating
// its units, the work and their teardown), or wall_s where a record has none. Not wall_s
// itself, which adds the model executable's start and exit, the same work in every model
// (about 10 ms on this project's VM, a third of a short point) that only adds noise.
double run_time_s(const record& r);

}  // namespace lab
