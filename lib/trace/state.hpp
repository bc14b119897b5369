#pragma once
// What trace.cpp (recording) and session.cpp (starting, writing) share inside one process.
#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "trace/trace.hpp"

namespace lab::trace::detail {

// One OS thread's events. Owned by the state, so it outlives its thread until the run is written.
struct buffer {
  std::vector<event> events;
  pid_t tid = 0;
  std::string name;                                            // "" = "thread TID"
  std::vector<std::pair<std::uint32_t, std::string>> row_names;  // coroutine rows it named
};

struct state {
  std::int64_t epoch_ns = 0;
  std::atomic<std::int64_t> budget{0};  // events this process may still record
  std::atomic<std::int64_t> dropped{0};
  std::int64_t cap = 0;
  std::mutex buffers_mutex;             // taken once per thread, when its buffer is made
  std::vector<std::unique_ptr<buffer>> buffers;
};

state& the_state();
buffer& this_buffer();  // made on the thread's first event

}  // namespace lab::trace::detail
