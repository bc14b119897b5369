#pragma once
// How a worker process reports its share of the tasks to its parent: each worker takes the
// next task from the run's shared queue (models/task_queue.hpp) until none is left, as threads
// do, and writes one line per task, "TASK BITS SECONDS CPU_S", BITS being the total's 64 bits
// in hex so the parent gets it back bit for bit.
#include <cstddef>
#include <string>
#include <vector>

#include "models/model.hpp"
#include "models/task_queue.hpp"

namespace lab {

// Worker k runs task k, then the tasks it takes from the queue (made with first = the number
// of workers), and writes their lines to fd. Returns false if a write failed.
bool write_slice(const task_set& set, std::size_t k, shared_task_queue& queue, int fd);

// A worker whose task failed writes "error MESSAGE" as its last line and exits non-zero, so
// the parent's run error can say why (the task's own run_error names the cause).
void write_slice_error(int fd, const std::string& message);
// The MESSAGE of such a line in a worker's output, or "" when there is none.
std::string slice_error(const std::string& text);

// Parses worker k's output into results, marking the tasks seen (one flag per task, shared by
// all the workers of a run). Throws run_error saying what was wrong with it: garbage, a task
// out of range, or one some worker already returned.
void read_slice(const std::string& text, std::size_t k, std::vector<task_result>& results, std::vector<bool>& seen);
// After every worker's slice: throws run_error unless every task came back.
void check_slices_complete(const std::vector<bool>& seen);

}  // namespace lab
