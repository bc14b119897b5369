#include "models/factories.hpp"

#include <string>

#include "core/error.hpp"
#include "core/registry.hpp"
#include "core/text.hpp"

namespace lab {

namespace {
using registration = std::pair<std::string, model_factory>;
}  // namespace

register_model::register_model(std::string_view name, model_factory make) {
  registered<registration>().emplace_back(name, std::move(make));
}

const model_factory& model_factory_of(std::string_view name) {
  std::vector<std::string> names;
  for (const auto& [n, make] : registered<registration>()) {
    if (n == name) return make;
    names.push_back(n);
  }
  throw usage_error("no model " + quote(name) + " is built in (built: " + join(names, ", ") + ")");
}

}  // namespace lab
