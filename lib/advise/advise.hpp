#pragma once
// `lab advise PROFILE`: this machine's costs (measured, or read from an earlier calibration),
// a prediction for every model at the target scale, the choice in one sentence, then the
// proof: the profile run here at the largest scale this machine allows, predicted the same
// way, predicted against measured. Everything it runs is recorded in `out` (calibration,
// verification and, as records of experiment "advise:predict", the predictions themselves),
// so `lab report` draws it and `--costs` reuses the calibration.
#include <optional>
#include <string>
#include <vector>

#include "advise/costs.hpp"
#include "advise/predict.hpp"
#include "core/params.hpp"
#include "report/advice.hpp"
#include "stats/usl.hpp"
#include "sweep/sweep.hpp"

namespace lab::advise {

using report::prediction_experiment;
using report::verify_experiment;

struct advise_request {
  std::string profile;             // CONFIG.ini:SECTION; "" = the profile is --set steps=...
  assignments sets;                // --set KEY=VALUE over the profile's own
  std::optional<int> cpus;         // the target's; default: this machine's
  std::optional<double> concurrency, rate, memory_kib, p99_s;
  std::string costs_file;          // "" = calibrate now
  std::string out = "advise.jsonl";
  bool verify = true;
  double verify_seconds = 0.6;     // about how long each verification run lasts
  std::size_t verify_max_units = 2000;  // the largest concurrency verified here
  std::size_t calibrate_at = 1024;      // units in flight of the request calibration at scale; 0: none
};

// The profile, as advise runs and predicts it.
struct profile_input {
  std::string name;                // the section, or "steps"
  std::string steps;
  assignments fixed;               // the profile's set.KEY and --set, steps included
  std::vector<variant> variants;   // every model that runs it, the async hybrid beside async
  double concurrency = 1;          // the profile's own, where the target gives none
  double connections = 0;          // the profile's: 0 = each request on a fresh connection
  double yield_every = 0;          // the profile's: a cooperative unit's CPU step yields every N samples
};

// One variant verified at one concurrency: what the model said, what was measured.
struct checked_point {
  variant v;
  double units = 0;
  prediction predicted;
  std::optional<double> throughput, p50_s, p99_s, memory_kib;  // measured (the median run); none if every run failed
  std::vector<double> runs;          // the throughput of each run, ascending
  std::optional<double> cpu_s, calls_s, queue_s;  // measured per task: CPU steps, calls, queued
  std::optional<double> all_cpu_s;   // measured per task: the run's user + sys and the server's CPU
  std::optional<double> busy_cpus;   // measured: that CPU time over the run's time
  // The machine the run met: the kernel's speed probed either side of it (0: not probed), and the
  // speed its CPU steps given as time were turned into samples at (the record's ns_per_sample).
  // `predicted` is made at speed_ns; predicted_at_calibration is the throughput at the costs' own.
  double speed_ns = 0, run_ns = 0;
  double predicted_at_calibration = 0;
  double steps_cpu_s = 0;            // the CPU steps per task `predicted` assumed
  std::string error;
  std::optional<double> error_ratio() const;  // predicted / measured - 1
};

struct variant_advice {
  prediction at_target;
  std::string not_predicted;          // why no prediction ("" = predicted)
  std::optional<stats::usl_fit> usl;  // fitted to its measured points
};

struct advice {
  profile_input profile;
  machine_costs costs;
  task_demand demand;
  target tgt;
  std::vector<variant_advice> variants;
  std::string choice, runner_up;      // sentences
  std::vector<checked_point> checked; // the verification, ascending concurrency
  double verified_units = 0;
  std::string verified_limit;         // what capped the verified scale
  bool interrupted = false;           // stopped by a signal before the advice was complete
  double others_at_start = 0;         // other programs' runnable threads as lab advise began (measure/machine.hpp)
};

profile_input resolve_profile(const advise_request& r, int cpus);
// Every setting of the profile valid for every model it runs in, before anything runs:
// throws usage_error naming the bad one.
void check_profile_params(const profile_input& p);

// Calibrates (or reads the costs), predicts, verifies. Throws usage_error on bad input.
advice run_advise(const advise_request& r, const sweep_hooks& hooks);

// The choice and the runner-up, in sentences, from the predictions.
void name_choice(advice& a);

}  // namespace lab::advise
