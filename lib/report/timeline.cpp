#include "report/timeline.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <boost/json/parse.hpp>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/gnuplot.hpp"

namespace lab::report {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

std::string text_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

double number_of(const json::object& o, const char* key, double fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_number() ? v->to_number<double>() : fallback;
}

const json::object* object_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

using row_key = std::pair<long long, long long>;  // pid, tid

timeline_bar::kind kind_of(const std::string& cat) {
  if (cat == "unit") return timeline_bar::kind::life;
  if (cat == "task") return timeline_bar::kind::task;
  if (cat == "compute" || cat == "loop") return timeline_bar::kind::compute;
  return timeline_bar::kind::wait;
}

// A task's colour: the report's palette after its grey (serial's), one per task index.
std::string task_colour(long long task) { return task < 0 ? "#9a9a9a" : palette_colour(1 + static_cast<int>(task % 9)); }
// The CPU strip's colours, apart from the tasks' (viridis: tells CPUs apart in grey too).
const char* const cpu_colours[] = {"#440154", "#35b779", "#31688e", "#fde725", "#90d743", "#443983", "#21918c", "#bddf26"};
std::string cpu_colour(int cpu) { return cpu < 0 ? "#bbbbbb" : cpu_colours[static_cast<std::size_t>(cpu) % std::size(cpu_colours)]; }

// `hex` mixed with white: the lighter shade a task's span is drawn in behind its chunks.
std::string lighter(const std::string& hex, double white) {
  unsigned r = 0, g = 0, b = 0;
  if (std::sscanf(hex.c_str(), "#%02x%02x%02x", &r, &g, &b) != 3) return hex;
  auto mix = [&](unsigned c) { return static_cast<unsigned>(c + (255 - c) * white + 0.5); };
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%02x%02x%02x", mix(r), mix(g), mix(b));
  return buf;
}

long long rgb(const std::string& hex) { return std::stoll(hex.substr(1), nullptr, 16); }

std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

// A bar's tooltip: what it is, its task, and for a chunk the samples and the CPU.
std::string tooltip(const timeline_bar& b, double scale, const char* unit) {
  std::string t = b.merged > 1 ? std::to_string(b.merged) + " x " + b.name : b.name;
  if (b.task >= 0) t += ", task " + std::to_string(b.task);
  if (b.cpu >= 0) t += ", cpu " + std::to_string(b.cpu);
  if (b.cpu_end >= 0 && b.cpu_end != b.cpu) t += " to " + std::to_string(b.cpu_end);
  char span[96];
  std::snprintf(span, sizeof span, ", %.4g-%.4g %s", b.start_s / scale, b.end_s / scale, unit);
  return t + span;
}

}  // namespace

timeline read_timeline(const json::object& trace) {
  const auto* events = trace.if_contains("traceEvents");
  if (!events || !events->is_array()) throw std::runtime_error("no traceEvents array");
  timeline t;
  if (const auto* other = object_of(trace, "otherData")) t.dropped = static_cast<long long>(number_of(*other, "dropped"));

  std::map<long long, std::string> process_names;
  std::vector<long long> process_order;
  std::map<row_key, std::string> thread_names;
  std::map<row_key, double> sort_index;
  auto see_process = [&](long long pid) {
    if (std::find(process_order.begin(), process_order.end(), pid) == process_order.end()) process_order.push_back(pid);
  };
  for (const auto& v : events->get_array()) {
    if (!v.is_object() || text_of(v.get_object(), "ph") != "M") continue;
    const auto& e = v.get_object();
    const auto pid = static_cast<long long>(number_of(e, "pid"));
    const row_key key{pid, static_cast<long long>(number_of(e, "tid"))};
    const auto* args = object_of(e, "args");
    if (!args) continue;
    see_process(pid);
    const std::string name = text_of(e, "name");
    if (name == "process_name") process_names[pid] = text_of(*args, "name");
    if (name == "thread_name") thread_names[key] = text_of(*args, "name");
    if (name == "thread_sort_index") sort_index[key] = number_of(*args, "sort_index");
  }

  struct raw {
    row_key key;
    timeline_bar bar;
  };
  std::vector<raw> raws;
  std::set<row_key> keys;
  for (const auto& v : events->get_array()) {
    if (!v.is_object()) continue;
    const auto& e = v.get_object();
    const std::string ph = text_of(e, "ph");
    if (ph != "X" && ph != "i") continue;
    raw r;
    r.key = {static_cast<long long>(number_of(e, "pid")), static_cast<long long>(number_of(e, "tid"))};
    see_process(r.key.first);
    const std::string cat = text_of(e, "cat");
    r.bar.what = ph == "i" ? timeline_bar::kind::instant : kind_of(cat);
    r.bar.name = text_of(e, "name");
    r.bar.start_s = number_of(e, "ts") / 1e6;
    r.bar.end_s = r.bar.start_s + number_of(e, "dur") / 1e6;
    if (const auto* args = object_of(e, "args")) {
      r.bar.task = static_cast<long long>(number_of(*args, "task", -1));
      r.bar.cpu = static_cast<int>(number_of(*args, "cpu", -1));
      r.bar.cpu_end = static_cast<int>(number_of(*args, "cpu_end", r.bar.cpu));
    }
    r.bar.busy_s = r.bar.end_s - r.bar.start_s;
    if (cat == "compute") ++t.chunks;
    t.end_s = std::max(t.end_s, r.bar.end_s);
    keys.insert(r.key);
    raws.push_back(std::move(r));
  }

  // Rows: processes in the order the trace names them (the model's own first), then each
  // process's threads by their sort index (real threads, then coroutines), then tid.
  std::vector<row_key> order(keys.begin(), keys.end());
  auto process_rank = [&](long long pid) {
    return std::find(process_order.begin(), process_order.end(), pid) - process_order.begin();
  };
  std::sort(order.begin(), order.end(), [&](const row_key& a, const row_key& b) {
    return std::make_tuple(process_rank(a.first), sort_index[a], a.second) <
           std::make_tuple(process_rank(b.first), sort_index[b], b.second);
  });
  const bool several = process_order.size() > 1;
  std::map<row_key, std::size_t> index;
  for (const auto& k : order) {
    index[k] = t.rows.size();
    std::string name = thread_names.count(k) ? thread_names[k] : "thread " + std::to_string(k.second);
    if (several) name += " (pid " + std::to_string(k.first) + ")";
    t.rows.push_back(std::move(name));
  }
  for (auto& r : raws) {
    r.bar.row = index[r.key];
    t.bars.push_back(std::move(r.bar));
  }
  return t;
}

timeline coalesced(const timeline& t, double pixel_s) {
  timeline out = t;
  out.bars.clear();
  std::vector<timeline_bar> bars = t.bars;
  std::stable_sort(bars.begin(), bars.end(), [](const timeline_bar& a, const timeline_bar& b) {
    return std::tie(a.row, a.what, a.start_s) < std::tie(b.row, b.what, b.start_s);
  });
  for (const auto& b : bars) {
    if (!out.bars.empty()) {
      auto& last = out.bars.back();
      const bool small = b.end_s - b.start_s < pixel_s && last.end_s - last.start_s < 4 * pixel_s;
      if (small && last.row == b.row && last.what == b.what && last.task == b.task && last.cpu == b.cpu &&
          last.name == b.name && b.start_s - last.end_s < pixel_s) {
        last.end_s = std::max(last.end_s, b.end_s);
        last.merged += b.merged;
        last.busy_s += b.busy_s;
        continue;
      }
    }
    out.bars.push_back(b);
  }
  return out;
}

std::vector<std::string> describe(const timeline& t) {
  struct row_figures {
    double compute_s = 0, wait_s = 0;
    std::size_t chunks = 0;
    std::set<long long> tasks;
    std::set<int> cpus;
    std::map<std::string, double> waits;
  };
  std::vector<row_figures> rows(t.rows.size());
  for (const auto& b : t.bars) {
    auto& r = rows[b.row];
    if (b.task >= 0 && b.what != timeline_bar::kind::instant) r.tasks.insert(b.task);
    if (b.what == timeline_bar::kind::compute) {
      r.compute_s += b.end_s - b.start_s;
      r.chunks += b.merged;
      if (b.cpu >= 0) r.cpus.insert(b.cpu);
      if (b.cpu_end >= 0) r.cpus.insert(b.cpu_end);
    } else if (b.what == timeline_bar::kind::wait) {
      r.wait_s += b.end_s - b.start_s;
      r.waits[b.name] += b.end_s - b.start_s;
    }
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& r = rows[i];
    std::vector<std::string> parts;
    if (!r.tasks.empty()) {
      std::vector<std::string> ts;
      for (auto task : r.tasks) ts.push_back(std::to_string(task));
      parts.push_back((r.tasks.size() == 1 ? "task " : "tasks ") + join(ts, ", "));
    }
    if (r.chunks) {
      std::vector<std::string> cs;
      for (int c : r.cpus) cs.push_back(std::to_string(c));
      parts.push_back("computing " + fmt::seconds(r.compute_s) + " in " + std::to_string(r.chunks) +
                      (r.chunks == 1 ? " chunk" : " chunks") +
                      (cs.empty() ? "" : " on CPU " + join(cs, " and ")));
    }
    for (const auto& [name, s] : r.waits) parts.push_back(name + " " + fmt::seconds(s));
    if (parts.empty()) parts.push_back("alive, idle");
    items.push_back("`" + t.rows[i] + "`: " + join(parts, "; "));
  }
  return items;
}

std::string timeline_script(const timeline& raw, const std::string& title) {
  const double end = raw.end_s > 0 ? raw.end_s : 1e-3;
  const timeline t = coalesced(raw, end / 1000);
  const bool seconds = end >= 1;
  const double scale = seconds ? 1 : 1e-3;
  const char* unit = seconds ? "s" : "ms";
  const std::size_t n = std::max<std::size_t>(1, t.rows.size());
  std::ostringstream g;
  g << "set terminal svg size 1000," << 130 + 60 * n << " noenhanced font 'Helvetica,12' background '#ffffff'\n"
    << "set encoding utf8\nset title " << quoted(title) << "\n"
    << "set xlabel " << quoted(std::string("time since the run started (") + unit + ")") << "\n"
    << "set xrange [0:" << num(end / scale) << "]\nset yrange [" << num(n - 0.5) << ":-0.5]\n"
    << "set border 3 lc rgb '#555555'\nset tics nomirror\nset grid x lc rgb '#eeeeee' lt 1\n"
    << "set key below horizontal maxrows 2\nset lmargin 22\nset ytics (";
  for (std::size_t i = 0; i < t.rows.size(); ++i) g << (i ? ", " : "") << quoted(t.rows[i]) << " " << i;
  g << ")\n";

  // Per layer: centre x, centre y, half width, half height, colour; tooltips where it helps.
  struct layer {
    std::string name, style;
    std::ostringstream data;
    bool any = false;
    bool tips = false;
  };
  layer life{"life", "fs solid 1 noborder", {}, false, false}, task{"task", "fs solid 1 noborder", {}, false, false},
      compute{"compute", "fs solid 1 noborder", {}, false, true},
      wait{"wait", "fs transparent pattern 4 noborder", {}, false, true},
      wait_line{"wait_line", "fs solid 1 noborder", {}, false, true}, cpu{"cpu", "fs solid 1 noborder", {}, false, false};
  std::ostringstream instants;
  bool any_instant = false;
  std::set<long long> tasks;
  std::set<int> cpus;
  auto box = [&](layer& l, const timeline_bar& b, double y, double half_h, const std::string& colour) {
    const double x0 = b.start_s / scale, x1 = std::max(b.end_s / scale, x0 + end / scale / 2000);
    l.data << num((x0 + x1) / 2) << " " << num(y) << " " << num((x1 - x0) / 2) << " " << num(half_h) << " "
           << rgb(colour);
    if (l.tips) l.data << " \"" << tooltip(b, scale, unit) << "\"";
    l.data << "\n";
    l.any = true;
  };
  for (const auto& b : t.bars) {
    const double y = static_cast<double>(b.row);
    switch (b.what) {
      case timeline_bar::kind::life: box(life, b, y, 0.4, "#ececec"); break;
      case timeline_bar::kind::task:
        box(task, b, y, 0.3, lighter(task_colour(b.task), 0.7));
        tasks.insert(b.task);
        break;
      case timeline_bar::kind::compute:
        box(compute, b, y - 0.04, 0.2, task_colour(b.task));
        box(cpu, b, y + 0.3, 0.06, cpu_colour(b.cpu));
        if (b.task >= 0) tasks.insert(b.task);
        if (b.cpu >= 0) cpus.insert(b.cpu);
        break;
      case timeline_bar::kind::wait:
        // Waits too short to see, merged with the gaps between them (a coroutine's yields
        // between its chunks), are a thin line: a full bar would claim it waited throughout.
        if (b.busy_s < 0.5 * (b.end_s - b.start_s)) box(wait_line, b, y + 0.19, 0.025, task_colour(b.task));
        else box(wait, b, y - 0.04, 0.2, task_colour(b.task));
        if (b.task >= 0) tasks.insert(b.task);
        break;
      case timeline_bar::kind::instant:
        instants << num(b.start_s / scale) << " " << num(y - 0.3) << " \"" << tooltip(b, scale, unit) << "\"\n";
        any_instant = true;
        break;
    }
  }
  std::vector<std::string> plots;
  for (layer* l : {&life, &task, &compute, &wait, &wait_line, &cpu}) {
    if (!l->any) continue;
    g << "$" << l->name << " << EOD\n" << l->data.str() << "EOD\n";
    plots.push_back("$" + l->name + " using 1:2:3:4:5 with boxxyerror " + l->style + " lc rgb variable notitle");
    // A transparent point at each bar's centre carries its tooltip (an SVG <title>).
    if (l->tips) plots.push_back("$" + l->name + " using 1:2:6 with labels hypertext point pt 5 ps 0.6 lc rgb '#ff000000' notitle");
  }
  if (any_instant) {
    g << "$instants << EOD\n" << instants.str() << "EOD\n";
    plots.push_back("$instants using 1:2 with points pt 11 ps 0.7 lc rgb '#333333' title 'sent / answered'");
    plots.push_back("$instants using 1:2:3 with labels hypertext point pt 11 ps 0.7 lc rgb '#ff000000' notitle");
  }
  for (long long k : tasks)
    plots.push_back("keyentry with boxes fs solid 1 lc rgb '" + task_colour(k) + "' title 'task " + std::to_string(k) + "'");
  plots.push_back("keyentry with boxes fs transparent pattern 4 lc rgb '#555555' title 'waiting (hatched)'");
  if (wait_line.any) plots.push_back("keyentry with lines lw 2 lc rgb '#555555' title 'brief waits (a line)'");
  for (int c : cpus)
    plots.push_back("keyentry with boxes fs solid 1 lc rgb '" + cpu_colour(c) + "' title 'strip: cpu " + std::to_string(c) + "'");
  g << "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) g << (i ? ", \\\n     " : "") << plots[i];
  g << "\n";
  return g.str();
}

namespace {

std::string find_trace(const std::string& file, const std::vector<std::string>& dirs) {
  std::error_code ec;
  if (fs::is_regular_file(file, ec)) return file;
  const fs::path p(file);
  for (const auto& d : dirs)
    for (const fs::path& candidate : {fs::path(d) / p.parent_path().filename() / p.filename(), fs::path(d) / p.filename()})
      if (fs::is_regular_file(candidate, ec)) return candidate.string();
  return "";
}

json::object read_trace_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  boost::system::error_code ec;
  json::value v = json::parse(s.str(), ec);
  if (ec) throw std::runtime_error("not JSON (" + ec.message() + ")");
  if (!v.is_object()) throw std::runtime_error("not a JSON object");
  return std::move(v.get_object());
}


}  // namespace

std::vector<block> inside_the_run(const std::vector<record>& records, const std::vector<std::string>& result_dirs) {
  struct traced {
    const record* r;
    std::string experiment;
  };
  std::vector<traced> runs;
  std::vector<std::string> experiments;
  for (const auto& r : records) {
    const auto* t = object_of(r.extra, "trace");
    if (!r.ok || !t || text_of(*t, "file").empty()) continue;
    std::string e = text_of(r.extra, "experiment");
    if (e.empty()) e = r.scenario;
    if (std::find(experiments.begin(), experiments.end(), e) == experiments.end()) experiments.push_back(e);
    runs.push_back({&r, e});
  }
  if (runs.empty()) return {};
  std::stable_sort(runs.begin(), runs.end(), [&](const traced& a, const traced& b) {
    const auto ea = std::find(experiments.begin(), experiments.end(), a.experiment);
    const auto eb = std::find(experiments.begin(), experiments.end(), b.experiment);
    return std::make_tuple(ea, model_rank(a.r->model)) < std::make_tuple(eb, model_rank(b.r->model));
  });

  std::vector<block> out;
  out.push_back(heading(2, "Inside the run"));
  out.push_back(paragraph(
      "Timelines of the traced runs (the first recorded run of each point of an experiment with `trace = true`, "
      "or `lab run --trace DIR`): a row per unit (thread, process, coroutine, and the loop thread that runs the "
      "coroutines), time across. A unit's light grey band is its life, the pale band a task's span; solid bars "
      "are computing (one chunk between two yields), hatched bars waiting (a request, a sleep or timer, a "
      "coroutine ready but waiting for the loop); the strip under a row gives each chunk's CPU "
      "(`sched_getcpu`), and hovering a bar shows its task, CPU and times. Each trace file opens as it is in "
      "Perfetto (ui.perfetto.dev) or `chrome://tracing`."));
  std::string current;
  for (const auto& run : runs) {
    const record& r = *run.r;
    if (run.experiment != current) {
      current = run.experiment;
      out.push_back(heading(3, current + ": " + r.scenario));
    }
    // What sets this run apart among the experiment's traced runs: the model, and any
    // parameter another of them has with a different value (a swept one).
    std::vector<std::string> label{r.model};
    for (const auto& kv : r.params) {
      bool differs = false;
      for (const auto& other : runs)
        if (other.experiment == run.experiment) {
          const auto* v = other.r->params.if_contains(kv.key());
          differs = differs || (v && *v != kv.value());
        }
      if (differs) label.push_back(std::string(kv.key()) + "=" + fmt::param(kv.value()));
    }
    const std::string title = run.experiment + ": " + join(label, " ");
    const std::string file = text_of(*object_of(r.extra, "trace"), "file");
    const std::string path = find_trace(file, result_dirs);
    if (path.empty()) {
      out.push_back(paragraph("**" + title + "**: trace file `" + file + "` not found."));
      continue;
    }
    try {
      const timeline t = read_timeline(read_trace_file(path));
      block b;
      b.what = block::kind::chart;
      b.chart.title = title;
      b.chart.script = timeline_script(t, title);
      b.chart.wide = true;
      b.chart.caption = "Wall " + fmt::seconds(r.wall_s) + "; " + std::to_string(t.chunks) +
                        (t.chunks == 1 ? " chunk" : " chunks") + " traced; trace `" + path + "`" +
                        (t.dropped > 0 ? "; **the event cap was hit: " + std::to_string(t.dropped) +
                                             " events are missing from this picture**"
                                       : "") +
                        ".";
      out.push_back(paragraph("**" + title + "** (wall " + fmt::seconds(r.wall_s) + "):"));
      out.push_back(bullets(describe(t)));
      out.push_back(std::move(b));
    } catch (const std::exception& e) {
      out.push_back(paragraph("**" + title + "**: trace file `" + path + "` unreadable: " + e.what() + "."));
    }
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
