#pragma once
// FNV-1a, 64-bit (Fowler, Noll, Vo): for keys and hashes a record keeps, which must come out
// the same on every machine and with every standard library (std::hash promises neither).
// Hand-written: it is four lines, and Boost's hash is not specified to be stable either.
#include <cstdint>
#include <string_view>

namespace lab {

class fnv1a {
 public:
  void add(unsigned char byte) {
    h_ ^= byte;
    h_ *= 1099511628211ULL;
  }
  void add(std::string_view bytes) {
    for (unsigned char c : bytes) add(c);
  }
  // The eight bytes of `word`, lowest first (the same on every byte order).
  void add_word(std::uint64_t word) {
    for (int i = 0; i < 8; ++i) add(static_cast<unsigned char>((word >> (8 * i)) & 0xff));
  }
  std::uint64_t value() const { return h_; }

 private:
  std::uint64_t h_ = 1469598103934665603ULL;
};

inline std::uint64_t fnv1a_of(std::string_view bytes) {
  fnv1a h;
  h.add(bytes);
  return h.value();
}

}  // namespace lab
