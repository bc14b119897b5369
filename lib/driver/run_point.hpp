#pragma once
// One point of the lab, run once: the path `lab --model`, `lab sweep` and the tests share.
// The model's executable runs as a fresh child process; the driver measures it from
// outside (wall clock around the process, wait4 rusage) and joins what the child reports.
#include <chrono>
#include <string>

#include "core/params.hpp"
#include "record/record.hpp"

namespace lab {

struct run_request {
  std::string model;
  std::string scenario;
  assignments sets;                          // as given; defaults are filled in by resolve()
  std::chrono::seconds timeout{600};         // the child is killed after this
  bool trace = false;                        // a sweep's experiment asks for a trace (trace = true)
  std::string trace_file{};                  // this run writes its timeline here; "" = not traced
  int cpu = -1;                              // >= 0: the model's process runs on this CPU only
};

// Checks model, scenario and every key=value; returns the resolved params.
// Throws usage_error naming the problem and the valid choices.
params validate(const run_request& req);

// Runs one repetition. Run failures (the child crashed, timed out, returned garbage, could
// not create its units) come back as a record with ok=false, never as an exception.
record run_point(const run_request& req, int rep, const std::string& bin_dir);

// The trace file of one run in `dir`: "<experiment>-<model>-<hash of the params>-<rep>.trace.json",
// stable for the same point and unique among the points of a sweep.
std::string trace_file_name(const std::string& dir, const std::string& experiment, const run_request& req, int rep);

// Where the model executables are: beside the running executable, or where an installed
// lab keeps them (PREFIX/libexec/concurrency-lab).
std::string default_bin_dir();

// The record's params: resolved values, typed (integers as numbers).
boost::json::object typed_params(const scenario_spec& spec, const params& p);

}  // namespace lab
