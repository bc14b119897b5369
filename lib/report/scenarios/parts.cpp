// The scenarios' report parts, as their files registered them.
#include <algorithm>

#include "report/scenario_part.hpp"

namespace lab::report {

namespace {

std::vector<scenario_part (*)()>& registered() {
  static std::vector<scenario_part (*)()> all;
  return all;
}

}  // namespace

register_part::register_part(scenario_part (*make)()) { registered().push_back(make); }

const scenario_part* part_of(std::string_view scenario) {
  static const std::vector<scenario_part> all = [] {
    std::vector<scenario_part> parts;
    for (auto make : registered()) parts.push_back(make());
    return parts;
  }();
  const auto it = std::find_if(all.begin(), all.end(), [&](const scenario_part& p) { return p.scenario == scenario; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace lab::report
