#pragma once
// What the fibers model and its probe share: Boost.Fiber fibers run M:N on carrier threads.
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "models/model.hpp"

namespace lab {

class unit_probe;

// Bytes of one fiber's stack for stack_kib (0 = Boost.Fiber's default, the platform's
// boost::context::stack_traits::default_size()).
std::size_t fiber_stack_bytes(const params& values);

// Runs body(0) .. body(n-1), each on its own fiber with a stack of stack_bytes, on `carriers`
// threads (the calling thread is the first): round_robin on one, work_stealing on several.
// Returns when every fiber has ended, with the carriers' CPU time summed. A body's exception
// ends the run as a run_error once every fiber has ended. account_units: each carrier is a
// unit of measure/unit_sched.hpp.
double run_fibers(std::size_t carriers, std::size_t n, std::size_t stack_bytes,
                  const std::function<void(std::size_t)>& body, bool account_units = false);

std::unique_ptr<unit_probe> make_fibers_probe(const run_context& ctx);

}  // namespace lab
