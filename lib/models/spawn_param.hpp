#pragma once
// The `spawn` parameter, parsed once where a run reads it.
#include "catalog/mechanisms.hpp"
#include "catalog/models.hpp"
#include "core/params.hpp"

namespace lab {

// Scenarios without `spawn` (switch) fork.
inline spawn_mode spawn_mode_of(const params& values) {
  return values.has(param_names::spawn) ? parse_spawn_mode(values.text(param_names::spawn)) : spawn_mode::fork;
}

}  // namespace lab
