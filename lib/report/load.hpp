#pragma once
// The report's account of runs that talk to a lab-server (io, mixed, yield): whether the
// machine (the CPU the client, the server and the kernel's network stack spent; the listen
// queue) rather than the model bounded a point, and, for open-loop sweeps over `rate`, the
// knee: corrected p99 against offered rate per variant and each variant's sustainable rate.
#include <optional>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

// The highest offered rate at which a variant kept up (achieved >= 0.98 x offered) with a
// corrected p99 within 2 x delay_ms (at least 1 ms), or nullopt when no rate qualified.
struct sustainable {
  double rate = 0;
  double p99_ms = 0, p99_sent_ms = 0;  // at that rate
};
std::optional<sustainable> sustainable_rate(const analysed_experiment& e, std::size_t variant);
// The highest offered rate with achieved >= 0.98 x offered, whatever its latency: where the
// throughput, rather than the p99, gave out.
std::optional<sustainable> kept_up_rate(const analysed_experiment& e, std::size_t variant);

// Blocks for the experiment (empty when its records carry none of these metrics).
std::vector<block> load_blocks(const analysed_experiment& e);

}  // namespace lab::report
