#pragma once
// Every scenario's definition; registry.cpp lists them in the order `lab list` shows.
#include "catalog/models.hpp"
#include "scenario/scenario.hpp"

namespace lab {

scenario_def cpu_scenario();
scenario_def sleep_scenario();
scenario_def io_scenario();
scenario_def mixed_scenario();
scenario_def spawn_scenario();
scenario_def switch_scenario();
scenario_def yield_scenario();
scenario_def reference_scenario();
scenario_def profile_scenario();

}  // namespace lab
