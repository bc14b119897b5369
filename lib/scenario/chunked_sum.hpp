#pragma once
// The seeds' chunked sum (seeds/001's uniform_sum with YieldToEventLoop), for every task that
// computes: sum `samples` draws `every` samples at a time (every = 0: all at once), the task
// yielding between chunks:
//
//   chunked_sum sum(d, seed, task, samples, every);
//   while (sum.compute_chunk()) co_await wait::yield_now{};
//   co_return sum.total();
//
// Where units preempt, a yield is nothing and the chunks run back to back; the total is
// bit-identical to one pass however the sum is chunked (workload/sum.hpp). `task` also names
// the trace row of the chunks unless `trace_task` does: a task that sums several streams (a
// profile task's CPU steps) passes its own index there.
#include <cstdint>

#include "workload/sum.hpp"

namespace lab {

class chunked_sum {
 public:
  chunked_sum(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples, std::uint64_t every)
      : chunked_sum(d, seed, task, samples, every, task) {}
  chunked_sum(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples, std::uint64_t every,
              std::uint64_t trace_task)
      : sum_(d, seed, task, samples), trace_task_(trace_task), samples_(samples), every_(every) {}

  // Computes the next chunk; returns whether samples remain.
  bool compute_chunk();
  double total() const { return sum_.total(); }

 private:
  sum_state sum_;
  std::uint64_t trace_task_, samples_, every_;
};

}  // namespace lab
