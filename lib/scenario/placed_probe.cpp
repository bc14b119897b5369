#include "scenario/placed_probe.hpp"

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

placed_probe place_probe(const std::string& model_name, const model& m, const run_context& ctx, outcome& out) {
  placed_probe p;
  p.where = placement_of(ctx.values);
  p.probe = m.make_probe(ctx);
  if (!p.probe) throw run_error("model '" + model_name + "' has no units to measure");
  settle_home(p.where);
  out.metrics["pin"] = std::string(to_string(p.where.mode));
  // "0" for same; "0 | 1" for spread: the home CPU, then the CPUs the other units go to.
  if (p.where.mode == pin_mode::none) {
    out.metrics["pin_cpus"] = nullptr;
  } else {
    std::string cpus = std::to_string(p.where.home_cpu());
    if (p.where.mode == pin_mode::spread) {
      std::vector<std::string> others;
      for (std::size_t i = 1; i < p.where.cpus.size(); ++i) others.push_back(std::to_string(p.where.cpus[i]));
      cpus += " | " + join(others, ",");
    }
    out.metrics["pin_cpus"] = cpus;
  }
  if (p.where.mode == pin_mode::spread && !p.probe->placement_note().empty())
    out.metrics["pin_note"] = p.probe->placement_note() + " (ran as pin=same)";
  return p;
}

}  // namespace lab
