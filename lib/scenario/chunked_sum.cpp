#include "scenario/chunked_sum.hpp"

#include <algorithm>

#include "trace/trace.hpp"

namespace lab {

bool chunked_sum::compute_chunk() {
  const std::uint64_t n = every_ ? std::min(every_, sum_.remaining()) : sum_.remaining();
  trace::chunk traced(static_cast<std::int64_t>(trace_task_), n, samples_ - sum_.remaining() + n, trace::task_row);
  sum_.advance(n);
  return !sum_.done();
}

}  // namespace lab
