#pragma once
// Sweep config files: experiments the lab runs with `lab sweep`. INI, read with
// Boost.Program_options' config-file parser; every error names file:line and key.
//
//   # a comment (from '#' to the end of the line; a '#' cannot appear in a value)
//   [cpu-scaling]                        one experiment per section; the name is
//                                        letters, digits, '-' and '_', unique over all
//                                        the configs of one sweep
//   scenario = cpu                       required (see `lab list`)
//   models   = serial, threads, procs, async    default: every model the scenario runs on
//   reps     = 5                         recorded runs per point, default 3; or `auto`:
//   min_reps = 3, max_reps = 30          as many rounds as the comparisons need, between these,
//   budget   = 20                        within this many seconds for the experiment (0 = none)
//   warmup   = 1                         unrecorded runs of each point before its first
//                                        recorded one in each `lab sweep` process, default 0
//   timeout  = 600                       seconds before a run is killed (recorded failed)
//   order_seed = 1                       base of the per-round shuffle, default 1
//   trace    = true                      also write a timeline of each point's first recorded
//                                        run (Trace Event Format), default false
//   p99_margin = 1ms                     open loop (sweep.rate): the p99 a rate is sustained at is
//                                        the machine's floor plus this (ms, or % of the floor);
//                                        default the larger of 100% and 1 ms
//   set.tasks = 8                        a fixed parameter
//   sweep.workers = 1, 2, 4, 8           a swept parameter: a list whose items are values
//   sweep.samples = 1..1024 x2           or ranges: A..B xF (A, A*F, A*F^2, ... <= B)
//   sweep.ms = 0..100 +25                          A..B +S (A, A+S, A+2S, ... <= B)
//   threads.set.workers = 4              a fixed parameter for one model; it overrides
//                                        set.* and sweep.* of the same key for that model
//
// Points are the models times the cartesian product of the swept values. Each model
// resolves a point with lab::resolve: parameters that do not apply to it are dropped, and
// points that become identical run once (serial does not run once per `workers`). Every
// value is checked against the scenario's spec before anything runs.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/params.hpp"

namespace lab {

struct swept_param {
  std::string key;
  std::vector<std::string> values;  // expanded, in the order written
  int line = 0;
};

// reps = auto: rounds go on, for the points whose comparison is still open, from min_reps up to
// max_reps or until the experiment has used `budget` (0 = no limit); lib/sweep/adaptive.hpp.
struct adaptive_reps {
  int min_reps = 3;
  int max_reps = 30;
  std::chrono::seconds budget{0};
};

struct experiment {
  std::string name;                 // the section
  std::string file;                 // the config's path as given
  int line = 0;                     // of the [name] line
  std::string scenario;
  std::vector<std::string> models;
  int reps = 3;                     // rounds planned; with reps = auto, max_reps
  std::optional<adaptive_reps> adaptive;
  int warmup = 0;
  std::chrono::seconds timeout{600};
  std::uint32_t order_seed = 1;
  bool trace = false;
  std::string p99_margin;                   // "" = the report's default (report/load.hpp)
  assignments fixed;                        // set.KEY
  std::vector<swept_param> swept;           // sweep.KEY, in file order
  std::map<std::string, assignments> model_sets;  // MODEL.set.KEY
};

// One (model, parameter values) combination of an experiment, resolved for that model.
struct sweep_point {
  std::string model;
  params values;          // resolved: defaults filled in, what does not apply dropped
  std::string label;      // the swept keys that apply to the model: "workers=2 spawn=exec"
};

// A sweep holds at most this many runs (models x swept points x reps, summed over its
// experiments): the plan is built in memory, about 2 KB a run, and is checked against this
// bound before any point is expanded, so a config cannot make the lab eat the machine.
inline constexpr std::size_t max_runs = 100000;

// The experiment's runs before identical points are merged: an upper bound, saturating at
// max_runs + 1.
std::size_t runs_bound(const experiment& e);

// The experiment's points, model by model, each model's distinct ones in cartesian order
// (the first swept key varies slowest). Throws usage_error naming the section's line.
std::vector<sweep_point> expand_points(const experiment& e);

// Reads and validates one config / several (experiment names unique over all of them, at
// most max_runs runs in all). A UTF-8 byte-order mark is skipped. Throws usage_error
// "FILE:LINE: key 'K': what is wrong", or "FILE: cannot read config: REASON".
std::vector<experiment> read_config(const std::string& path);
// The same for a config's text; `path` only names it in errors.
std::vector<experiment> parse_config(const std::string& path, std::string text);
std::vector<experiment> read_configs(const std::vector<std::string>& paths);

// A swept value list: "1, 2, 8", "1..1024 x2", "0..100 +25", or items of each kind mixed,
// "0, 1..8 x2". Throws usage_error (without a location) on an empty list or a bad range.
std::vector<std::string> expand_values(std::string_view text);

}  // namespace lab
