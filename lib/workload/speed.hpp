#pragma once
// This machine's speed at the CPU workload: nanoseconds per uniform sample, measured now. A
// profile gives CPU work as time (cpu 2ms); the lab turns it into samples once, in the lab
// process before the runs, with this figure, and records it (the profile's ns_per_sample), so
// every model runs the same samples and returns the same checksum.
namespace lab {

struct kernel_speed {
  double ns_per_sample = 0;  // the median of the rounds
  double spread = 0;         // (slowest - fastest) / median over the rounds
  double took_s = 0;         // how long measuring took
};

// `rounds` timings of `samples` uniform samples each (thread CPU time, so a preempted round
// does not count the time it was off the CPU), after one warm-up round.
kernel_speed measure_kernel_speed(int rounds = 7, unsigned long long samples = 6'000'000);

}  // namespace lab
