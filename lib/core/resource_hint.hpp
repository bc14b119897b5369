#pragma once
// Which limit to look at when a unit cannot be created or memory runs out. A thread or
// process that fails with EAGAIN may have hit ulimit -u, but just as well an address-space
// cap (ulimit -v: pthread_create cannot map the stack); the hint names the limits that
// are actually set, with their values, instead of guessing one.
#include <string>
#include <string_view>

namespace lab {

// " (see ...)" for errno `err` from creating a unit, or "" when no limit explains it.
// kernel_limits: the system-wide ones for this kind of unit, e.g. "kernel.pid_max".
std::string unit_limit_hint(int err, std::string_view kernel_limits);

// What bounds this process's memory: "ulimit -v is 954 MiB" or "no ulimit -v; ...".
std::string memory_limit_hint();

}  // namespace lab
