#pragma once
// What the spawn and switch scenarios share: the model's bare units (model::make_probe),
// with the calling thread placed as `pin` asks, and the placement written into the metrics.
#include <memory>

#include "models/unit_probe.hpp"
#include "scenario/scenario.hpp"

namespace lab {

struct placed_probe {
  placement where;
  std::unique_ptr<unit_probe> probe;
};

// Pins the calling thread (the spawner, or side A of a pair) and sets metrics.pin and, when
// the model cannot place its units apart, metrics.pin_note. Throws run_error when the model
// has no units to probe or the placement cannot be had (spread on one CPU).
placed_probe place_probe(const std::string& model_name, const model& m, const run_context& ctx, outcome& out);

}  // namespace lab
