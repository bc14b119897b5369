// What tracing costs a unit per chunk: the trace::chunk hooks every traced chunk runs (two
// sched_getcpu, two steady_clock reads, two reads of the thread's CPU clock, one append to
// the thread's buffer), against the same loop with tracing off, and the thread CPU clock's
// read alone. Interleaved rounds, medians: this machine's speed drifts, so only figures from
// one run compare.
//
//   bench-trace-hooks [chunks=100000] [rounds=9]
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include "trace/session.hpp"
#include "trace/trace.hpp"

namespace {

using clock_type = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// ns per chunk of `n` empty chunks, traced if tracing is on.
double chunks_ns(long n) {
  const auto start = clock_type::now();
  for (long i = 0; i < n; ++i) lab::trace::chunk c(0, 1, static_cast<std::uint64_t>(i));
  return std::chrono::duration<double, std::nano>(clock_type::now() - start).count() / static_cast<double>(n);
}

double thread_clock_ns(long n) {
  timespec t{};
  long long sink = 0;
  const auto start = clock_type::now();
  for (long i = 0; i < n; ++i) {
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    sink += t.tv_nsec;
  }
  const double ns = std::chrono::duration<double, std::nano>(clock_type::now() - start).count();
  if (sink == 42) std::puts("");  // keeps the reads
  return ns / static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  const long chunks = argc > 1 ? std::atol(argv[1]) : 100000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 9;
  if (chunks < 1 || rounds < 1) {
    std::fprintf(stderr, "usage: bench-trace-hooks [chunks=100000] [rounds=9]\n");
    return 2;
  }
  lab::trace::settings s;
  s.file = (std::filesystem::temp_directory_path() / "bench-trace-hooks.trace.json").string();
  s.cap = chunks * rounds + 1;
  lab::trace::start(s);
  std::vector<double> off, on, clock_read;
  for (int r = 0; r < rounds; ++r) {
    lab::trace::detail::on_ = false;  // the flag every hook branches on, flipped between rounds
    off.push_back(chunks_ns(chunks));
    lab::trace::detail::on_ = true;
    on.push_back(chunks_ns(chunks));
    clock_read.push_back(thread_clock_ns(chunks));
  }
  lab::trace::detail::on_ = false;  // its events are not written: the buffer only measured the append
  std::printf("per chunk, median of %d rounds of %ld: tracing off %.1f ns, on %.0f ns; "
              "one read of the thread's CPU clock %.0f ns\n",
              rounds, chunks, median(off), median(on), median(clock_read));
}
