#pragma once
// How a worker process reports its share of the tasks to its parent: worker k of n runs
// tasks k, k+n, k+2n, ... and writes one line per task, "TASK BITS SECONDS CPU_S", BITS being
// the total's 64 bits in hex so the parent gets it back bit for bit.
#include <cstddef>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace lab {

// Runs the slice and writes its lines to fd. Returns false if a write failed.
bool write_slice(const task_set& set, std::size_t k, std::size_t n, int fd);

// A worker whose task failed writes "error MESSAGE" as its last line and exits non-zero, so
// the parent's run error can say why (the task's own run_error names the cause).
void write_slice_error(int fd, const std::string& message);
// The MESSAGE of such a line in a worker's output, or "" when there is none.
std::string slice_error(const std::string& text);

// Parses worker k's output into results. Throws run_error saying what was wrong with it.
void read_slice(const std::string& text, std::size_t k, std::size_t n, std::vector<task_result>& results);

}  // namespace lab
