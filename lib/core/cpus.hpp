#pragma once

namespace lab {
// CPUs this process may run on (its affinity mask), read at run time: the lab designs for
// N cores and must not assume the two of the machine it was written on.
int usable_cpus();
}  // namespace lab
