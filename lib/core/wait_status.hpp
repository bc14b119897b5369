#pragma once
#include <string>

namespace lab {
// "exited with status 3", "was killed by signal 9 (Killed)": for error messages about children.
std::string describe_wait_status(int status);
}  // namespace lab
