#include "scenario/chunked_sum.hpp"

#include <algorithm>

#include "measure/unit_sched.hpp"
#include "trace/trace.hpp"

namespace lab {

bool chunked_sum::compute_chunk() {
  const std::uint64_t n = every_ ? std::min(every_, sum_.remaining()) : sum_.remaining();
  trace::chunk traced(static_cast<std::int64_t>(trace_task_), n, samples_ - sum_.remaining() + n, trace::task_row);
  sum_.advance(n);
  unit_sched::note_cpu();  // where the unit is now: the kernel says only where a thread is
  return !sum_.done();
}

}  // namespace lab
