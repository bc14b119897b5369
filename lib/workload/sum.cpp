#include "workload/sum.hpp"

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
  if (dist_ == dist::uniform)
    uniform_kernel(rng_, uniform_acc_, n);
  else
    gauss_kernel(rng_, gauss_, n);
  remaining_ -= n;
  return n;
}

double sum_state::total() const {
  if (dist_ == dist::uniform) return static_cast<double>(uniform_acc_) * 0x1.0p-53;
  return gauss_.acc;
}

double task_total(dist d, std::uint64_t seed, std::uint64_t task, std::uint64_t samples) {
  sum_state s(d, seed, task, samples);
  s.advance(samples);
  return s.total();
}

}  // namespace lab
