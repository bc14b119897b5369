#pragma once
// What a scenario's catalog entry (catalog/scenarios/<name>.cpp) is written with. Each entry
// registers itself; catalog/scenarios.hpp's scenario_names::in_order gives the order.
#include <string>
#include <vector>

#include "catalog/scenarios.hpp"

namespace lab {

// The workload classes, in the order the verdict shows them (workload_classes()).
namespace workload_class_names {
inline constexpr char your_workload[] = "Your workload";
inline constexpr char cpu_bound[] = "CPU-bound";
inline constexpr char waits[] = "Many waits";
inline constexpr char mixed_work[] = "Mixed CPU and I/O";
inline constexpr char many_units[] = "Many units";
inline constexpr char yielding[] = "Yielding";
}  // namespace workload_class_names

// The wall time of the run, the primary metric of most scenarios.
const primary_metric& wall_time();
// Wall time, with these metrics first in the tables.
primary_metric wall_with(std::vector<std::string> lead);

// At namespace scope in an entry's file: `const register_scenario_info registered{cpu_info};`.
// The entry is made when the catalog is first read, after every file has registered.
struct register_scenario_info {
  explicit register_scenario_info(scenario_info (*make)());
};

}  // namespace lab
