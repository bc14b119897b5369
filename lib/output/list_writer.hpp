#pragma once
#include <ostream>
#include <vector>

#include "core/params.hpp"

namespace lab {
// `lab list`: the models, and every scenario with its parameters, defaults and ranges. The
// scenarios are handed in (scenario/scenario.hpp's scenarios()): a writer reads no live registry.
void write_list(std::ostream& out, const std::vector<scenario_spec>& scenarios);
}  // namespace lab
