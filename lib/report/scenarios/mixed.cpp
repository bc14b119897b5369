// mixed's part of the report: the wall time against its two parts, S and L.
#include <algorithm>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;

namespace {

// mixed: each variant's wall against its two parts as its runs timed them, S (the request,
// the server's sum) and L (the local sum): max(S, L) is a full overlap, S + L none. serial
// times the parts alone; where overlapped parts ran much slower than that, the machine (its
// CPUs shared by the two sums) bounds the overlap, and the sentence says so.
std::vector<block> overlap_blocks(const analysed_experiment& e) {
  return per_point(e, "Against its two parts timed in every run, S (the request: the server's sum) and L (the local sum)",
                   [&](const point& p) {
    struct parts {
      std::size_t v;
      double s, l;
    };
    std::vector<parts> order;
    for (std::size_t v = 0; v < p.cells.size(); ++v) {
      const cell& c = p.cells[v];
      const auto s = c.metric(metric_keys::server_s), l = c.metric(metric_keys::local_s);
      if (c.ok > 0 && s && l && *s > 0 && *l > 0) order.push_back({v, *s, *l});
    }
    if (order.empty()) return std::string();
    std::stable_sort(order.begin(), order.end(),
                     [&](const parts& a, const parts& b) { return p.cells[a.v].wall.median < p.cells[b.v].wall.median; });
    std::vector<std::string> texts;
    for (const auto& x : order) {
      const double wall = p.cells[x.v].wall.median;
      const double to_max = wall / std::max(x.s, x.l), to_sum = wall / (x.s + x.l);
      std::string text = e.variants[x.v] + " " + fmt::seconds(wall);
      if (std::fabs(std::log(to_max)) <= std::fabs(std::log(to_sum))) text += " = " + fmt::sig(to_max) + " × max(S, L)";
      else if (std::fabs(to_sum - 1) <= 0.03) text += " ≈ S + L";
      else text += " = " + fmt::sig(to_sum) + " × (S + L)";
      texts.push_back(text + " (S " + fmt::seconds(x.s) + ", L " + fmt::seconds(x.l) + ")");
    }
    std::string out = join(texts, "; ") + ".";
    // The parts alone, as serial ran them, against the best overlapped run.
    const auto serial = e.serial_variant();
    const auto alone = std::find_if(order.begin(), order.end(), [&](const parts& x) { return serial && x.v == *serial; });
    const auto best = std::find_if(order.begin(), order.end(), [&](const parts& x) { return !serial || x.v != *serial; });
    if (alone != order.end() && best != order.end()) {
      const double ideal = std::max(alone->s, alone->l);
      const double ratio = p.cells[best->v].wall.median / ideal;
      if (ratio > 1 + near_ideal)
        out += " Against the parts alone, as serial ran them (max(S, L) = " + fmt::seconds(ideal) + "), the best, " +
               e.variants[best->v] + ", takes " + fmt::ratio(ratio) + ": overlapped, its parts ran slower (S " +
               fmt::seconds(best->s) + " vs " + fmt::seconds(alone->s) + ", L " + fmt::seconds(best->l) + " vs " +
               fmt::seconds(alone->l) + "), so the CPUs they share, not the model, bound the overlap.";
    }
    return out;
  });
}

// mixed: the wall against S and L, the two parts alone.
std::vector<block> overlap_table(const analysed_experiment& e) {
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const char* h : {"variant", "wall", "S (request)", "L (local)", "wall / max(S, L)", "wall / (S + L)"}) {
    t.header.push_back(h);
    t.numeric.push_back(std::string(h) != "variant");
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto s = c.metric(metric_keys::server_s), l = c.metric(metric_keys::local_s);
      if (c.ok == 0 || !s || !l || *s <= 0 || *l <= 0) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      row.push_back(e.variants[v]);
      row.push_back(fmt::seconds(c.wall.median));
      row.push_back(fmt::seconds(*s));
      row.push_back(fmt::seconds(*l));
      row.push_back(fmt::ratio(c.wall.median / std::max(*s, *l)));
      row.push_back(fmt::ratio(c.wall.median / (*s + *l)));
      t.rows.push_back(std::move(row));
    }
  if (t.rows.empty()) return {};
  t.notes.push_back("S and L: the request's and the local sum's own times, measured in each run (medians). "
                    "Full overlap gives wall = max(S, L) (1.00× in the first ratio); none gives S + L.");
  return {paragraph("**Overlap**:"), table_block(std::move(t))};
}

scenario_part mixed_part() {
  scenario_part part;
  part.scenario = scenario_names::mixed;
  part.verdict = [](const analysis&, const analysed_experiment& e) { return overlap_blocks(e); };
  part.tables = overlap_table;
  return part;
}

const register_part registered{mixed_part};

}  // namespace

}  // namespace lab::report
