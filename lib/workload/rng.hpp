#pragma once
// The lab's random generator. xoshiro256+ (Blackman & Vigna, 2018): four 64-bit words of
// state, a handful of adds, xors and shifts per draw, and its "+" output is the variant the
// authors recommend for floating point, where only the top 53 bits are used. It is several
// times faster than std::mt19937_64 and seeding it from (seed, task) through SplitMix64 gives
// every task an independent, reproducible stream, which is what makes task totals a pure
// function of their inputs. Written here because neither the standard library nor Boost ships it.
#include <cstdint>

namespace lab {

inline std::uint64_t splitmix64(std::uint64_t& x) {
  std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

class xoshiro256plus {
 public:
  xoshiro256plus(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (auto& w : s_) w = splitmix64(x);
  }

  std::uint64_t operator()() {
    const std::uint64_t result = s_[0] + s_[3];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = (s_[3] << 45) | (s_[3] >> 19);
    return result;
  }

  // The top 53 bits as an integer in [0, 2^53): a uniform double in [0, 1) is this x 2^-53.
  std::uint64_t next53() { return (*this)() >> 11; }

 private:
  std::uint64_t s_[4];
};

}  // namespace lab
