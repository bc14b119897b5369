#pragma once
// Writes that fail must be noticed: a full disk or a closed pipe is an error (exit status
// 1 at the edge), never a silent exit 0 with records lost.
#include <ostream>
#include <string_view>

namespace lab {

// Flushes `out`; throws std::runtime_error naming `what` and the system's reason when any
// write to it has failed since it was opened.
void flush_or_throw(std::ostream& out, std::string_view what = "standard output");

}  // namespace lab
