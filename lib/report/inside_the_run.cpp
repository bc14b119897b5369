// The "Inside the run" section: per traced run, its timeline and what it shows in words
// (report/timeline.hpp).
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <stdexcept>
#include <tuple>


#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/json_fields.hpp"
#include "report/timeline.hpp"

namespace lab::report {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// One row's figures, for describe().
struct row_figures {
  double compute_s = 0;
  std::size_t chunks = 0;
  std::set<long long> tasks;
  std::set<int> cpus;
  std::map<std::string, double> waits;

  void add(const timeline_bar& b) {
    if (b.task >= 0 && b.what != timeline_bar::kind::instant) tasks.insert(b.task);
    if (b.what == timeline_bar::kind::compute) {
      compute_s += b.end_s - b.start_s;
      chunks += b.merged;
      if (b.cpu >= 0) cpus.insert(b.cpu);
      if (b.cpu_end >= 0) cpus.insert(b.cpu_end);
    } else if (b.what == timeline_bar::kind::wait) {
      waits[b.name] += b.end_s - b.start_s;
    }
  }

  std::string text() const {
    std::vector<std::string> parts;
    if (!tasks.empty()) {
      std::vector<std::string> ts;
      for (auto task : tasks) ts.push_back(std::to_string(task));
      parts.push_back((tasks.size() == 1 ? "task " : "tasks ") + join(ts, ", "));
    }
    if (chunks) {
      std::vector<std::string> cs;
      for (int c : cpus) cs.push_back(std::to_string(c));
      parts.push_back("computing " + fmt::seconds(compute_s) + " in " + std::to_string(chunks) +
                      (chunks == 1 ? " chunk" : " chunks") + (cs.empty() ? "" : " on CPU " + join(cs, " and ")));
    }
    for (const auto& [name, s] : waits) parts.push_back(name + " " + fmt::seconds(s));
    if (parts.empty()) parts.push_back("alive, idle");
    return join(parts, "; ");
  }
};

std::string find_trace(const std::string& file, const std::vector<std::string>& dirs) {
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) return file;
  const fs::path p(file);
  for (const auto& d : dirs)
    for (const fs::path& candidate : {fs::path(d) / p.parent_path().filename() / p.filename(), fs::path(d) / p.filename()})
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
  return "";
}

struct traced {
  const record* r;
  std::string experiment;
};

// The records that name a trace file, by experiment (in the order they first come), then model.
std::vector<traced> traced_runs(const std::vector<record>& records) {
  std::vector<traced> runs;
  std::vector<std::string> experiments;
  for (const auto& r : records) {
    if (!r.ok || !r.trace || text_of(*r.trace, "file").empty()) continue;
    std::string e = r.experiment.value_or("");
    if (e.empty()) e = r.scenario;
    if (std::find(experiments.begin(), experiments.end(), e) == experiments.end()) experiments.push_back(e);
    runs.push_back({&r, e});
  }
  std::stable_sort(runs.begin(), runs.end(), [&](const traced& a, const traced& b) {
    const auto ea = std::find(experiments.begin(), experiments.end(), a.experiment);
    const auto eb = std::find(experiments.begin(), experiments.end(), b.experiment);
    return std::make_tuple(ea, model_rank(a.r->model)) < std::make_tuple(eb, model_rank(b.r->model));
  });
  return runs;
}

// What sets this run apart among the experiment's traced runs: the model, and any
// parameter another of them has with a different value (a swept one).
std::string title_of(const traced& run, const std::vector<traced>& runs) {
  std::vector<std::string> label{run.r->model};
  for (const auto& kv : run.r->params) {
    bool differs = false;
    for (const auto& other : runs)
      if (other.experiment == run.experiment) {
        const auto* v = other.r->params.if_contains(kv.key());
        differs = differs || (v && *v != kv.value());
      }
    if (differs) label.push_back(std::string(kv.key()) + "=" + fmt::param(kv.value()));
  }
  return run.experiment + ": " + join(label, " ");
}

// One run's timeline: a line saying what it is, its rows in words, the chart on the time
// scale its experiment's timelines share.
void add_run(std::vector<block>& out, const record& r, const std::string& title, const std::string& path,
             const timeline& t, double x_end_s) {
  block b;
  b.what = block::kind::chart;
  b.chart.title = title;
  b.chart.script = timeline_script(t, title, x_end_s);
  b.chart.wide = true;
  b.chart.caption = "Wall " + fmt::seconds(r.wall_s) + "; " + std::to_string(t.chunks) +
                    (t.chunks == 1 ? " chunk" : " chunks") + " traced; trace `" + path + "`" +
                    (t.dropped > 0 ? "; **the event cap was hit: " + std::to_string(t.dropped) +
                                         " events are missing from this picture**"
                                   : "") +
                    ".";
  out.push_back(paragraph("**" + title + "** (wall " + fmt::seconds(r.wall_s) + "):"));
  out.push_back(std::move(b));
  // Under the picture, what it tells: the first hand-offs as the seeds print them, the fact
  // that matters, then each row in figures.
  if (const auto told = hand_offs(t); !told.empty()) out.push_back(paragraph("First hand-offs: " + join(told, "; ") + "."));
  if (const std::string fact = what_matters(t); !fact.empty()) out.push_back(paragraph("**What matters:** " + fact + "."));
  out.push_back(bullets(describe(t)));
}

// A traced run with its timeline read, or why it could not be.
struct read_run {
  const traced* run = nullptr;
  std::string title, path, problem;
  timeline t;
};

read_run read_one(const traced& run, const std::vector<traced>& runs, const std::vector<std::string>& result_dirs) {
  read_run x{&run, title_of(run, runs), "", "", {}};
  const std::string file = text_of(*run.r->trace, "file");
  x.path = find_trace(file, result_dirs);
  if (x.path.empty()) {
    x.problem = "**" + x.title + "**: trace file `" + file + "` not found.";
    return x;
  }
  try {
    x.t = read_timeline(read_trace_file(x.path));
  } catch (const std::exception& e) {
    x.problem = "**" + x.title + "**: trace file `" + x.path + "` unreadable: " + e.what() + ".";
  }
  return x;
}

const char* const intro =
    "Timelines of the traced runs (the first recorded run of each point of an experiment with `trace = true`, "
    "or `lab run --trace DIR`): a row per unit (thread, process, coroutine, and the loop thread that runs the "
    "coroutines), time across. A unit's light grey band is its life, the pale band a task's span; solid bars "
    "are computing (one chunk between two yields), hatched bars waiting (a request, a sleep or timer, a "
    "coroutine ready but waiting for the loop); chunks too close together to draw apart are one paler band "
    "with their yields per second on it, and a thread's idle stretches are labelled with what it waited for. The "
    "strip under a row gives each chunk's CPU (`sched_getcpu`), and hovering a bar shows its task, CPU and times. "
    "Under each timeline: its first hand-offs in words, as the seeds print them, and the fact that matters (how "
    "long the request waited to be sent, and what computed while it was out). Each trace file opens as it is in "
    "Perfetto (ui.perfetto.dev) or `chrome://tracing`.";

}  // namespace

// A row's idle stretches, those with one reason together: "idle 8.9 ms in 4 stretches
// (1.62–5.57 ms, …): a coroutine had work and the loop ran none: the thread was off the CPU
// (67 µs of CPU in them), descheduled".
std::vector<std::pair<std::size_t, std::string>> idle_in_words(const timeline& t) {
  std::map<std::pair<std::size_t, std::string>, std::vector<idle_stretch>> by_why;
  for (auto& i : idle_stretches(t, idle_worth_telling(t.end_s))) by_why[{i.row, i.why()}].push_back(i);
  std::vector<std::pair<std::size_t, std::string>> out;
  for (const auto& [key, list] : by_why) {
    double idle = 0, cpu = 0;
    std::vector<std::string> spans;
    for (const auto& i : list) {
      idle += i.end_s - i.start_s;
      cpu += std::max(0.0, i.on_cpu_s);
      if (spans.size() < 3) spans.push_back(time_span(i.start_s, i.end_s));
    }
    if (list.size() > spans.size()) spans.push_back("…");
    std::string text = "idle " + fmt::seconds(idle) +
                       (list.size() > 1 ? " in " + std::to_string(list.size()) + " stretches (" : " (") +
                       join(spans, ", ") + ")";
    if (!key.second.empty()) text += ": " + key.second;
    if (!list.front().cpu.empty() && list.front().on_cpu_s >= 0) text += " (" + fmt::seconds(cpu) + " of CPU in it)";
    out.emplace_back(key.first, std::move(text));
  }
  return out;
}

std::vector<std::string> describe(const timeline& t) {
  std::vector<row_figures> rows(t.rows.size());
  for (const auto& b : t.bars) rows[b.row].add(b);
  // The rates of chunks too dense to draw, and where a thread sat idle and why.
  std::vector<std::vector<std::string>> more(t.rows.size());
  // A row's dense stretches of one task told as one: the yields between their chunks, over
  // the span from the first to the last (the chart labels each stretch).
  std::map<std::pair<std::size_t, long long>, dense_stretch> dense;
  for (const auto& d : dense_stretches(t, t.end_s / 1000)) {
    if (d.copy) continue;
    auto [at, first] = dense.try_emplace({d.row, d.task}, d);
    if (first) continue;
    at->second.end_s = d.end_s;
    at->second.chunks += d.chunks;
  }
  for (const auto& [key, d] : dense)
    more[d.row].push_back(fmt::count(static_cast<double>(d.yields())) + " yields in " + time_span(d.start_s, d.end_s) +
                          ", " + fmt::count(std::round(d.per_second())) + " per second");
  for (const auto& text : idle_in_words(t)) more[text.first].push_back(text.second);
  std::vector<std::string> items;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::string text = rows[i].text();
    if (!more[i].empty()) text += "; " + join(more[i], "; ");
    items.push_back("`" + t.rows[i] + "`: " + text);
  }
  return items;
}

std::vector<block> inside_the_run(const std::vector<record>& records, const std::vector<std::string>& result_dirs) {
  const auto runs = traced_runs(records);
  if (runs.empty()) return {};
  std::vector<block> out{heading(2, "Inside the run"), paragraph(intro)};
  // Per experiment (runs are grouped by it): read every timeline first, so that all of them
  // are drawn on the longest one's time scale and compare at a glance.
  for (std::size_t from = 0; from < runs.size();) {
    std::size_t to = from;
    while (to < runs.size() && runs[to].experiment == runs[from].experiment) ++to;
    std::vector<read_run> group;
    double x_end = 0;
    for (std::size_t i = from; i < to; ++i) {
      group.push_back(read_one(runs[i], runs, result_dirs));
      if (group.back().problem.empty()) x_end = std::max(x_end, group.back().t.end_s);
    }
    out.push_back(heading(3, runs[from].experiment + ": " + runs[from].r->scenario));
    if (to - from > 1) out.push_back(paragraph("Drawn on one time scale, 0 to the longest run's end."));
    for (const auto& x : group)
      if (!x.problem.empty()) out.push_back(paragraph(x.problem));
      else add_run(out, *x.run->r, x.title, x.path, x.t, x_end);
    from = to;
  }
  return out;
}

void add_inside_the_run(document& doc, const std::vector<record>& records,
                        const std::vector<std::string>& result_files) {
  std::vector<std::string> dirs;
  for (const auto& f : result_files) dirs.push_back(fs::path(f).parent_path().string());
  auto blocks = inside_the_run(records, dirs);
  if (blocks.empty()) return;
  auto at = std::find_if(doc.begin(), doc.end(), [](const block& b) {
    return b.what == block::kind::heading && b.level == 2 && b.text.rfind("Machine", 0) == 0;
  });
  doc.insert(at, blocks.begin(), blocks.end());
}

}  // namespace lab::report
