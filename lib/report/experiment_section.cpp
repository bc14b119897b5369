// One experiment's section: what was run, the comparison and detail tables, the scenario's
// own tables, what bounded it, the scaling fit, the failed runs and the charts.
#include <algorithm>
#include <cmath>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/load.hpp"
#include "report/prose.hpp"
#include "report/scaling.hpp"
#include "report/scenario_part.hpp"
#include "report/sections.hpp"
#include "report/time_went.hpp"

namespace lab::report {

using prose::code;
using prose::signed_percent;

namespace {

// Inline code cannot hold a backtick; error texts may.
std::string code_text(std::string s) {
  std::replace(s.begin(), s.end(), '`', '\'');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return code(s);
}

bool any_efficiency(const analysed_experiment& e) {
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.efficiency) return true;
  return false;
}

// The primary value's median and the min–max of the runs, in the primary metric's unit.
std::string value_range(const analysed_experiment& e, const stats::summary& s) {
  return e.primary.wall() ? fmt::seconds_range(s.min, s.max) : fmt::metric_range(e.primary.key, s.min, s.max);
}

std::string value_cell(const analysed_experiment& e, const point& p, std::size_t v) {
  const cell& c = p.cells[v];
  if (c.runs == 0) return "";
  if (c.ok == 0) return "failed (" + std::to_string(c.runs) + " of " + std::to_string(c.runs) + ")";
  if (!c.measured()) return "no " + e.primary.name();
  std::string text = e.value_text(c.value.median);
  if (c.values.size() > 1) text += " (" + value_range(e, c.value) + ")";
  const comparison& k = p.verdict;
  if ((k.kind == verdict_kind::winner || k.kind == verdict_kind::tentative) && v == k.best)
    text = "**" + text + "**" + (k.kind == verdict_kind::tentative ? " *" : "");
  if (v == k.best || v == k.runner_up) {
    if (prose::call_of(k) == prose::call::tie) text = "≈ " + text;
    if (prose::call_of(k) == prose::call::undecided) text = "? " + text;
  }
  if (!e.contender(v)) text += " (floor)";
  if (c.noisy()) text += " noisy";
  if (c.ok < c.runs) text += " (" + std::to_string(c.runs - c.ok) + " failed)";
  return text;
}

std::string noise_note(const cell& c) {
  std::vector<std::string> notes;
  std::vector<std::string> devs;
  for (double d : c.outlier_devs) devs.push_back(signed_percent(d));
  const std::string outliers =
      devs.empty() ? "" : (devs.size() == 1 ? "outlier " : "outliers ") + join(devs, ", ");
  if (c.noisy()) {
    std::vector<std::string> why;
    if (c.value.cv > cell::noisy_cv) why.push_back("CV " + fmt::percent(c.value.cv));
    if (!outliers.empty()) why.push_back(outliers);
    notes.push_back("noisy: " + join(why, ", "));
  } else if (!outliers.empty()) {
    notes.push_back(outliers);
  }
  if (c.ok < c.runs) notes.push_back(std::to_string(c.runs - c.ok) + " failed");
  return join(notes, "; ");
}

table comparison_table(const analysed_experiment& e) {
  table t = point_by_variant_table(e);
  bool tentative = false;
  for (const auto& p : e.points) {
    std::vector<std::string> row;
    for (const auto& a : p.at) row.push_back(a.text);
    for (std::size_t v = 0; v < e.variants.size(); ++v) row.push_back(value_cell(e, p, v));
    tentative = tentative || p.verdict.kind == verdict_kind::tentative;
    t.rows.push_back(std::move(row));
  }
  const primary_metric& m = e.primary;
  if (!m.wall())
    t.notes.push_back("Median " + code(m.key) + ", the " + m.label + "; " + (m.lower_is_better ? "lower" : "higher") +
                      " is better, and bold is the " + m.superlative + ". The runs' wall time is in the next table.");
  if (tentative) t.notes.push_back("*: best in every run, but too few runs for p < 0.05.");
  return t;
}

// Text metrics some run reported ("mechanism", "mem_method").
bool has_text(const analysed_experiment& e, const std::string& key) {
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.texts.count(key)) return true;
  return false;
}

// What the detail table shows beyond the fixed columns; the folded table holds the rest.
struct detail_columns {
  bool eff = false;     // an efficiency column (wall-time experiments that have one)
  bool serial = false;  // a "vs serial" column
  std::vector<std::string> metrics, texts;  // metric columns; texts: those holding words
  std::vector<std::string> more;            // metric columns folded away (looked up, not compared)
  bool text(const std::string& k) const { return std::find(texts.begin(), texts.end(), k) != texts.end(); }
};

// The scenario's first two lead metrics are compared beside the time; the others are looked up.
constexpr std::size_t compared_metrics = 2;

detail_columns detail_columns_of(const analysed_experiment& e) {
  const primary_metric& m = e.primary;
  detail_columns d;
  d.eff = m.wall() && any_efficiency(e);
  d.serial = m.wall() && e.serial_variant().has_value();
  std::vector<std::string> all;
  // The scenario's lead metrics first, then the rest; text metrics only when they lead.
  for (const auto& k : m.lead_metrics) {
    if (std::find(e.metric_keys.begin(), e.metric_keys.end(), k) != e.metric_keys.end()) all.push_back(k);
    else if (has_text(e, k)) all.push_back(k), d.texts.push_back(k);
  }
  for (const auto& k : e.metric_keys)  // a metric repeating a swept parameter (yield_every) says nothing new
    if (k != m.key && std::find(all.begin(), all.end(), k) == all.end() &&
        std::find(e.axes.begin(), e.axes.end(), k) == e.axes.end())
      all.push_back(k);
  for (std::size_t i = 0; i < all.size(); ++i) (i < compared_metrics ? d.metrics : d.more).push_back(all[i]);
  return d;
}

void add_column(table& t, std::string name, bool numeric) {
  t.header.push_back(std::move(name));
  t.numeric.push_back(numeric);
}

void add_detail_header(table& t, const analysed_experiment& e, const detail_columns& d) {
  const primary_metric& m = e.primary;
  for (const auto& a : e.axes) add_column(t, a, true);
  add_column(t, "variant", false);
  add_column(t, "runs", true);
  add_column(t, m.wall() ? "wall" : m.key, true);
  add_column(t, "95% CI of median", true);
  if (!m.wall()) add_column(t, "wall", true);
  add_column(t, "CPU", true);
  add_column(t, "peak RSS", true);
  if (d.eff) add_column(t, "efficiency", true);
  if (d.serial) add_column(t, "vs serial", true);
  for (const auto& k : d.metrics) add_column(t, k, !d.text(k));
}

// The median's 95% interval; † where too few runs make it the full range.
std::string ci_cell(const analysed_experiment& e, const cell& c) {
  if (c.values.size() < 2) return "—";
  stats::summary ci;
  ci.min = c.value.ci.lo;
  ci.max = c.value.ci.hi;
  return value_range(e, ci) + (c.value.ci.too_few ? " †" : "");
}

std::string metric_cell(const cell& c, const detail_columns& d, const std::string& k) {
  if (d.text(k)) {
    const std::string x = c.text(k);
    return x.empty() ? "—" : x;
  }
  auto x = c.metric(k);
  return x ? fmt::metric(k, *x) : "—";
}

// The point's axis values and the variant: where a row of either table stands.
std::vector<std::string> row_key(const analysed_experiment& e, const point& p, std::size_t v) {
  std::vector<std::string> row;
  for (const auto& a : p.at) row.push_back(a.text);
  row.push_back(e.variants[v] + (e.contender(v) ? "" : " (floor)"));
  return row;
}

std::vector<std::string> detail_row(const analysed_experiment& e, const point& p, std::size_t v,
                                    const detail_columns& d) {
  const cell& c = p.cells[v];
  std::vector<std::string> row = row_key(e, p, v);
  row.push_back(c.ok == c.runs ? std::to_string(c.runs) : std::to_string(c.ok) + " of " + std::to_string(c.runs));
  const bool ok = c.ok > 0;
  row.push_back(c.measured() ? e.value_text(c.value.median) : "—");
  row.push_back(ci_cell(e, c));
  if (!e.primary.wall()) row.push_back(ok ? fmt::seconds(c.wall.median) : "—");
  row.push_back(ok ? fmt::seconds(c.cpu_s) : "—");
  row.push_back(ok ? fmt::kib(c.rss_kib) : "—");
  if (d.eff) row.push_back(c.efficiency ? fmt::percent(*c.efficiency) : "—");
  if (d.serial) row.push_back(c.speedup ? fmt::ratio(*c.speedup) : "—");
  for (const auto& k : d.metrics) row.push_back(metric_cell(c, d, k));
  return row;
}

void add_detail_notes(table& t, const analysed_experiment& e, bool short_ci) {
  if (!e.primary.wall())
    t.notes.push_back("The interval is about " + code(e.primary.key) + "; wall: the whole run, for reference.");
  if (short_ci) t.notes.push_back("†: fewer than 6 runs: the interval is their full range.");
}

// `at`: the points whose rows it holds.
table detail_table(const analysed_experiment& e, const detail_columns& d, const std::vector<const point*>& at) {
  table t;
  add_detail_header(t, e, d);
  bool short_ci = false;
  for (const point* pp : at)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const point& p = *pp;
      const cell& c = p.cells[v];
      if (c.runs == 0) continue;
      short_ci = short_ci || (c.values.size() >= 2 && c.value.ci.too_few);
      t.rows.push_back(detail_row(e, p, v, d));
    }
  add_detail_notes(t, e, short_ci);
  return t;
}

// The columns a reader looks up rather than compares: the spread and the other metrics.
table more_table(const analysed_experiment& e, const detail_columns& d) {
  table t;
  for (const auto& a : e.axes) add_column(t, a, true);
  add_column(t, "variant", false);
  add_column(t, "CV", true);
  add_column(t, "noise", false);
  for (const auto& k : d.more) add_column(t, k, !d.text(k));
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      if (c.runs == 0) continue;
      auto row = row_key(e, p, v);
      row.push_back(c.values.size() > 1 ? fmt::percent(c.value.cv) : "—");
      const std::string noise = noise_note(c);
      row.push_back(noise.empty() ? "—" : noise);
      for (const auto& k : d.more) row.push_back(metric_cell(c, d, k));
      t.rows.push_back(std::move(row));
    }
  std::vector<std::string> names{"CV", "noise"};
  for (const auto& k : d.more) names.push_back(code(k));
  t.folded = "More columns: " + join(names, ", ") + " (also in results.csv)";
  t.key_columns = e.axes.size() + 1;
  return t;
}

std::vector<std::string> failure_items(const analysed_experiment& e) {
  std::vector<std::string> items;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      if (c.errors.empty()) continue;
      const std::string where = describe(e, p);
      std::vector<std::string> errs;
      for (const auto& [text, n] : c.errors)
        errs.push_back(code_text(text.empty() ? "(no error text)" : text) + (n > 1 ? " ×" + std::to_string(n) : ""));
      items.push_back((where.empty() ? "" : code(where) + " ") + e.variants[v] + ": " +
                      std::to_string(c.runs - c.ok) + " of " + std::to_string(c.runs) + " runs failed: " +
                      join(errs, "; "));
    }
  return items;
}

// "Not run on A, B: why." for the models the catalog says do not run the scenario, one
// sentence per reason.
std::vector<std::string> gap_sentences(const std::string& scenario) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
  for (const auto& m : model_catalog()) {
    const std::string why = gap_reason(m.name, scenario);
    if (why.empty()) continue;
    auto it = std::find_if(by_reason.begin(), by_reason.end(), [&](const auto& r) { return r.first == why; });
    if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {why, {}});
    it->second.push_back(m.name);
  }
  std::vector<std::string> out;
  for (const auto& [why, models] : by_reason) out.push_back("Not run on " + join(models, ", ") + ": " + why + ".");
  return out;
}

// "**Overlap**:" and its table become one table folded under "Overlap": a reader opens what
// bounded a run when the comparison above raises the question.
std::vector<block> folded(std::vector<block> blocks) {
  std::vector<block> out;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const std::string& text = blocks[i].text;
    const bool lead = blocks[i].what == block::kind::paragraph && text.rfind("**", 0) == 0 &&
                      text.size() > 1 && text.back() == ':' && i + 1 < blocks.size() &&
                      blocks[i + 1].what == block::kind::table && blocks[i + 1].table.folded.empty();
    if (!lead) {
      out.push_back(std::move(blocks[i]));
      continue;
    }
    block t = std::move(blocks[++i]);
    t.table.folded = text.substr(0, text.size() - 1);
    out.push_back(std::move(t));
    if (i + 1 < blocks.size() && blocks[i + 1].what == block::kind::bullets) {  // the same table in words
      out.push_back(std::move(blocks[++i]));
      out.back().folded = text.substr(0, text.size() - 1) + ", point by point in words";
    }
  }
  return out;
}

}  // namespace

std::string how_to_read_experiments() {
  return "How the tables read: the first table of each experiment gives each variant's median (min–max of the "
         "runs) at each point; **bold** is the best, confirmed by a Mann-Whitney test (p < 0.05) and beyond noise; "
         "≈: the best two tie (within ±" + fmt::percent(min_effect) + "); ?: undecided; (floor): serial, a plain "
         "function call, is the floor, not a contender. The detail table: medians over the successful runs; the "
         "95% interval of the median (†: fewer than 6 runs, so the full range, which holds the median with less "
         "than 95% probability); CPU: user + sys of the run's processes; efficiency: ideal time / time inside the "
         "model's process (run_s: the lab's start of that process left out); vs serial: serial's median wall / this "
         "one (the speedup). Further columns, a scenario's own tables and more charts open with one click; every "
         "figure is also in results.csv.";
}

std::vector<block> experiment_blocks(const analysed_experiment& e, int level) {
  std::vector<block> out;
  out.push_back(heading(level, e.name.empty() ? e.scenario : e.name + ": " + e.scenario));
  std::vector<std::string> fixed;
  for (const auto& [k, v] : e.fixed) fixed.push_back(code(k + "=" + v));
  std::vector<std::string> sentences;
  sentences.push_back(std::to_string(e.runs) + " runs" + (e.failed ? ", " + std::to_string(e.failed) + " failed" : "") + ".");
  if (!fixed.empty()) sentences.push_back("Fixed: " + join(fixed, ", ") + ".");
  for (const auto& s : gap_sentences(e.scenario)) sentences.push_back(s);
  for (const auto& a : e.axes) {
    std::vector<std::string> values;
    for (const auto& p : e.points) {
      const std::string& t = p.at[&a - e.axes.data()].text;
      if (std::find(values.begin(), values.end(), t) == values.end()) values.push_back(t);
    }
    sentences.push_back("Swept: " + code(a) + " (" + join(values, ", ") + ").");
  }
  if (const auto& ideal = ideal_of(e.scenario); !ideal.empty()) sentences.push_back("Ideal time: " + ideal + ".");
  out.push_back(paragraph(join(sentences, " ")));

  out.push_back(table_block(comparison_table(e)));
  const detail_columns d = detail_columns_of(e);
  // A sweep's detail rows: the glance table's point shown, the other points one click away
  // (their medians are in the table above); a sweep of many points took a screen each.
  const point* glance = glance_point(e);
  std::vector<const point*> others;
  for (const auto& p : e.points)
    if (&p != glance) others.push_back(&p);
  if (others.empty()) {
    out.push_back(table_block(detail_table(e, d, {glance})));
  } else {
    table shown = detail_table(e, d, {glance});
    shown.notes.insert(shown.notes.begin(), "At " + code(describe(e, *glance)) + ", the point the answer is read at.");
    out.push_back(table_block(std::move(shown)));
    table rest = detail_table(e, d, others);
    rest.folded = others.size() == 1 ? std::string("The same at the other point")
                                     : "The same at the other " + fmt::count(static_cast<double>(others.size())) + " points";
    out.push_back(table_block(std::move(rest)));
  }
  out.push_back(table_block(more_table(e, d)));
  if (const scenario_part* part = part_of(e.scenario); part && part->tables) {
    auto more = folded(part->tables(e));
    out.insert(out.end(), more.begin(), more.end());
  }
  auto load = folded(load_blocks(e));  // report/load.hpp: what bounded a point; the knee of a rate sweep
  out.insert(out.end(), load.begin(), load.end());
  auto scaling = folded(scaling_blocks(e));
  out.insert(out.end(), scaling.begin(), scaling.end());
  auto went = time_went_blocks(e);  // report/time_went.hpp: variants short of the ideal, in figures
  out.insert(out.end(), went.begin(), went.end());
  if (auto items = failure_items(e); !items.empty()) {
    out.push_back(paragraph("**Failed runs:**"));
    out.push_back(bullets(items));
  }
  for (auto& c : charts_for(e)) {
    block b = chart_block(std::move(c));
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace lab::report
