#include "models/unit_probe.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

std::unique_ptr<unit_probe> model::make_probe(const run_context&) const { return nullptr; }

void throw_unbuilt_mechanism(handoff mechanism) {
  throw run_error("this model's probe has no hand-off by " + std::string(to_string(mechanism)) +
                  ", though its catalog entry (lib/catalog/models.cpp) lists it");
}

}  // namespace lab
