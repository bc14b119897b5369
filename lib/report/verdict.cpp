// "Which concurrency do I want?": every sentence here is built from the comparisons of the
// analysis; nothing is canned beyond the sentence shapes. Each scenario is judged on its
// primary metric (analysis.hpp): wall time, or the cost per unit (spawn), per hand-off
// (switch), the I/O latency (yield). The scenarios whose answer is a metric get their own
// sentences (unit_cost_blocks, handoff_blocks, yield_blocks); io adds latency percentiles
// and mixed the comparison with S + L and max(S, L).
#include <algorithm>
#include <set>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/scenario_part.hpp"
#include "report/sections.hpp"
#include "report/verdict_parts.hpp"
#include "stats/sequential.hpp"

namespace lab::report {

using namespace prose;

namespace {

std::vector<const point*> pointers(const analysed_experiment& e) {
  std::vector<const point*> out;
  for (const auto& p : e.points) out.push_back(&p);
  return out;
}

std::vector<block> experiment_verdict(const analysis& a, const analysed_experiment& e) {
  std::vector<block> out;
  std::string intro = "In " + code(e.title());
  if (e.name.empty() && e.axes.empty()) intro = "In the " + code(e.scenario) + " runs";
  if (e.points.empty()) return out;
  std::size_t contenders = 0;
  for (std::size_t v = 0; v < e.variants.size(); ++v) contenders += e.contender(v) ? 1 : 0;
  if (e.points.size() == 1) {
    const point& p = e.points[0];
    std::string text = intro + ": " + point_sentences(e, p);
    if (e.primary.wall())
      for (const auto& extra : {ranking(e, p), best_context(e, p)})
        if (!extra.empty()) text += " " + extra;
    out.push_back(paragraph(text));
    if (auto f = failures_sentence(e, {&p}); !f.empty()) out.push_back(paragraph(f));
  } else if (contenders <= 1) {
    if (e.primary.wall()) {
      auto more = range_blocks(e, intro);
      out.insert(out.end(), more.begin(), more.end());
    } else {
      std::vector<std::string> axes;
      for (const auto& x : e.axes) axes.push_back(code(x));
      out.push_back(paragraph(intro + ", sweeping " + join(axes, " and ") + ":"));
    }
    if (auto f = failures_sentence(e, pointers(e)); !f.empty()) out.push_back(paragraph(f));
  } else {
    std::vector<std::string> axes;
    for (const auto& x : e.axes) axes.push_back(code(x));
    out.push_back(paragraph(intro + ", sweeping " + join(axes, " and ") + ":"));
    auto more = sweep_blocks(e);
    out.insert(out.end(), more.begin(), more.end());
  }
  std::vector<block> extra;
  if (const scenario_part* part = part_of(e.scenario); part && part->verdict) extra = part->verdict(a, e);
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

// spawn and switch split over several experiments (one per model, placement, mechanism):
// each model from its best to its worst figure across them, so they meet in one sentence.
std::vector<block> scenario_digest(const analysis& a, const std::string& host, const std::string& scenario) {
  std::vector<const analysed_experiment*> exps;
  for (const auto& e : a.experiments)
    if (e.host == host && e.scenario == scenario && !e.primary.wall()) exps.push_back(&e);
  if (exps.size() < 2) return {};
  struct end {
    double value;
    std::string where;
  };
  struct span {
    std::string model;
    end lo, hi;
  };
  std::vector<span> spans;
  std::optional<end> floor;
  const std::string& how = how_metric_of(scenario);  // a text metric naming how a run worked
  for (const analysed_experiment* e : exps)
    for (const auto& p : e->points)
      for (std::size_t v = 0; v < e->variants.size(); ++v) {
        if (!p.cells[v].measured()) continue;
        const double x = value_of(p, v);
        const std::string desc = describe(*e, p);
        const std::string mech = how.empty() ? "" : p.cells[v].text(how);
        const end here{x, (mech.empty() || desc.find(how + "=") != std::string::npos ? "" : mech + ", ") +
                              code(e->title() + (desc.empty() ? "" : ": " + desc))};
        if (!e->contender(v)) {
          if (!floor || e->better(x, floor->value)) floor = here;
          continue;
        }
        const std::string& model = e->variants[v];
        auto it = std::find_if(spans.begin(), spans.end(), [&](const span& s) { return s.model == model; });
        if (it == spans.end()) {
          spans.push_back({model, here, here});
          continue;
        }
        if (e->better(x, it->lo.value)) it->lo = here;
        if (e->better(it->hi.value, x)) it->hi = here;
      }
  if (spans.size() < 2) return {};
  const analysed_experiment& e0 = *exps.front();
  std::stable_sort(spans.begin(), spans.end(), [&](const span& x, const span& y) { return e0.better(x.lo.value, y.lo.value); });
  std::vector<std::string> parts;
  for (const auto& s : spans) {
    std::string text = s.model + " " + e0.value_text(s.lo.value) + " (" + s.lo.where + ")";
    if (s.hi.value != s.lo.value) text += " to " + e0.value_text(s.hi.value) + " (" + s.hi.where + ")";
    if (&s != &spans.front())
      if (auto x = times(s.lo.value, spans.front().lo.value)) text += ", at best " + *x + " " + spans.front().model;
    parts.push_back(text);
  }
  std::string text = "Across the " + code(scenario) + " experiments, each variant from its best to its worst " +
                     e0.primary.label + ": " + join(parts, "; ") + ".";
  if (floor) text += " The floor, serial (a plain call): " + e0.value_text(floor->value) + ".";
  return {paragraph(text)};
}

// The scenarios present that are judged on a metric rather than wall time.
std::string measures_sentence(const analysis& a) {
  std::vector<std::string> scenarios, parts;
  bool floor = false;
  for (const auto& e : a.experiments) {
    if (e.primary.wall() || std::find(scenarios.begin(), scenarios.end(), e.scenario) != scenarios.end()) continue;
    scenarios.push_back(e.scenario);
    parts.push_back(code(e.scenario) + " on " + e.primary.label + " (" + code(e.primary.key) + ")");
    floor = floor || e.primary.serial_is_floor;
  }
  if (parts.empty()) return {};
  std::string text = " Experiments are judged on wall time, except " + join(parts, ", ") +
                     ", where the wall time of a run is not the question (it stays in the tables)";
  if (floor) text += "; there serial, a plain function call, is the floor rather than a contender";
  return text + ".";
}

// A machine's answer at a glance: its table, its picture, then the table's notes.
std::vector<block> at_a_glance(const analysis& a, const std::string& host) {
  std::vector<block> out;
  block glance = glance_table(a, host);
  if (glance.table.rows.empty()) return out;
  // The table's notes (why a row is undecided) after the picture, so both fit the first screen;
  // more than two fold under one line that counts them.
  auto notes = std::move(glance.table.notes);
  glance.table.notes.clear();
  out.push_back(std::move(glance));
  block picture = chart_block(summary_chart(a, host));
  if (!picture.chart.series.empty()) out.push_back(std::move(picture));
  if (notes.size() > 2) {
    block why = bullets(std::move(notes));
    why.folded = "Why " + std::to_string(why.items.size()) + " rows are undecided, and what would decide them";
    out.push_back(std::move(why));
  } else {
    for (auto& note : notes) out.push_back(paragraph(std::move(note)));
  }
  out.push_back(paragraph("At a glance: the answer at the largest value of each sweep; the details follow."));
  return out;
}

// How a winner is called, said once before the details that use it.
std::string how_judged(const analysis& a) {
  return "Written from the measurements below. A variant is called the winner only when a Mann-Whitney "
         "test on its runs against the runner-up gives p < 0.05 and the medians differ by more than the "
         "run-to-run noise (" + fmt::percent(min_effect) + " or the larger CV); two variants "
         "tie when the 90% interval of their ratio lies within ±" + fmt::percent(min_effect) + ", and are "
         "undecided otherwise (with why, and what would decide). \"% apart\" is always the gap between the two "
         "medians printed beside it; a round-by-round estimate is labelled as such. Where the two ran in at least " + std::to_string(stats::min_pairs) +
         " of the same rounds (a sweep's interleaved rounds; single-unit runs of a round share a CPU), they are "
         "compared round by round instead: a Wilcoxon signed-rank test and the Hodges-Lehmann interval of the "
         "per-round ratios, with " + fmt::percent(min_effect) + " as the only noise floor, so that a CPU or a "
         "minute both shared does not count as noise. Peak memory is the median peak RSS of the runs." +
         measures_sentence(a);
}

// The workload classes a machine ran, in the report's order of classes.
std::vector<std::string> workload_classes(const analysis& a, const std::string& host) {
  std::vector<std::string> classes;
  for (const auto& e : a.experiments)
    if (e.host == host && std::find(classes.begin(), classes.end(), e.workload_class()) == classes.end())
      classes.push_back(e.workload_class());
  std::stable_sort(classes.begin(), classes.end(), [](const std::string& x, const std::string& y) {
    return workload_class_rank(x) < workload_class_rank(y);
  });
  return classes;
}

// A machine's details, a heading per workload class: each experiment's verdict, then each
// scenario's digest across its experiments.
std::vector<block> machine_details(const analysis& a, const std::string& host, int level) {
  std::vector<block> out;
  for (const auto& cls : workload_classes(a, host)) {
    std::set<std::string> scen;
    for (const auto& e : a.experiments)
      if (e.host == host && e.workload_class() == cls) scen.insert(code(e.scenario));
    out.push_back(heading(level, cls + " (" + join({scen.begin(), scen.end()}, ", ") + ")"));
    for (const auto& e : a.experiments)
      if (e.host == host && e.workload_class() == cls) {
        auto blocks = experiment_verdict(a, e);
        out.insert(out.end(), blocks.begin(), blocks.end());
      }
    for (const auto& sc : scen) {
      auto digest = scenario_digest(a, host, sc.substr(1, sc.size() - 2));  // scen holds `code` names
      out.insert(out.end(), digest.begin(), digest.end());
    }
  }
  return out;
}

}  // namespace

std::vector<block> verdict_section(const analysis& a) {
  std::vector<block> out;
  out.push_back(heading(2, "Which concurrency do I want?"));
  const bool several_hosts = a.machines.size() > 1;
  // Where the machines disagree, that is the first thing to know.
  if (several_hosts) {
    auto depends = machine_dependence(a);
    out.insert(out.end(), depends.begin(), depends.end());
  }
  // The answer first, a table and a picture per machine; the details after the contents.
  for (const auto& m : a.machines) {
    if (several_hosts)
      out.push_back(paragraph(bold("On " + code(m.host)) + (m.cpus > 0 ? " (" + std::to_string(m.cpus) + " CPUs)" : "") + ":"));
    auto glance = at_a_glance(a, m.host);
    out.insert(out.end(), glance.begin(), glance.end());
    auto essays = essays_blocks(a, m.host);
    out.insert(out.end(), essays.begin(), essays.end());
  }
  block contents;
  contents.what = block::kind::contents;
  out.push_back(contents);
  // Said once before the details that use it, one click away: the Method section says it too.
  block judged = bullets({how_judged(a)});
  judged.folded = "How a winner, a tie and undecided are called";
  out.push_back(std::move(judged));
  for (const auto& m : a.machines) {
    if (several_hosts) out.push_back(heading(3, "On " + code(m.host)));
    auto details = machine_details(a, m.host, several_hosts ? 4 : 3);
    out.insert(out.end(), details.begin(), details.end());
  }
  if (several_hosts) {
    auto across = across_machines(a);
    out.insert(out.end(), across.begin(), across.end());
  }
  return out;
}

}  // namespace lab::report
