// The scenarios' report parts, as their files registered them.
#include <algorithm>

#include "core/registry.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

register_part::register_part(scenario_part (*make)()) { registered<scenario_part (*)()>().push_back(make); }

const scenario_part* part_of(std::string_view scenario) {
  static const std::vector<scenario_part> all = make_registered<scenario_part>();
  const auto it = std::find_if(all.begin(), all.end(), [&](const scenario_part& p) { return p.scenario == scenario; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace lab::report
