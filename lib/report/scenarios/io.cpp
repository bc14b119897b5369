// io's part of the report: the latency of one request.
#include <algorithm>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

std::vector<block> latency_blocks(const analysed_experiment& e) {
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::p99_ms) == e.metric_keys.end()) return {};
  std::string intro = "Latency of one request, p50 / p99, lowest p99 first";
  if (auto d = e.fixed_value("delay_ms")) intro += " (the server answers after " + code("delay_ms") + " = " + *d + " ms)";
  return per_point(e, intro, [&](const point& p) {
    std::vector<std::size_t> order;
    for (std::size_t v = 0; v < p.cells.size(); ++v)
      if (p.cells[v].metric(metric_keys::p99_ms)) order.push_back(v);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return *p.cells[a].metric(metric_keys::p99_ms) < *p.cells[b].metric(metric_keys::p99_ms);
    });
    std::vector<std::string> parts;
    for (std::size_t v : order) {
      const cell& c = p.cells[v];
      const auto p50 = c.metric(metric_keys::p50_ms);
      parts.push_back(e.variants[v] + " " + (p50 ? fmt::metric(metric_keys::p50_ms, *p50) + " / " : "") +
                      fmt::metric(metric_keys::p99_ms, *c.metric(metric_keys::p99_ms)));
    }
    return parts.empty() ? std::string() : join(parts, ", ") + ".";
  });
}

// io: the latency of one request, p50 / p99, per point and variant.
std::vector<block> latency_table(const analysed_experiment& e) {
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::p99_ms) == e.metric_keys.end()) return {};
  table t = point_by_variant_table(e);
  for (const auto& p : e.points) {
    std::vector<std::string> row;
    for (const auto& a : p.at) row.push_back(a.text);
    for (const auto& c : p.cells) {
      const auto p50 = c.metric(metric_keys::p50_ms), p99 = c.metric(metric_keys::p99_ms);
      row.push_back(p99 ? (p50 ? fmt::metric(metric_keys::p50_ms, *p50) + " / " : "") + fmt::metric(metric_keys::p99_ms, *p99) : "—");
    }
    t.rows.push_back(std::move(row));
  }
  std::string note = "Latency of one request, p50 / p99 (medians over the runs)";
  if (auto d = e.fixed_value("delay_ms")) note += "; the server answers after " + *d + " ms";
  t.notes.push_back(note + ".");
  return {paragraph("**Request latency**:"), table_block(std::move(t))};
}

scenario_part io_part() {
  scenario_part part;
  part.scenario = scenario_names::io;
  part.verdict = [](const analysis&, const analysed_experiment& e) { return latency_blocks(e); };
  part.tables = latency_table;
  return part;
}

const register_part registered{io_part};

}  // namespace

}  // namespace lab::report
