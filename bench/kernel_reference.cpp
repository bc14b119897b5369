// The minimal programs the lab's CPU kernel is held against (issue "same work, same speed"):
// a plain xoshiro256+ loop summing (x >> 11) * 2^-53 as doubles, and a plain polar-method
// Gaussian, written as anyone would write them, beside the lab's own kernel called through
// the shared library the model executables load. Interleaved rounds, medians: the machine's
// speed drifts, so only figures from one run compare.
//
//   bench-kernel-reference [samples=200000000] [rounds=7]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

#include "workload/sum.hpp"

namespace {

struct xoshiro {
  std::uint64_t s[4];
  std::uint64_t next() {
    const std::uint64_t r = s[0] + s[3], t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return r;
  }
};

// Not inlined into the timing loop, like the lab's kernel, and seeded the same way.
[[gnu::noinline]] double reference_uniform(std::uint64_t n) {
  xoshiro g{{0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL, 1}};
  double acc = 0;
  for (std::uint64_t i = 0; i < n; ++i) acc += static_cast<double>(g.next() >> 11) * 0x1.0p-53;
  return acc;
}

[[gnu::noinline]] double reference_gauss(std::uint64_t n) {
  xoshiro g{{0x9e3779b97f4a7c15ULL, 0xbf58476d1ce4e5b9ULL, 0x94d049bb133111ebULL, 1}};
  double acc = 0;
  for (std::uint64_t i = 0; i < n; i += 2) {
    double u, v, s;
    do {
      u = static_cast<double>(g.next() >> 11) * 0x1.0p-52 - 1.0;
      v = static_cast<double>(g.next() >> 11) * 0x1.0p-52 - 1.0;
      s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double f = std::sqrt(-2.0 * std::log(s) / s);
    acc += u * f + v * f;
  }
  return acc;
}

double ns_per_sample(const std::function<double(std::uint64_t)>& fn, std::uint64_t n, double& sink) {
  const auto t0 = std::chrono::steady_clock::now();
  sink += fn(n);
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - t0).count() /
         static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
  const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 200000000ULL;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
  if (n == 0 || rounds < 1) {
    std::fprintf(stderr, "usage: bench-kernel-reference [samples > 0] [rounds >= 1]\n");
    return 2;
  }
  struct variant {
    const char* name;
    std::function<double(std::uint64_t)> fn;
    std::uint64_t samples;
    std::vector<double> ns;
  };
  // Gaussian samples cost ~8x more: fewer of them keep the rounds the same length.
  std::vector<variant> vs{
      {"reference uniform", reference_uniform, n, {}},
      {"lab uniform", [](std::uint64_t k) { return lab::uniform_sum(1, 0, k); }, n, {}},
      {"reference gauss", reference_gauss, n / 8, {}},
      {"lab gauss", [](std::uint64_t k) { return lab::gaussian_sum(1, 0, k); }, n / 8, {}},
  };
  double sink = 0;
  for (int r = 0; r < rounds; ++r)
    for (std::size_t i = 0; i < vs.size(); ++i) {
      auto& v = vs[(i + static_cast<std::size_t>(r)) % vs.size()];  // rotate who goes first
      v.ns.push_back(ns_per_sample(v.fn, v.samples, sink));
    }
  std::printf("%-18s %10s %8s %8s\n", "kernel", "ns/sample", "min", "max");
  for (auto& v : vs) {
    std::sort(v.ns.begin(), v.ns.end());
    std::printf("%-18s %10.3f %8.3f %8.3f\n", v.name, v.ns[v.ns.size() / 2], v.ns.front(), v.ns.back());
  }
  for (std::size_t i = 0; i + 1 < vs.size(); i += 2)
    std::printf("%s / %s = %.3f\n", vs[i + 1].name, vs[i].name, vs[i + 1].ns[vs[i + 1].ns.size() / 2] / vs[i].ns[vs[i].ns.size() / 2]);
  std::fprintf(stderr, "(checksum %g)\n", sink);
  return 0;
}
