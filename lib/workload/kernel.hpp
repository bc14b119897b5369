#pragma once
// The timed inner loops of the CPU workload, in a file of their own so the build can align
// them (CMakeLists.txt: -falign-loops=64 for this file) and so that one symbol names where
// the measured code sits (kernel_code()). sum_state (workload/sum.hpp) is their only caller.
#include <cstdint>
#include <string_view>

#include "workload/rng.hpp"

namespace lab {

// Adds n uniform draws, each the top 53 bits of the generator as an integer, to acc.
void uniform_kernel(xoshiro256plus& rng, unsigned __int128& acc, std::uint64_t n);

// Marsaglia's polar method: two normal samples per accepted point in the unit disc. The
// second sample of a pair that does not fit in n waits in spare across calls.
struct gauss_carry {
  double acc = 0.0;
  double spare = 0.0;
  bool has_spare = false;
};
void gauss_kernel(xoshiro256plus& rng, gauss_carry& carry, std::uint64_t n);

// Where the kernel's code is: the object file that holds it (the shared library every
// model executable loads) and its offset in that file. Equal in every model executable by
// construction; the fairness test checks it.
struct kernel_location {
  std::string_view object;  // path of the loaded file
  std::uintptr_t offset = 0;
};
kernel_location kernel_code();

}  // namespace lab
