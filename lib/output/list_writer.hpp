#pragma once
#include <ostream>

namespace lab {
// `lab list`: the models, and every scenario with its parameters, defaults and ranges.
void write_list(std::ostream& out);
}  // namespace lab
