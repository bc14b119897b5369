// spawn's part of the report: the cost of one more unit and what it holds alive.
#include <set>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/chart_kit.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

// "8.40 KiB + 16.0 KiB kernel stack": what one more unit alive holds.
std::string unit_memory(const cell& c) {
  const auto mem = c.metric(metric_keys::mem_per_unit_kib);
  if (!mem) return {};
  std::string text = fmt::kib(*mem) + (c.text(metric_keys::mem_method) == metric_values::pss_sum_children ? " PSS" : "");
  if (auto k = c.metric(metric_keys::kernel_stack_per_unit_kib); k && *k >= 0.5) text += " + " + fmt::kib(*k) + " kernel stack";
  if (auto t = c.metric(metric_keys::page_tables_per_unit_kib); t && *t >= 0.5) text += " + " + fmt::kib(*t) + " page tables";
  return text;
}

std::string spawn_line(const analysed_experiment& e, const point& p) {
  const auto order = ranked(e, p);
  std::vector<std::string> parts;
  for (std::size_t i = 0; i < order.size(); ++i) {
    const std::size_t v = order[i];
    const cell& c = p.cells[v];
    std::vector<std::string> notes;
    const auto r2 = c.metric(metric_keys::per_unit_r2);
    if (i == 0 && r2) notes.push_back("r² " + fmt::r2(*r2));
    if (i > 0)
      if (auto x = times(c.value.median, value_of(p, order[0]))) notes.push_back(*x + " " + e.variants[order[0]]);
    if (i > 1)
      if (auto x = times(c.value.median, value_of(p, order[i - 1]))) notes.push_back(*x + " " + e.variants[order[i - 1]]);
    if (i > 0 && r2 && *r2 < 0.95) notes.push_back("r² " + fmt::r2(*r2) + ": a poor fit");
    std::string text = e.variants[v] + " " + e.value_text(c.value.median) + (notes.empty() ? "" : " (" + join(notes, ", ") + ")");
    if (auto mem = unit_memory(c); !mem.empty()) text += ", " + mem + (i == 0 ? " per unit alive" : "");
    const auto alive = c.metric(metric_keys::alive_when_sampled);
    const auto units = c.metric(metric_keys::units);
    if (alive && units && *alive < *units)
      text += " (only " + fmt::plain(*alive) + " of " + fmt::plain(*units) + " alive when sampled)";
    parts.push_back(text);
  }
  std::string text = join(parts, "; ");
  if (auto s = serial_floor(e, p))
    text += std::string(text.empty() ? "" : ". ") + "The floor, " + e.variants[*s] + " (a plain call): " +
            e.value_text(value_of(p, *s)) + ", nothing held";
  return text.empty() ? text : text + ".";
}

std::vector<block> unit_cost_blocks(const analysed_experiment& e) {
  // How many units were alive for the memory figure, when every contender agrees.
  std::set<double> held;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v)
      if (e.contender(v))
        if (auto n = p.cells[v].metric(metric_keys::units)) held.insert(*n);
  const std::string alive = held.size() == 1 ? fmt::plain(*held.begin()) + " alive at once" : code("units") + " alive at once";
  return per_point(e,
                   "Cost of one more unit, cheapest first (the slope of a least-squares fit of time over 1, 3, 10, … "
                   "units), and memory per unit with " + alive,
                   [&](const point& p) { return spawn_line(e, p); });
}

// "fibers: 2.7 page faults per unit, 80% of its CPU in the kernel: the kernel dominates
// (first touches of memory)": why each unit costs what it costs, where the record says.
std::string why_line(const analysed_experiment& e, const point& p) {
  std::vector<std::string> parts;
  for (const std::size_t v : ranked(e, p)) {
    const cell& c = p.cells[v];
    const auto faults = c.metric(metric_keys::minor_faults_per_unit);
    const auto share = c.metric(metric_keys::kernel_share);
    if (!faults || !share) continue;
    const auto major = c.metric(metric_keys::major_faults_per_unit);
    std::string text = e.variants[v] + ": " + fmt::plain(*faults) + " page faults per unit";
    if (major && *major >= 0.01) text += " (" + fmt::plain(*major) + " major)";
    text += ", " + fmt::percent(*share) + " of its CPU in the kernel";
    if (*share >= 0.5)
      text += *faults >= 1 ? ": the kernel dominates, mostly first touches of new pages" : ": the kernel dominates";
    else
      text += ": user space dominates";
    if (auto stack = c.metric(metric_keys::unit_stack_kib)) text += "; " + fmt::kib(*stack) + " stack reserved";
    parts.push_back(text);
  }
  return parts.empty() ? std::string() : join(parts, "; ") + ".";
}

std::vector<block> why_blocks(const analysed_experiment& e) {
  if (!reports(e, metric_keys::kernel_share)) return {};
  return per_point(e,
                   "Why a unit costs what it costs (the runs at the largest count: page faults and CPU of the process "
                   "and its reaped children, per unit created)",
                   [&](const point& p) { return why_line(e, p); });
}

// What one more unit alive holds, after the cost per unit.
void unit_memory_chart(const analysed_experiment& e, metric_charts& charts) {
  if (!reports(e, metric_keys::mem_per_unit_kib)) return;
  const cell_value raw = metric_value(metric_keys::mem_per_unit_kib, 1);
  const unit mu = memory_unit_for(max_over(e, raw));
  if (chart* c = charts.make("Memory per unit alive" + charts.sweep(), "memory per unit (" + mu.name + ")", scaled(raw, mu)))
    c->caption = unit_memory_notes() + "; others: RSS growth. Kernel stacks and page tables, outside RSS, are in the table.";
}

scenario_part spawn_part() {
  scenario_part part;
  part.scenario = scenario_names::spawn;
  part.verdict = [](const analysis&, const analysed_experiment& e) {
    auto blocks = unit_cost_blocks(e);
    for (auto& b : why_blocks(e)) blocks.push_back(std::move(b));
    return blocks;
  };
  part.charts = unit_memory_chart;
  return part;
}

const register_part registered{spawn_part};

}  // namespace

}  // namespace lab::report
