// The one table of the scenarios' report parts.
#include <algorithm>

#include "report/scenario_part.hpp"

namespace lab::report {

const scenario_part* part_of(std::string_view scenario) {
  static const std::vector<scenario_part> all{profile_part(), cpu_part(),    io_part(),   mixed_part(),
                                              spawn_part(),   switch_part(), yield_part()};
  const auto it = std::find_if(all.begin(), all.end(), [&](const scenario_part& p) { return p.scenario == scenario; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace lab::report
