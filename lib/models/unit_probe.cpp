#include "models/unit_probe.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

std::unique_ptr<unit_probe> model::make_probe(const run_context&) const { return nullptr; }

void throw_unknown_mechanism(const std::string& mechanism, const std::vector<std::string>& known) {
  throw usage_error("unknown mechanism '" + mechanism + "' for this model (choose " + join(known, ", ") + ")");
}

}  // namespace lab
