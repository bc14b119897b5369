#include "models/unit_probe.hpp"

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

std::unique_ptr<unit_probe> model::make_probe(const run_context&) const { return nullptr; }

void throw_unknown_mechanism(handoff mechanism, std::string_view model) {
  const model_info* m = find_model_info(model);
  throw usage_error("unknown mechanism '" + std::string(to_string(mechanism)) + "' for this model (choose " +
                    join(names_of(m ? m->handoffs : std::vector<handoff>{}), ", ") + ")");
}

}  // namespace lab
