// serial's units: a plain function call, the floor every other model's unit is compared with.
// Calls go through a volatile function pointer so the compiler cannot inline or drop them.
#include <sys/resource.h>

#include <chrono>

#include "models/unit_probe.hpp"

namespace lab {

namespace {

struct rally {
  std::uint64_t a = 0, b = 0;  // hand-offs each side received
};

__attribute__((noinline)) void do_nothing() {}
__attribute__((noinline)) void to_a(rally& r) { ++r.a; }
__attribute__((noinline)) void to_b(rally& r) { ++r.b; }

void (*volatile nothing_fn)() = do_nothing;
void (*volatile to_a_fn)(rally&) = to_a;
void (*volatile to_b_fn)(rally&) = to_b;

class serial_probe final : public unit_probe {
 public:
  std::string unit_name() const override { return "function call"; }

  void spawn_join(std::size_t n) override {
    for (std::size_t i = 0; i < n; ++i) nothing_fn();
  }

  bool holds_units() const override { return false; }

  std::size_t hold_alive(std::size_t, const std::function<void(const held_units&)>& sample) override {
    sample({});
    return 0;
  }

  switch_result ping_pong(std::uint64_t round_trips, handoff mechanism) override {
    if (mechanism != handoff::call) throw_unbuilt_mechanism(mechanism);
    rusage u0{}, u1{};
    getrusage(RUSAGE_SELF, &u0);
    rally r;
    const auto t0 = std::chrono::steady_clock::now();
    for (std::uint64_t i = 0; i < round_trips; ++i) {
      to_b_fn(r);
      to_a_fn(r);
    }
    const auto t1 = std::chrono::steady_clock::now();
    getrusage(RUSAGE_SELF, &u1);
    return {std::chrono::duration<double>(t1 - t0).count(), r.a + r.b, u1.ru_nvcsw - u0.ru_nvcsw,
            u1.ru_nivcsw - u0.ru_nivcsw};
  }

  std::string placement_note() const override {
    return "serial: both sides of a call run on the calling thread, so pin=spread cannot separate them";
  }
};

}  // namespace

std::unique_ptr<unit_probe> make_serial_probe(const run_context&) { return std::make_unique<serial_probe>(); }

}  // namespace lab
