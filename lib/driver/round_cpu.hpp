#pragma once
// Which CPU a run is pinned to. On a machine whose CPUs run the same code at different
// speeds (on this project's 2-vCPU VM, CPU 0 was often 20-60% slower than CPU 1, from the
// host), an unpinned single-unit run lands on either, and two models of identical work can
// differ by that gap alone. So a point that can keep only one CPU busy runs round r on the
// r-th usable CPU, as `lab check` does: every model sees every CPU alike, and the record's
// `cpu` says where it ran. Points with several units, or their own placement (pin), are left
// to the kernel: pinning them would change what they measure.
#include <cstddef>
#include <string_view>

#include "core/params.hpp"

namespace lab {

struct model_info;  // catalog/models.hpp

// The CPU for round `rep` of a run of `model` with these resolved params, or -1.
int round_cpu(std::string_view model, const params& values, int rep);

// Threads a run of `m` adds beside its units (catalog: helper_threads_param; async's CPU pool),
// 0 where it has none.
std::size_t helper_threads(const model_info& m, const params& values);

// The r-th usable CPU, round-robin; -1 with fewer than two (nothing to even out).
int cpu_of_round(int rep);

}  // namespace lab
