#include <doctest/doctest.h>

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "models/factories.hpp"

using namespace lab;

TEST_CASE("factories: every model of the catalog registers a factory that builds it") {
  for (const auto& m : model_catalog()) {
    CAPTURE(m.name);
    const run_context ctx{"", "cpu", {}};
    CHECK(model_factory_of(m.name)(ctx) != nullptr);
  }
  CHECK_THROWS_WITH_AS(model_factory_of("green"), doctest::Contains("no model 'green' is built in"),
                       usage_error);
}
