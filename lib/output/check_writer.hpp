#pragma once
#include <ostream>

#include "check/fairness.hpp"

namespace lab {
// `lab check`: per item, each model's figure, its spread and its ratio to the fastest, then
// the one-line verdict.
void write_check(std::ostream& out, const fairness::result& r);
}  // namespace lab
