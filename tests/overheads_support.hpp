#pragma once
// What the overheads tests share: a model and its context built the way the model
// executables build them, and a run of a real model executable through the driver.
#include <memory>
#include <string>

#include "core/params.hpp"
#include "driver/run_point.hpp"
#include "models/factories.hpp"
#include "models/model.hpp"
#include "models/unit_probe.hpp"
#include "record/record.hpp"
#include "scenario/scenario.hpp"

namespace lab::test {

inline run_context context_for(const std::string& model_name, const std::string& scenario, const assignments& sets = {}) {
  return {std::string(LAB_BIN_DIR) + "/lab-" + model_name, scenario,
          resolve(find_scenario(scenario).spec, model_name, sets)};
}

inline std::unique_ptr<model> model_for(const std::string& model_name, const run_context& ctx) {
  return model_factory_of(model_name)(ctx);
}

inline std::unique_ptr<unit_probe> probe_for(const std::string& model_name, const std::string& scenario,
                                             const assignments& sets = {}) {
  const run_context ctx = context_for(model_name, scenario, sets);
  return model_for(model_name, ctx)->make_probe(ctx);
}

inline record run_lab(const std::string& model_name, const std::string& scenario, const assignments& sets) {
  return run_point({model_name, scenario, sets, std::chrono::seconds(120)}, 0, LAB_BIN_DIR);
}

}  // namespace lab::test
