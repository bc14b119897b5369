#pragma once
// Every scenario's definition; registry.cpp lists them in the order `lab list` shows.
#include "scenario/scenario.hpp"

namespace lab {

scenario_def cpu_scenario();
scenario_def sleep_scenario();
scenario_def io_scenario();
scenario_def mixed_scenario();

}  // namespace lab
