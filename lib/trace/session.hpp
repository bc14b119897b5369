#pragma once
// A traced run's life inside a model process: started from the command line, shared with
// procs' worker processes, written once when the run has ended.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace lab::trace {

inline constexpr std::int64_t default_cap = 200000;  // events per run, over all its processes

struct settings {
  std::string file;                 // the Trace Event Format file to write
  std::int64_t cap = default_cap;   // events this process may record
  std::int64_t epoch_ns = 0;        // the run's start on the steady clock; 0 = now
  std::string process_name;         // the process's row group ("lab-async")
  boost::json::object about;        // written as the trace's otherData (scenario, model, params)
};

// Turns tracing on for this process. Call before any unit starts.
void start(const settings& s);

// procs: the share of the remaining cap each of n workers gets (the parent keeps one share
// too); finish() then merges the parts workers 0..n-1 write.
std::int64_t share_cap(std::size_t workers);
// The file worker k writes its events to; finish() merges and removes it.
std::string part_file(std::size_t k);
// What an exec'd worker needs on its command line to trace into part_file(k).
std::vector<std::string> worker_args(std::size_t k, std::int64_t cap);
// In a forked worker: forget what the parent recorded, trace into part_file(k) as its own process.
void become_worker(std::size_t k, std::int64_t cap, const std::string& process_name);

struct summary {
  std::string file;
  std::size_t events = 0;     // written, metadata not counted
  std::int64_t dropped = 0;   // not recorded: the cap was hit
  std::int64_t cap = 0;
  std::string error;          // why the file could not be written; "" when it was
};

// Writes the trace file (merging and removing the workers' parts). Call once, after every
// unit of the run has ended. Never throws: a failure is in the summary.
summary finish();

// For the record: {"file", "events", "cap", "dropped", "capped"[, "error"]}.
boost::json::object to_json(const summary& s);
// That object in a few words: "FILE (N events)", the cap when it was hit, the error.
std::string describe(const boost::json::object& record_trace);

}  // namespace lab::trace
