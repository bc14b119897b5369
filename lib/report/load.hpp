#pragma once
// The report's account of runs that talk to a lab-server (io, mixed, yield): whether the
// machine (the CPU the client, the server and the kernel's network stack spent; the listen
// queue) rather than the model bounded a point, and, for open-loop sweeps over `rate`, the
// knee: corrected p99 against offered rate per variant and each variant's sustainable rate.
#include <optional>
#include <string_view>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

// The highest offered rate at which a variant kept up (achieved >= 0.98 x offered) with a
// corrected p99 within the machine's target (p99_target_of), or nullopt when no rate qualified.
struct sustainable {
  double rate = 0;
  double p99_ms = 0, p99_sent_ms = 0;  // at that rate
};
std::optional<sustainable> sustainable_rate(const analysed_experiment& e, std::size_t variant);
// The highest offered rate with achieved >= 0.98 x offered, whatever its latency: where the
// throughput, rather than the p99, gave out.
std::optional<sustainable> kept_up_rate(const analysed_experiment& e, std::size_t variant);

// An open-loop sweep over `rate` with corrected latencies (report/load_rate.cpp).
bool open_loop(const analysed_experiment& e);
// The p99 a model must hold to sustain a rate, from the machine's own floor: the lowest p99 of
// any model at the lowest offered rate.
struct p99_target {
  double floor_ms = 0, target_ms = 0;
  double at_rate = 0;  // the lowest offered rate, where the floor was measured
  std::string margin;  // the config's p99_margin; "" = the default
};
std::optional<p99_target> p99_target_of(const analysed_experiment& e);
// The margin above the floor a config may set (`p99_margin = 1ms` or `50%`): the target is
// floor + ms, or floor x (1 + percent / 100). Nullopt for anything else, or a margin not above 0.
struct p99_margin {
  double ms = 0;        // absolute, or
  double fraction = 0;  // relative to the floor
  double target_ms(double floor_ms) const { return floor_ms + ms + fraction * floor_ms; }
};
std::optional<p99_margin> parse_p99_margin(std::string_view text);
// Each contender's highest sustainable rate (0: none), highest first; nullopt unless open loop
// with two contenders.
struct rate_answer {
  std::vector<std::pair<std::size_t, double>> rates;
};
std::optional<rate_answer> rate_answer_of(const analysed_experiment& e);
// The glance table's "best" and "by" for an open-loop experiment: a winner by rate, or a tie
// where two reach the same step of the sweep.
std::pair<std::string, std::string> rate_best_and_by(const analysed_experiment& e, const rate_answer& a);
// "sustained: threads 4000/s, async none": every contender's rate, for the glance table.
std::string rates_text(const analysed_experiment& e, const rate_answer& a);
// Blocks for the experiment (empty when its records carry none of these metrics).
std::vector<block> load_blocks(const analysed_experiment& e);

}  // namespace lab::report
