#pragma once
// How a worker process reports its share of the tasks to its parent: worker k of n runs
// tasks k, k+n, k+2n, ... and writes one line per task, "TASK BITS SECONDS", BITS being
// the total's 64 bits in hex so the parent gets it back bit for bit.
#include <cstddef>
#include <string>
#include <vector>

#include "models/model.hpp"

namespace lab {

// Runs the slice and writes its lines to fd. Returns false if a write failed.
bool write_slice(const task_plan& plan, std::size_t k, std::size_t n, int fd);

// Parses worker k's output into results. Throws run_error saying what was wrong with it.
void read_slice(const std::string& text, std::size_t k, std::size_t n, std::vector<task_result>& results);

}  // namespace lab
