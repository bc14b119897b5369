#pragma once
// The verification's runs: the profile at a series of concurrencies up to the largest this
// machine allows, every variant at each, sized from the prediction so each run lasts about
// `seconds`; and reading them back as measured points beside what was predicted.
#include <vector>

#include "advise/advise.hpp"
#include "sweep/config.hpp"

namespace lab::advise {

// Runs of each variant at the largest concurrency verified, in rounds: the choice is checked
// there, and one run of each on this VM cannot tell a 5% difference from noise.
inline constexpr int reps_at_top = 3;

// 1 ... top, geometric, at most `points` distinct whole numbers, top included.
std::vector<double> concurrency_series(double top, int points = 5);

// Tasks enough for about `seconds` at the predicted throughput at `units` in flight.
std::size_t tasks_for(const advice& a, double units, double seconds);

// One experiment per concurrency of the series, with tasks[i] tasks at series[i].
std::vector<experiment> verification_experiments(const advice& a, const std::vector<double>& series,
                                                 const std::vector<std::size_t>& tasks);

// The measured figures of each (variant, concurrency) from the verification's records: every
// run's throughput, and the figures and the kernel's speed of the median run.
void read_verification(advice& a, const std::vector<record>& records);

// Which term of the model missed a point predicted more than 25% off: the CPU per task, the
// waits or the queueing, with the measured and predicted figures.
std::string missed_term(const advice& a, const checked_point& p);

}  // namespace lab::advise
