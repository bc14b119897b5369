#pragma once
// `lab advise`'s calibration: small runs of the lab's own scenarios that measure what the
// prediction (advise/predict.hpp) needs on this machine, as experiments named
// "advise:calibrate:WHAT" so they plan, run and record like any sweep's, and their records,
// kept in a results file, carry the costs to `--costs FILE` on another day or machine.
//   spawn     every model: the cost to start a unit and its memory alive
//   switch    every model: one hand-off between two units
//   request   every model that runs io: client CPU per round trip (the slope between two request
//             counts, so start-up does not count), and the server's
//   request-at-scale  the same with many units in flight, each waiting for its answer
//   task      every model but serial: a task's own CPU beside its steps and its request
//   compute   the server's speed on `request compute` (serial, one at a time)
//   memory    serial, a 4 MiB memory step: what holding memory costs a task in page faults
//   run-queue threads, 1 ms CPU steps at 1, 2 and 4 units per CPU: the kernel's queue and tail
#include <string_view>
#include <vector>

#include "advise/costs.hpp"
#include "record/record.hpp"
#include "report/advice.hpp"
#include "sweep/config.hpp"

namespace lab::advise {

using report::calibration_prefix;

// scale_units: the units in flight of the request calibration at scale (none at 16 or fewer).
std::vector<experiment> calibration_experiments(int cpus, int scale_units);

// The costs the calibration records give; throws usage_error naming what is missing (a file
// that holds no calibration, or one cut short).
machine_costs costs_from_records(const std::vector<record>& records);

bool is_calibration_record(const record& r);

}  // namespace lab::advise
