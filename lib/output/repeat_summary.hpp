#pragma once
// The line after a repeated `lab run`: the median, its interval, the spread and why the runs
// stopped.
#include <ostream>

#include "driver/repeat.hpp"

namespace lab {

void write_repeat_summary(std::ostream& out, const repeat_outcome& o);

}  // namespace lab
