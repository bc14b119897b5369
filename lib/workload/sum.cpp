#include "workload/sum.hpp"

#include <cmath>

#include "core/error.hpp"

namespace lab {

dist parse_dist(std::string_view name) {
  if (name == "uniform") return dist::uniform;
  if (name == "gauss" || name == "gaussian") return dist::gauss;
  throw usage_error("unknown dist '" + std::string(name) + "' (choose uniform or gauss)");
}

std::string_view to_string(dist d) { return d == dist::uniform ? "uniform" : "gauss"; }

sum_state::sum_state(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples)
    : dist_(d), rng_(seed, task), remaining_(samples) {}

std::uint64_t sum_state::advance(std::uint64_t n) {
  if (n > remaining_) n = remaining_;
  if (dist_ == dist::uniform) {
    auto rng = rng_;  // locals keep the state in registers through the loop
    auto acc = uniform_acc_;
    for (std::uint64_t i = 0; i < n; ++i) acc += rng.next53();
    rng_ = rng;
    uniform_acc_ = acc;
  } else {
    auto rng = rng_;
    double acc = gauss_acc_;
    std::uint64_t left = n;
    if (left > 0 && has_spare_) {
      acc += spare_;
      has_spare_ = false;
      --left;
    }
    // Marsaglia's polar method: two normal samples per accepted point in the unit disc.
    constexpr double scale = 0x1.0p-52;  // next53 * 2^-52 - 1 lies in [-1, 1)
    while (left > 0) {
      double u, v, s;
      do {
        u = static_cast<double>(rng.next53()) * scale - 1.0;
        v = static_cast<double>(rng.next53()) * scale - 1.0;
        s = u * u + v * v;
      } while (s >= 1.0 || s == 0.0);
      const double f = std::sqrt(-2.0 * std::log(s) / s);
      acc += u * f;
      --left;
      if (left > 0) {
        acc += v * f;
        --left;
      } else {
        spare_ = v * f;
        has_spare_ = true;
      }
    }
    rng_ = rng;
    gauss_acc_ = acc;
  }
  remaining_ -= n;
  return n;
}

double sum_state::total() const {
  if (dist_ == dist::uniform) return static_cast<double>(uniform_acc_) * 0x1.0p-53;
  return gauss_acc_;
}

double task_total(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples) {
  sum_state s(d, seed, task, samples);
  s.advance(samples);
  return s.total();
}

}  // namespace lab
