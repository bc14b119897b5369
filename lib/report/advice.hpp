#pragma once
// What `lab advise` writes into a results file (lib/advise/), as the report reads it: its
// experiment names, spelled here once (the advise layer sits above the report and asks here),
// and the section that shows a prediction beside its verification.
#include <string>
#include <string_view>
#include <vector>

#include "record/record.hpp"
#include "report/document.hpp"

namespace lab::report {

inline constexpr std::string_view prediction_experiment = "advise:predict";   // the predictions
inline constexpr std::string_view verify_experiment = "advise:verify";        // the profile run here
inline constexpr std::string_view calibration_prefix = "advise:calibrate:";   // this machine's costs

// A record of lab advise's own runs holds, under this key, the kernel's speed (ns per uniform
// sample) probed just before and just after it, averaged: the machine the run met.
inline constexpr std::string_view speed_beside_key = "speed_beside_ns_per_sample";

bool is_prediction_record(const record& r);
double speed_beside(const record& r);  // 0 where the record has none
// Of one point's verification runs (lab advise repeats the largest concurrency), the one the
// advice and the report read: the median by throughput (the lower of two middles). Sorts `runs`
// by throughput, ascending; null when there are none.
const record* median_run(std::vector<const record*>& runs);

// How the advice and the report name a variant: "async (cpu_pool=2)", "fibers (loop_threads=2)".
std::string variant_label(std::string_view model, int cpu_pool, int loop_threads);

// The predictions at the target, the costs they rest on, throughput and memory against
// concurrency (predicted as lines, measured as points) and predicted against measured here.
// Empty without predictions. Every record is of one machine; `host` names it in the heading
// where the report holds several.
std::vector<block> advice_section(const std::vector<record>& predictions, const std::vector<record>& verification,
                                  const std::vector<record>& calibration, const std::string& host = "");

}  // namespace lab::report
