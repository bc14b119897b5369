// A timeline laid out as gnuplot boxes, a layer per kind of bar, and the script that draws
// them (report/timeline.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>
#include <utility>

#include "report/format.hpp"
#include "report/gnuplot.hpp"
#include "report/timeline.hpp"

namespace lab::report {

namespace {

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

// The time axis: seconds for a run of a second or more, else milliseconds.
struct time_axis {
  double end, scale;
  const char* unit;
  explicit time_axis(double end_s)
      : end(end_s > 0 ? end_s : 1e-3), scale(end >= 1 ? 1 : 1e-3), unit(end >= 1 ? "s" : "ms") {}
};

// A bar's tooltip: what it is, its task, and for a chunk the samples and the CPU.
std::string tooltip(const timeline_bar& b, const time_axis& axis) {
  std::string t = b.merged > 1 ? std::to_string(b.merged) + " x " + b.name : b.name;
  if (b.task >= 0) t += ", task " + std::to_string(b.task);
  if (b.cpu >= 0) t += ", cpu " + std::to_string(b.cpu);
  if (b.cpu_end >= 0 && b.cpu_end != b.cpu) t += " to " + std::to_string(b.cpu_end);
  char span[96];
  std::snprintf(span, sizeof span, ", %.4g-%.4g %s", b.start_s / axis.scale, b.end_s / axis.scale, axis.unit);
  return t + span;
}

// Boxes of one kind, as gnuplot data: centre x, centre y, half width, half height, colour,
// and a tooltip where it helps.
struct layer {
  layer(std::string n, std::string s, bool t = false)
      : name(std::move(n)), style(std::move(s)), tips(t) {}
  std::string name, style;
  bool tips = false;
  std::ostringstream data;
  bool any = false;
};

// The timeline's bars as layers, and the tasks and CPUs the key names.
struct layout {
  layer life{"life", "fs solid 1 noborder"}, task{"task", "fs solid 1 noborder"},
      compute{"compute", "fs solid 1 noborder", true}, wait{"wait", "fs transparent pattern 4 noborder", true},
      wait_line{"wait_line", "fs solid 1 noborder", true}, cpu{"cpu", "fs solid 1 noborder"},
      dense{"dense", "fs solid 1 noborder", true};
  std::ostringstream instants, labels;
  bool any_label = false;
  bool any_instant = false;
  std::set<long long> tasks;
  std::set<int> cpus;

  explicit layout(const time_axis& axis) : axis_(axis) {}

  void box(layer& l, const timeline_bar& b, double y, double half_h, const std::string& colour) {
    const double x0 = b.start_s / axis_.scale, x1 = std::max(b.end_s / axis_.scale, x0 + axis_.end / axis_.scale / 2000);
    l.data << gnuplot_number((x0 + x1) / 2) << " " << gnuplot_number(y) << " " << gnuplot_number((x1 - x0) / 2) << " "
           << gnuplot_number(half_h) << " " << rgb(colour);
    if (l.tips) l.data << " \"" << tooltip(b, axis_) << "\"";
    l.data << "\n";
    l.any = true;
  }

  void add(const timeline_bar& b) {
    const double y = static_cast<double>(b.row);
    if (b.task >= 0 && b.what != timeline_bar::kind::life && b.what != timeline_bar::kind::instant) tasks.insert(b.task);
    switch (b.what) {
      case timeline_bar::kind::life: box(life, b, y, 0.4, "#ececec"); break;
      case timeline_bar::kind::task:
        box(task, b, y, 0.3, lighter(task_colour(b.task), 0.7));
        tasks.insert(b.task);
        break;
      case timeline_bar::kind::compute:
        if (!b.dense) box(compute, b, y - 0.04, 0.2, task_colour(b.task));
        box(cpu, b, y + 0.3, 0.06, cpu_colour(b.cpu));
        if (b.cpu >= 0) cpus.insert(b.cpu);
        break;
      case timeline_bar::kind::wait:
        // Waits too short to see, merged with the gaps between them (a coroutine's yields
        // between its chunks), are a thin line: a full bar would claim it waited throughout.
        if (b.busy_s < 0.5 * (b.end_s - b.start_s)) box(wait_line, b, y + 0.19, 0.025, task_colour(b.task));
        else box(wait, b, y - 0.04, 0.2, task_colour(b.task));
        break;
      case timeline_bar::kind::instant:
        instants << gnuplot_number(b.start_s / axis_.scale) << " " << gnuplot_number(y - 0.3) << " \""
                 << tooltip(b, axis_) << "\"\n";
        any_instant = true;
        break;
    }
  }

  // A dense stretch: one band in a paler shade of its task, its rate written on it where the
  // band is wide enough to hold the words.
  void add(const dense_stretch& d) {
    timeline_bar b;
    b.row = d.row;
    b.task = d.task;
    b.start_s = d.start_s;
    b.end_s = d.end_s;
    b.merged = d.chunks;
    b.name = fmt::count(static_cast<double>(d.yields())) + " yields, " + fmt::count(std::round(d.per_second())) + " per second";
    box(dense, b, static_cast<double>(d.row) - 0.04, 0.2, lighter(task_colour(d.task), 0.45));
    if (!d.copy) label(d.start_s, d.end_s, static_cast<double>(d.row) - 0.04, b.name);
  }

  void add(const idle_stretch& i) {
    const bool off_cpu = i.cpu.find("off the CPU") != std::string::npos;
    const std::string why = off_cpu ? "off the CPU" : i.cause.size() <= 32 ? i.cause : "";
    label(i.start_s, i.end_s, static_cast<double>(i.row) - 0.04,
          "idle " + fmt::seconds(i.end_s - i.start_s) + (why.empty() ? "" : ": " + why));
  }

  // Words centred on a stretch 12% of the axis or wider (about 120 pixels, 18 characters).
  void label(double from_s, double to_s, double y, const std::string& text) {
    if ((to_s - from_s) < 0.12 * axis_.end) return;
    // Double quotes, as the tooltips': in a data block gnuplot reads only those as one string.
    labels << gnuplot_number((from_s + to_s) / 2 / axis_.scale) << " " << gnuplot_number(y) << " \"" << text << "\"\n";
    any_label = true;
  }

 private:
  const time_axis& axis_;
};

void write_header(std::ostream& g, const timeline& t, const std::string& title, const time_axis& axis) {
  const std::size_t n = std::max<std::size_t>(1, t.rows.size());
  g << "set terminal svg size 1000," << 130 + 60 * n << " noenhanced font 'Helvetica,12' background '#ffffff'\n"
    << "set encoding utf8\nset title " << gnuplot_quoted(title) << "\n"
    << "set xlabel " << gnuplot_quoted(std::string("time since the run started (") + axis.unit + ")") << "\n"
    << "set xrange [0:" << gnuplot_number(axis.end / axis.scale) << "]\nset yrange [" << gnuplot_number(n - 0.5)
    << ":-0.5]\n"
    << "set border 3 lc rgb '#555555'\nset tics nomirror\nset grid x lc rgb '#eeeeee' lt 1\n"
    << "set key below horizontal maxrows 2\nset lmargin 22\nset ytics (";
  for (std::size_t i = 0; i < t.rows.size(); ++i) g << (i ? ", " : "") << gnuplot_quoted(t.rows[i]) << " " << i;
  g << ")\n";
}

// Each layer's data block and the plot clauses that draw it.
std::vector<std::string> write_layers(std::ostream& g, layout& l) {
  std::vector<std::string> plots;
  for (layer* x : {&l.life, &l.task, &l.dense, &l.compute, &l.wait, &l.wait_line, &l.cpu}) {
    if (!x->any) continue;
    g << "$" << x->name << " << EOD\n" << x->data.str() << "EOD\n";
    plots.push_back("$" + x->name + " using 1:2:3:4:5 with boxxyerror " + x->style + " lc rgb variable notitle");
    // A transparent point at each bar's centre carries its tooltip (an SVG <title>).
    if (x->tips) plots.push_back("$" + x->name + " using 1:2:6 with labels hypertext point pt 5 ps 0.6 lc rgb '#ff000000' notitle");
  }
  if (l.any_instant) {
    g << "$instants << EOD\n" << l.instants.str() << "EOD\n";
    plots.push_back("$instants using 1:2 with points pt 11 ps 0.7 lc rgb '#333333' title 'sent / answered'");
    plots.push_back("$instants using 1:2:3 with labels hypertext point pt 11 ps 0.7 lc rgb '#ff000000' notitle");
  }
  if (l.any_label) {
    g << "$labels << EOD\n" << l.labels.str() << "EOD\n";
    plots.push_back("$labels using 1:2:3 with labels center font ',10' tc rgb '#222222' notitle");
  }
  return plots;
}

// The key: a colour per task, how waits are drawn, a colour per CPU.
void add_key(std::vector<std::string>& plots, const layout& l) {
  for (long long k : l.tasks)
    plots.push_back("keyentry with boxes fs solid 1 lc rgb '" + task_colour(k) + "' title 'task " + std::to_string(k) + "'");
  plots.push_back("keyentry with boxes fs transparent pattern 4 lc rgb '#555555' title 'waiting (hatched)'");
  if (l.wait_line.any) plots.push_back("keyentry with lines lw 2 lc rgb '#555555' title 'brief waits (a line)'");
  if (l.dense.any) plots.push_back("keyentry with boxes fs solid 1 lc rgb '#c8c8c8' title 'chunks too many to draw (rate on it)'");
  for (int c : l.cpus)
    plots.push_back("keyentry with boxes fs solid 1 lc rgb '" + cpu_colour(c) + "' title 'strip: cpu " + std::to_string(c) + "'");
}

}  // namespace

std::string timeline_script(const timeline& raw, const std::string& title, double x_end_s) {
  const time_axis axis(std::max(raw.end_s, x_end_s));
  const double pixel_s = axis.end / 1000;
  const auto dense = dense_stretches(raw, pixel_s);
  const timeline t = coalesced(marked_dense(raw, dense), pixel_s);
  std::ostringstream g;
  write_header(g, t, title, axis);
  layout l(axis);
  for (const auto& b : t.bars) l.add(b);
  for (const auto& d : dense) l.add(d);
  for (const auto& i : idle_stretches(raw, idle_worth_telling(axis.end))) l.add(i);
  auto plots = write_layers(g, l);
  add_key(plots, l);
  write_plot(g, plots);
  return g.str();
}

}  // namespace lab::report
