// The profile scenario's step parser: every kind, every unit, the canonical text, and the
// one-line errors that name the step and the valid forms.
#include <doctest/doctest.h>

#include "core/error.hpp"
#include "scenario/profile_steps.hpp"

using namespace lab;

TEST_CASE("profile steps: every kind and unit parses") {
  const auto s = parse_steps("cpu 2ms, cpu 2e6, locked cpu 500us, request 20ms, request compute 1e6, sleep 1.5s, "
                             "memory 64KiB, memory 2MiB, memory 3, 3x request 1s, cpu 250ns, sleep 10\xC2\xB5s");
  REQUIRE(s.size() == 12);
  CHECK(s[0].kind == step_kind::cpu);
  CHECK(s[0].seconds == doctest::Approx(0.002));
  CHECK(s[0].cpu_as_time());
  CHECK(s[1].samples == 2'000'000);
  CHECK_FALSE(s[1].cpu_as_time());
  CHECK(s[2].kind == step_kind::locked_cpu);
  CHECK(s[2].seconds == doctest::Approx(500e-6));
  CHECK(s[3].kind == step_kind::request);
  CHECK(s[3].delay_ms == 20);
  CHECK(s[4].kind == step_kind::compute);
  CHECK(s[4].samples == 1'000'000);
  CHECK(s[5].kind == step_kind::sleep);
  CHECK(s[5].seconds == doctest::Approx(1.5));
  CHECK(s[6].kib == 64);
  CHECK(s[7].kib == 2048);
  CHECK(s[8].kib == 3);  // a bare number is KiB
  CHECK(s[9].repeat == 3);
  CHECK(s[9].delay_ms == 1000);
  CHECK(s[10].seconds == doctest::Approx(250e-9));
  CHECK(s[11].seconds == doctest::Approx(10e-6));
}

TEST_CASE("profile steps: the canonical text reads back as the same steps") {
  for (const char* text : {"cpu 2ms, 2x request 20ms, cpu 0.5ms", "locked cpu 1ms, memory 1GiB, sleep 40ms",
                           "request compute 80000000 | cpu 1200000000", "cpu 1.25us, sleep 2s, cpu 0", ""}) {
    const auto kinds = parse_task_kinds(text);
    const std::string canonical = to_text(kinds);
    CAPTURE(canonical);
    const auto again = parse_task_kinds(canonical);
    REQUIRE(again.size() == kinds.size());
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      REQUIRE(again[k].size() == kinds[k].size());
      for (std::size_t i = 0; i < kinds[k].size(); ++i) {
        CHECK(again[k][i].kind == kinds[k][i].kind);
        CHECK(again[k][i].repeat == kinds[k][i].repeat);
        CHECK(again[k][i].samples == kinds[k][i].samples);
        CHECK(again[k][i].delay_ms == kinds[k][i].delay_ms);
        CHECK(again[k][i].kib == kinds[k][i].kib);
        CHECK(again[k][i].seconds == doctest::Approx(kinds[k][i].seconds).epsilon(1e-8));
      }
    }
    CHECK(to_text(again) == canonical);
  }
  CHECK(to_text(parse_task_kinds("cpu   0.5ms ,request 20ms")) == "cpu 500us, request 20ms");
}

TEST_CASE("profile steps: task kinds are separated by '|'") {
  const auto kinds = parse_task_kinds("request compute 8e7 | cpu 1.2e9");
  REQUIRE(kinds.size() == 2);
  CHECK(kinds[0][0].kind == step_kind::compute);
  CHECK(kinds[1][0].samples == 1'200'000'000);
  CHECK_THROWS_WITH_AS(parse_task_kinds("cpu 1ms | "), doctest::Contains("task kind 2 has no steps"), usage_error);
  CHECK_THROWS_WITH_AS(parse_task_kinds("cpu 1ms | cpu 1zz"), doctest::Contains("task kind 2: step 1"), usage_error);
}

TEST_CASE("profile steps: a bad step is one line naming it and the valid forms") {
  struct bad {
    const char* text;
    const char* says;
  } const cases[] = {
      {"cpu 2ms, reqest 20ms", "step 2 'reqest 20ms': unknown kind 'reqest'"},
      {"cpu 2 parsecs", "'cpu' takes one amount"},
      {"cpu 2hours", "unknown unit 'hours'"},
      {"cpu -2ms", "expected samples (2e6) or a duration"},
      {"cpu 2.5", "whole number of samples"},
      {"cpu nan", "expected samples"},
      {"cpu inf", "expected samples"},
      {"sleep 2", "unknown unit ''"},
      {"request 0.5ms", "whole milliseconds"},
      {"request 2h", "unknown unit 'h'"},
      {"sleep 7200s", "at most an hour"},
      {"cpu 1e-320s", "at least 1ns"},
      {"cpu 2e13", "at most 1e12 samples"},
      {"memory 1TiB", "unknown unit 'TiB'"},
      {"memory 32GiB", "at most 16GiB"},
      {"memory 0.5", "whole KiB"},
      {"cpu 1ms,,cpu 1ms", "step 2 '': empty step"},
      {"0x cpu 1ms", "a repeat count is 1x to 1000x"},
      {"3x", "needs a step after it"},
      {"1001x cpu 1ms", "a repeat count is 1x to 1000x"},
      {"600x cpu 1ms, 600x cpu 1ms", "more than 1000 steps"},
      {"locked sleep 1ms", "'locked' takes 'cpu' and one amount"},
      {"request compute 2.5", "whole number of samples"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.text);
    try {
      parse_steps(c.text);
      FAIL("parsed");
    } catch (const usage_error& e) {
      const std::string what = e.what();
      CHECK(what.find(c.says) != std::string::npos);
      CHECK(what.find('\n') == std::string::npos);
      if (what.find("more than") == std::string::npos) CHECK(what.find("valid steps: cpu 2ms") != std::string::npos);
    }
  }
}
