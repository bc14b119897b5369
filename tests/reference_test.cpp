#include <doctest/doctest.h>

#include <cstdlib>

#include "overheads_support.hpp"
#include "support.hpp"

using namespace lab;

TEST_CASE("overheads: reference without stress-ng is a failed record saying so") {
  const char* old = std::getenv("PATH");
  const std::string saved = old ? old : "";
  ::setenv("PATH", "/nonexistent", 1);
  const run_context ctx = test::context_for("serial", "reference");
  auto m = test::model_for("serial", ctx);
  const outcome out = run_scenario(find_scenario("reference"), "serial", *m, ctx);
  ::setenv("PATH", saved.c_str(), 1);
  CHECK_FALSE(out.ok);
  CHECK(out.error == "stress-ng is not installed (apt-get install stress-ng)");
}

TEST_CASE("overheads: reference records stress-ng's per-operation figures") {
  if (test::optional_tool({"stress-ng"}, "the reference scenario's figures").empty()) return;
  const record r = test::run_lab("serial", "reference", {{"seconds", "1"}, {"stressors", "switch"}});
  REQUIRE_MESSAGE(r.ok, r.error);
  CHECK(*metric(r, "switch_ns_per_op") > 0);
  CHECK(*metric(r, "switch_bogo_ops") > 0);
}
