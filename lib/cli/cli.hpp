#pragma once
// The command line (the contract in docs/cli.md), parsed into typed options. Definitions and
// validation live here; main only dispatches.
//   lab [run] --model=M --scenario=S [--set key=value]... [--reps N|auto] [--json] [--timeout S] [--trace DIR]
//   lab sweep CONFIG.ini... [--out results.jsonl] [--shard K/N|auto|auto/N] [--resume]
//   lab merge SHARD.jsonl... --out merged.jsonl [--fresh]
//   lab report RESULTS.jsonl... [--out DIR] [--no-charts]
//   lab list
//   lab check [--reps N] [--out results.jsonl] [--json]
//   lab advise PROFILE [--cpus N] [--concurrency N | --rate R] [--memory SIZE] [--p99 T] [--costs FILE] [--out F]
#include <string>
#include <variant>
#include <vector>

#include "advise/advise.hpp"
#include "driver/run_point.hpp"
#include "sweep/merge.hpp"
#include "sweep/sweep.hpp"

namespace lab {

struct run_options {
  run_request request;
  int reps = 1;               // 0: --reps auto (driver/repeat.hpp)
  bool json = false;
  std::string trace_dir;  // each run also writes its timeline here; "" = no tracing
};

struct sweep_options {
  sweep_settings settings;  // settings.dry_run: print the plan, run nothing
};

struct merge_options {
  merge_settings settings;
};

struct check_options {
  int reps = 0;               // 0: the check's default
  std::string out;            // also append the records here; "" = nowhere
  bool json = false;          // the records on stdout instead of the table
};

struct report_options {
  std::vector<std::string> results;
  std::string out_dir = "report";
  bool charts = true;         // --no-charts: tables only
};

struct list_options {};

struct advise_options {
  advise::advise_request request;
};

struct help_options {
  std::string text;
  bool misuse = false;  // bare `lab`: the text goes to stderr and the exit status is 2
};

using command =
    std::variant<run_options, sweep_options, report_options, list_options, help_options, check_options, advise_options,
                 merge_options>;

// Throws usage_error naming the bad option.
command parse_command_line(int argc, const char* const* argv);

}  // namespace lab
