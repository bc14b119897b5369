#pragma once
// This machine's speed at the CPU workload: nanoseconds per uniform sample, measured now. A
// profile gives CPU work as time (cpu 2ms); the lab turns it into samples once, in the lab
// process before the runs, with this figure, and records it (the profile's ns_per_sample), so
// every model runs the same samples and returns the same checksum.
namespace lab {

// The median of 7 timings of 6e6 uniform samples each (thread CPU time, so a preempted round
// does not count the time it was off the CPU), after one warm-up round.
double measure_ns_per_sample();

}  // namespace lab
