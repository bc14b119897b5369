// The same experiment run on several machines, side by side.
#include <algorithm>
#include <optional>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/load.hpp"
#include "report/prose.hpp"
#include "report/verdict_parts.hpp"

namespace lab::report::prose {

namespace {

// The variants' labels over the runs of one experiment, in the order they first come.
std::vector<std::string> variants_of(const std::vector<const analysed_experiment*>& runs_on) {
  std::vector<std::string> variants;
  for (const analysed_experiment* e : runs_on)
    for (const auto& v : e->variants)
      if (std::find(variants.begin(), variants.end(), v) == variants.end()) variants.push_back(v);
  return variants;
}

// The point where variant v did best; null where it never measured.
const point* best_point(const analysed_experiment& e, std::size_t v) {
  const point* best = nullptr;
  for (const auto& p : e.points)
    if (p.cells[v].measured() && (!best || e.better(value_of(p, v), value_of(*best, v)))) best = &p;
  return best;
}

// One machine's row: each variant at its best point, then the best contender.
std::vector<std::string> machine_row(const analysed_experiment& e, const std::vector<std::string>& variants) {
  std::vector<std::string> row{e.host, e.cpus > 0 ? std::to_string(e.cpus) : "?"};
  std::optional<std::size_t> leader;
  double leader_value = 0;
  for (const auto& label : variants) {
    const auto it = std::find(e.variants.begin(), e.variants.end(), label);
    const auto v = static_cast<std::size_t>(it - e.variants.begin());
    const point* best = it == e.variants.end() ? nullptr : best_point(e, v);
    if (!best) {
      row.push_back("—");
      continue;
    }
    const double x = value_of(*best, v);
    const bool everywhere = std::all_of(e.points.begin(), e.points.end(), [&](const point& p) {
      return p.cells[v].measured() && value_of(p, v) == x;
    });
    const std::string where = e.axes.empty() || everywhere ? "" : " at " + e.axes[0] + "=" + best->at[0].text;
    row.push_back(e.value_text(x) + where);
    if (e.contender(v) && (!leader || e.better(x, leader_value))) {
      leader = v;
      leader_value = x;
    }
  }
  row.push_back(leader ? e.variants[*leader] : "—");
  return row;
}

table machines_table(const std::vector<const analysed_experiment*>& runs_on) {
  const auto variants = variants_of(runs_on);
  const analysed_experiment& e0 = *runs_on.front();
  table t;
  t.header = {"machine", "CPUs"};
  t.numeric = {false, true};
  for (const auto& v : variants) {
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  t.header.push_back(e0.primary.wall() ? "fastest" : e0.primary.superlative);
  t.numeric.push_back(false);
  for (const analysed_experiment* e : runs_on) t.rows.push_back(machine_row(*e, variants));
  t.notes.push_back("Each variant's median " + (e0.primary.wall() ? std::string("wall time") : code(e0.primary.key)) +
                    " at its best point of the sweep on that machine.");
  return t;
}

// One machine's answer to an experiment, at the point its glance row shows (the largest value
// of the sweep): each machine is judged on its own runs only.
struct machine_answer {
  const analysed_experiment* e = nullptr;
  std::string key;    // what is compared across machines: the winner, or the pair in question
  std::string words;  // "threads wins", "threads or procs (fork), undecided"
  std::string at;     // "workers=8", or ""
  bool decided = false;
};

machine_answer answer_of(const analysed_experiment& e) {
  machine_answer m;
  m.e = &e;
  const point& p = *glance_point(e);
  if (!e.axes.empty()) m.at = e.axes[0] + "=" + p.at[0].text;
  if (const auto rates = rate_answer_of(e)) {  // open loop: the highest rate kept up with
    std::string best = rate_best_and_by(e, *rates).first;
    std::erase(best, '*');
    m.key = m.words = best;
    m.at.clear();
    return m;
  }
  const comparison& v = p.verdict;
  const std::string& b = e.variants[v.best];
  const std::string& r = e.variants[v.runner_up];
  const std::string pair = std::min(b, r) + " / " + std::max(b, r);
  switch (call_of(v)) {
    case call::winner: m.key = b, m.words = b + " wins", m.decided = true; break;
    case call::tentative: m.key = b, m.words = b + " leads (tentative: too few runs)", m.decided = true; break;
    case call::tie: m.key = "tie " + pair, m.words = b + " and " + r + " tie"; break;
    case call::undecided: m.key = "open " + pair, m.words = b + " or " + r + ", undecided"; break;
    case call::none: m.key = m.words = "nothing compared"; break;
  }
  return m;
}

std::string on_machine(const machine_answer& m) {
  std::string where = "on " + code(m.e->host) + (m.e->cpus > 0 ? " (" + std::to_string(m.e->cpus) + " CPUs)" : "");
  return where + " " + m.words + (m.at.empty() ? "" : ", at " + code(m.at));
}

bool compared(const analysed_experiment& e) {
  std::size_t contenders = 0;
  for (std::size_t v = 0; v < e.variants.size(); ++v) contenders += e.contender(v) ? 1 : 0;
  return contenders >= 2 && !e.points.empty();
}

// Whether the machines agree, said plainly.
struct agreement_text {
  bool same = true;
  std::string text;  // "" where no machine compared two variants
};

agreement_text agreement(const std::vector<const analysed_experiment*>& runs_on) {
  std::vector<machine_answer> answers;
  for (const analysed_experiment* e : runs_on)
    if (compared(*e)) answers.push_back(answer_of(*e));
  if (answers.size() < 2) return {};
  const bool same = std::all_of(answers.begin(), answers.end(), [&](const auto& m) { return m.key == answers[0].key; });
  const std::string title = code(runs_on.front()->title());
  if (same) return {true, "For " + title + " each machine gives the same answer: " + answers[0].words + "."};
  std::vector<std::string> parts;
  for (const auto& m : answers) parts.push_back(on_machine(m));
  std::size_t decided = 0;
  for (const auto& m : answers) decided += m.decided ? 1 : 0;
  if (decided >= 2) return {false, "**The answer depends on the machine** for " + title + ": " + join(parts, "; ") + "."};
  return {false, "For " + title + " the machines answer differently: " + join(parts, "; ") + "."};
}

// The experiments run on several machines, by title, in the order they first come.
std::vector<std::vector<const analysed_experiment*>> shared_experiments(const analysis& a) {
  std::vector<std::vector<const analysed_experiment*>> out;
  for (const auto& e : a.experiments) {
    auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g.front()->title() == e.title(); });
    if (it == out.end()) out.push_back({&e});
    else it->push_back(&e);
  }
  std::erase_if(out, [](const auto& g) { return g.size() < 2; });
  return out;
}

}  // namespace

// Where machines answer an experiment differently, said where the answer is given.
std::vector<block> machine_dependence(const analysis& a) {
  std::vector<block> out;
  for (const auto& runs_on : shared_experiments(a))
    if (const auto said = agreement(runs_on); !said.same)
      out.push_back(paragraph(said.text + " Each machine is judged on its own runs, "
                              "at the largest value of its sweep; Across machines, below, puts them side by side."));
  return out;
}

// The same experiment run on several machines: each variant at its best point, per host.
std::vector<block> across_machines(const analysis& a) {
  std::vector<block> out;
  for (const auto& runs_on : shared_experiments(a)) {
    out.push_back(paragraph(code(runs_on.front()->title()) + " on each machine:"));
    out.push_back(table_block(machines_table(runs_on)));
    if (const auto said = agreement(runs_on); !said.text.empty())
      out.push_back(paragraph(said.text + " (Each machine's answer at the largest value of its sweep, judged on "
                              "its own runs.)"));
  }
  if (!out.empty()) out.insert(out.begin(), heading(3, "Across machines"));
  return out;
}

}  // namespace lab::report::prose
