#pragma once
// What the fibers model and its probe share: Boost.Fiber fibers run M:N on carrier threads.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "models/model.hpp"

namespace lab {

class unit_probe;

// A fiber's stack: its size (stack_kib; 0 = Boost.Fiber's default, the platform's
// boost::context::stack_traits::default_size()) and its allocator (`stack`): fixedsize_stack
// (one mmap per fiber, the default), pooled_fixedsize_stack (freed stacks kept for the next
// fiber) or protected_fixedsize_stack (a guard page below the stack: an overflow faults).
struct fiber_stack {
  enum class kind { fixed, pooled, protected_ } allocator = kind::fixed;
  std::size_t bytes = 0;
};
fiber_stack fiber_stack_of(const params& values);
// "fixedsize_stack", "pooled_fixedsize_stack", "protected_fixedsize_stack".
const char* allocator_name(fiber_stack::kind k);

// Runs body(0) .. body(n-1), each on its own fiber with a `stack`, on `carriers`
// threads (the calling thread is the first): round_robin on one, work_stealing on several;
// `with_io`: each carrier runs its own io_context (fibers_asio.hpp) and fiber k stays on
// carrier k % carriers. Returns when every fiber has ended, with the carriers' CPU time
// summed. A body's exception, or a fiber that cannot be created, ends the run as a run_error
// once every fiber made has ended. `on_first_carrier` (may be empty) runs on carrier 0's own
// thread stack once its fibers are launched, told how many it made: work too deep for a small
// fiber stack. account_units: each carrier is a unit of measure/unit_sched.hpp.
double run_fibers(std::size_t carriers, std::size_t n, const fiber_stack& stack,
                  const std::function<void(std::size_t)>& body, bool with_io = false,
                  const std::function<void(std::size_t)>& on_first_carrier = {}, bool account_units = false);

std::unique_ptr<unit_probe> make_fibers_probe(const run_context& ctx);

}  // namespace lab
