// Same work, same speed: the construction that gives every model one copy of the measured
// code, the kernel's totals, and ideals that oversubscription cannot push past the wall.
#include <doctest/doctest.h>

#include <cstring>
#include <set>
#include <thread>

#include "core/cpus.hpp"
#include "support.hpp"
#include "workload/sum.hpp"

using namespace lab;
using lab::test::bin;
using lab::test::run_model;

namespace {
const std::vector<std::string> model_exes{"lab-serial", "lab-threads", "lab-procs", "lab-async"};
}  // namespace

TEST_CASE("fairness: every model executable runs the kernel from one shared object, at one offset") {
  std::set<std::string> places;
  for (const auto& exe : model_exes) {
    const auto r = lab::test::run(bin(exe), {"--kernel-info"});
    REQUIRE(r.status == 0);
    CAPTURE(exe);
    CAPTURE(r.out);
    CHECK(r.out.find("liblabcore.so") != std::string::npos);  // loaded, not linked in
    places.insert(r.out);
  }
  CHECK(places.size() == 1);
  // The driver's record says the same, so a report can tell records of one build apart.
  const auto o = run_model("threads", {"tasks=1", "samples=1000"});
  CHECK(o.at("code").at("library").as_string() == "liblabcore.so");
  CHECK(o.at("code").at("kernel_offset").as_int64() % 64 == 0);  // aligned by the build
}

TEST_CASE("fairness: the kernel's totals are the golden ones, bit for bit") {
  struct golden {
    dist d;
    std::uint64_t samples;
    std::uint64_t bits;
  };
  // Computed by the kernel as first written (commit edc1496); every later kernel must agree,
  // or records of different kernels would not compare.
  const golden cases[] = {
      {dist::uniform, 1ULL, 0x3fdac443f2f97964ULL},  {dist::uniform, 4ULL, 0x3ff6ab0a031b6fa1ULL},
      {dist::uniform, 1001ULL, 0x407eda694ae0cc49ULL}, {dist::uniform, 1000003ULL, 0x411e7cf2e84457a2ULL},
      {dist::gauss, 1ULL, 0xbff0bcb6df8766e1ULL},    {dist::gauss, 4ULL, 0x3ff5e28611d8697bULL},
      {dist::gauss, 1001ULL, 0x4002474e381831b2ULL},   {dist::gauss, 1000003ULL, 0x4082d279f9fd2d3cULL},
  };
  for (const auto& g : cases) {
    CAPTURE(to_string(g.d));
    CAPTURE(g.samples);
    const double t = task_total(g.d, 1, 3, g.samples);
    std::uint64_t bits;
    std::memcpy(&bits, &t, sizeof bits);
    CHECK(bits == g.bits);
  }
}

TEST_CASE("fairness: the cpu ideal is built from CPU time, so oversubscription cannot lift efficiency past 1") {
  // Four units per CPU: each task's wall span is about four times its work, its CPU time is not.
  const auto units = std::to_string(4 * usable_cpus());
  const std::vector<std::string> base{"tasks=" + units, "workers=" + units, "samples=20000000"};
  struct variant {
    std::string model;
    std::vector<std::string> extra;
  };
  for (const variant& v : {variant{"threads", {}}, variant{"procs", {}}, variant{"async", {"loop_threads=" + units}}}) {
    auto sets = base;
    sets.insert(sets.end(), v.extra.begin(), v.extra.end());
    const auto o = run_model(v.model, sets);
    REQUIRE(o.at("ok").as_bool());
    const double ideal = o.at("ideal_s").to_number<double>(), wall = o.at("run_s").to_number<double>();
    CAPTURE(v.model);
    CAPTURE(ideal);
    CAPTURE(wall);
    CHECK(ideal > 0);
    CHECK(ideal / wall <= 1.05);
  }
}
