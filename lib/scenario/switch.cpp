// Scenario `switch`: two units pass a token back and forth `round_trips` times; the cost of
// one hand-off is the time over the hand-offs. Placement matters by ~10x (a wake-up on the
// same CPU against one across CPUs), so `pin` is part of every figure.
#include <algorithm>
#include <chrono>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "scenario/common_params.hpp"
#include "scenario/placed_probe.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace {

using clock_type = std::chrono::steady_clock;

std::vector<handoff> handoffs_of(std::string_view model_name) {
  const model_info* info = find_model_info(model_name);
  return info ? info->handoffs : std::vector<handoff>{};
}

// Why the model cannot pass the token so ("" when it can): checked when the point is planned,
// so `--set mechanism=post` with threads is refused before anything runs.
std::string mechanism_problem(std::string_view model_name, const std::string& asked) {
  const auto known = handoffs_of(model_name);
  if (known.empty()) return "model '" + std::string(model_name) + "' has no switch mechanism";
  if (asked == "default") return "";
  const handoff h = parse_handoff(asked);
  if (std::find(known.begin(), known.end(), h) == known.end())
    return "mechanism '" + asked + "' is not one of model " + std::string(model_name) + "'s (" +
           join(names_of(known), ", ") + ", or default)";
  return "";
}

// The mechanism asked for, checked against the model's in the catalog: `default` is its first.
handoff mechanism_for(const std::string& model_name, const std::string& asked) {
  if (auto why = mechanism_problem(model_name, asked); !why.empty()) throw run_error(why);
  return asked == "default" ? handoffs_of(model_name).front() : parse_handoff(asked);
}

// "serial call; threads condvar|pipe; ...": each model's mechanisms, its natural one first.
std::string mechanisms_by_model() {
  std::vector<std::string> parts;
  for (const auto& name : models_running(scenario_names::switch_))
    parts.push_back(name + " " + join(names_of(find_model_info(name)->handoffs), "|"));
  return join(parts, "; ");
}

std::vector<std::string> mechanism_choices() {
  std::vector<std::string> choices{"default"};
  for (auto& name : handoff_names()) choices.push_back(std::move(name));
  return choices;
}

outcome switch_run(const std::string& model_name, model& m, const run_context& ctx) {
  const auto t0 = clock_type::now();
  outcome out;
  placed_probe placed = place_probe(model_name, m, ctx, out);
  unit_probe& probe = *placed.probe;
  const handoff mechanism = mechanism_for(model_name, ctx.values.text("mechanism"));
  const auto round_trips = static_cast<std::uint64_t>(ctx.values.integer("round_trips"));

  probe.ping_pong(std::min<std::uint64_t>(round_trips, 1000), mechanism);  // warm-up
  const switch_result r = probe.ping_pong(round_trips, mechanism);
  if (r.switches != 2 * round_trips)
    throw run_error("the units counted " + std::to_string(r.switches) + " hand-offs, not the " +
                    std::to_string(2 * round_trips) + " of " + std::to_string(round_trips) + " round trips");

  out.metrics["unit"] = probe.unit_name();
  out.metrics[metric_keys::mechanism] = std::string(to_string(mechanism));
  out.metrics["round_trips"] = round_trips;
  out.metrics["switches"] = r.switches;
  out.metrics[metric_keys::switch_ns] = r.switches ? r.seconds * 1e9 / static_cast<double>(r.switches) : 0.0;
  out.metrics["round_trip_ns"] = round_trips ? r.seconds * 1e9 / static_cast<double>(round_trips) : 0.0;
  // Measured inside the model's process, over both units; the record's nvcsw/nivcsw are the
  // driver's view of the whole process (warm-up and setup included).
  out.metrics["nvcsw"] = r.nvcsw;
  out.metrics["nivcsw"] = r.nivcsw;
  out.metrics[metric_keys::ctx_switches_per_handoff] =
      r.switches ? static_cast<double>(r.nvcsw + r.nivcsw) / static_cast<double>(r.switches) : 0.0;
  out.run_s = std::chrono::duration<double>(clock_type::now() - t0).count();
  return out;
}

scenario_def switch_scenario() {
  scenario_def def;
  def.spec.summary = "two units pass a token back and forth round_trips times (call, condition variable, pipe, loop post, channel)";
  def.spec.params = {{.name = "round_trips",
                      .default_value = "20000",
                      .min = 1,
                      .max = 1e10,
                      .help = "round trips (two hand-offs each)"},
                     {.name = "mechanism",
                      .kind = param_kind::choice,
                      .default_value = "default",
                      .choices = mechanism_choices(),
                      .help = "how the token passes: " + mechanisms_by_model() + "; default = the model's first"},
                     spec::pin()};
  def.spec.settle = [](std::string_view model, std::map<std::string, std::string>& values) {
    if (auto why = mechanism_problem(model, values.at("mechanism")); !why.empty()) throw usage_error(why);
  };
  def.run = switch_run;
  return def;
}

const register_scenario registered{scenario_names::switch_, switch_scenario};

}  // namespace

}  // namespace lab
