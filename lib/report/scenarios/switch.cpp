// switch's part of the report: the one-way hand-off, and where the two units ran.
#include <algorithm>
#include <map>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

std::string switch_line(const analysed_experiment& e, const point& p) {
  const auto order = ranked(e, p);
  std::vector<std::string> sentences;
  if (!order.empty()) {
    std::string lead = bold(pairing(e, p, order[0])) + " " + with_per(e, value_of(p, order[0]));
    std::vector<std::string> than;
    for (std::size_t i = 1; i < order.size(); ++i)
      if (auto x = times(value_of(p, order[i]), value_of(p, order[0])))
        than.push_back(*x + " " + e.primary.comparative + " than " + pairing(e, p, order[i]) + " (" +
                       e.value_text(value_of(p, order[i])) + ")");
    if (!than.empty()) lead += ", " + join(than, " and ");
    sentences.push_back(lead);
    std::vector<std::string> kernel;
    for (std::size_t v : order)
      if (auto k = p.cells[v].metric(metric_keys::ctx_switches_per_handoff))
        kernel.push_back(pairing(e, p, v) + " " + (*k > 0 && *k < 0.01 ? "< 0.01" : fmt::sig(*k, 2)));
    if (!kernel.empty() && order.size() > 1)
      sentences.push_back("Kernel context switches per hand-off: " + join(kernel, ", "));
  }
  if (auto s = serial_floor(e, p))
    sentences.push_back("The floor, " + e.variants[*s] + " (a plain " +
                        (p.cells[*s].text(metric_keys::mechanism).empty() ? "call" : p.cells[*s].text(metric_keys::mechanism)) +
                        "): " + e.value_text(value_of(p, *s)));
  return sentences.empty() ? std::string() : join(sentences, ". ") + ".";
}

// Placement: a hand-off between two kernel-scheduled units costs ~10x more across CPUs than
// on one; a figure without its placement misleads.
std::vector<block> pin_blocks(const analysed_experiment& e) {
  bool kernel_units = false;
  for (std::size_t v = 0; v < e.variants.size(); ++v)
    kernel_units = kernel_units || (e.contender(v) && is_kernel_scheduled(e.variant_models[v]));
  if (!kernel_units) return {};
  const auto axis = std::find(e.axes.begin(), e.axes.end(), "pin");
  if (axis == e.axes.end()) {
    const std::string pin = e.fixed_value("pin").value_or("none");
    if (pin == "none")
      return {paragraph("Measured at " + code("pin=none") + ": the kernel chose where the two units ran, and a "
                        "hand-off between threads or processes on one CPU and one across CPUs differ by about 10×; "
                        "sweep " + code("pin = same, spread") + " to see both.")};
    return {paragraph("Measured at " + code("pin=" + pin) + " only; the other placement can differ by about 10×.")};
  }
  const auto k = static_cast<std::size_t>(axis - e.axes.begin());
  // Points grouped by every other axis; per group and variant, the figure at each placement.
  std::map<std::string, std::vector<const point*>> groups;
  std::vector<std::string> order;
  for (const auto& p : e.points) {
    std::vector<std::string> rest;
    for (std::size_t i = 0; i < e.axes.size(); ++i)
      if (i != k && e.axes[i] != "mechanism") rest.push_back(e.axes[i] + "=" + p.at[i].text);
    std::string key = join(rest, ", ");
    for (std::size_t i = 0; i < e.axes.size(); ++i)
      if (e.axes[i] == "mechanism") key += "\x1f" + p.at[i].text;
    if (!groups.count(key)) order.push_back(key);
    groups[key].push_back(&p);
  }
  std::vector<std::string> items;
  for (const auto& key : order) {
    const auto& pts = groups[key];
    const std::string where = key.substr(0, key.find('\x1f'));
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      if (!e.contender(v)) continue;
      std::vector<std::string> parts;
      std::map<std::string, double> by_pin;
      const point* named = nullptr;
      for (const point* p : pts)
        if (p->cells[v].measured()) {
          parts.push_back(e.value_text(value_of(*p, v)) + " at " + code("pin=" + p->at[k].text));
          by_pin[p->at[k].text] = value_of(*p, v);
          if (!named) named = p;
        }
      if (parts.size() < 2) continue;
      std::string text = pairing(e, *named, v) + (where.empty() ? "" : " at " + code(where)) + ": " + join(parts, ", ");
      if (by_pin.count("same") && by_pin.count("spread"))
        if (auto x = times(std::max(by_pin["same"], by_pin["spread"]), std::min(by_pin["same"], by_pin["spread"])))
          text += " (" + std::string(by_pin["spread"] > by_pin["same"] ? "across CPUs" : "on one CPU") + " " + *x +
                  " dearer)";
      items.push_back(text);
    }
  }
  if (items.empty()) return {};
  return {paragraph("Where the units run (" + code("pin") + ": same = one CPU, spread = different CPUs):"),
          bullets(items)};
}

std::vector<block> handoff_blocks(const analysed_experiment& e) {
  auto out = per_point(e, "One-way hand-off, cheapest first", [&](const point& p) { return switch_line(e, p); });
  auto pin = pin_blocks(e);
  out.insert(out.end(), pin.begin(), pin.end());
  return out;
}

scenario_part switch_part() {
  scenario_part part;
  part.scenario = scenario_names::switch_;
  part.verdict = [](const analysis&, const analysed_experiment& e) { return handoff_blocks(e); };
  return part;
}

const register_part registered{switch_part};

}  // namespace

}  // namespace lab::report
