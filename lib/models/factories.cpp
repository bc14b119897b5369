#include "models/factories.hpp"

#include <map>
#include <string>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {
// Built on first use: registrations run during static initialisation, in no set order.
std::map<std::string, model_factory, std::less<>>& factories() {
  static std::map<std::string, model_factory, std::less<>> all;
  return all;
}
}  // namespace

register_model::register_model(std::string_view name, model_factory make) {
  factories().emplace(std::string(name), std::move(make));
}

const model_factory& model_factory_of(std::string_view name) {
  const auto& all = factories();
  if (const auto it = all.find(name); it != all.end()) return it->second;
  std::vector<std::string> names;
  for (const auto& [n, _] : all) names.push_back(n);
  throw usage_error("no model " + quote(name) + " is built in (built: " + join(names, ", ") + ")");
}

}  // namespace lab
