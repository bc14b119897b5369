#pragma once
#include "record/record.hpp"

namespace lab {
// What this machine is and what caps its concurrency, read once per process.
const machine_info& this_machine();
}  // namespace lab
