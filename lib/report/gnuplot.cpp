#include "report/gnuplot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace lab::report {

namespace {

// serial grey, then one colour per variant (the "tab10" palette, colour-blind tolerable).
const char* const palette[] = {"#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                               "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"};

std::string colour(int i) { return palette[static_cast<std::size_t>(i) % std::size(palette)]; }

bool powers_of_two(const chart& c) {
  for (const auto& s : c.series)
    for (double x : s.x) {
      if (x <= 0) return false;
      const double l = std::log2(x);
      if (std::fabs(l - std::round(l)) > 1e-9) return false;
    }
  return true;
}

bool has_spread(const chart_series& s) { return s.lo.size() == s.x.size() && s.hi.size() == s.x.size() && !s.x.empty(); }

// Terminal, title, labels, grid and key: what every chart has.
void write_frame(std::ostream& g, const chart& c) {
  g << "set terminal svg size " << c.width << "," << c.height << " noenhanced font 'Helvetica,11' background '#ffffff'\n"
    << "set encoding utf8\n"
    << "set title " << gnuplot_quoted(c.title) << "\n"
    << "set xlabel " << gnuplot_quoted(c.x_label) << "\n"
    << "set ylabel " << gnuplot_quoted(c.y_label) << "\n"
    << "set grid lc rgb '#dddddd' lt 1\n"
    << "set border 3 lc rgb '#555555'\nset tics nomirror\n"
    << "set key below maxrows 4\n";
}

void write_log_x(std::ostream& g, const chart& c) {
  g << "set logscale x " << (powers_of_two(c) ? 2 : 10) << "\n";
  double most = 0;
  for (const auto& s : c.series)
    for (double x : s.x) most = std::max(most, x);
  if (most >= 1e4) g << "set format x '%.0s%c'\n";  // 10k, 1M rather than 1e+06
}

void write_y_axis(std::ostream& g, const chart& c, bool bars) {
  if (!c.log_y) {
    g << "set yrange [0:*]\n";
    return;
  }
  g << "set logscale y 10\nset format y '%g'\n";
  // Bars on a log axis start at its bottom: a decade below the smallest keeps that one visible.
  double least = 0;
  for (const auto& s : c.series)
    for (double y : s.y)
      if (y > 0) least = least == 0 ? y : std::min(least, y);
  if (bars && least > 0)
    g << "set yrange [" << gnuplot_number(std::pow(10.0, std::floor(std::log10(least)) - 1)) << ":*]\n";
}

// Labelled positions along x: a bar chart's categories, or a numeric axis's named tics.
void write_x_tics(std::ostream& g, const chart& c) {
  if (!c.categories.empty()) {
    g << "set boxwidth 0.6\nset style fill solid 0.85 border -1\n" << (c.stacked ? "set key outside right top vertical\n" : "unset key\n")
      << "set xrange [-0.6:" << gnuplot_number(static_cast<double>(c.categories.size()) - 0.4) << "]\n"
      << "set xtics rotate by -25 left (";
    for (std::size_t i = 0; i < c.categories.size(); ++i)
      g << (i ? ", " : "") << gnuplot_quoted(c.categories[i]) << " " << i;
    g << ")\n";
  }
  if (!c.x_tics.empty()) {
    g << "set xrange [-0.6:" << gnuplot_number(static_cast<double>(c.x_tics.size()) - 0.4) << "]\nset xtics (";
    for (std::size_t i = 0; i < c.x_tics.size(); ++i)
      g << (i ? ", " : "") << gnuplot_quoted(c.x_tics[i].first) << " " << gnuplot_number(c.x_tics[i].second);
    g << ")\nset grid noxtics\n";
  }
}

// Each series as an inline data block $s<i>: x y [lo hi]. Stacked: y is the top of its layer,
// the sum of the series up to it at the same position.
void write_data(std::ostream& g, const chart& c) {
  std::vector<double> base;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& s = c.series[i];
    g << "$s" << i << " << EOD\n";
    const bool spread = has_spread(s);
    base.resize(std::max(base.size(), s.y.size()), 0.0);
    for (std::size_t k = 0; k < s.x.size(); ++k) {
      double y = s.y[k];
      if (c.stacked) y = base[k] += y;
      g << gnuplot_number(s.x[k]) << " " << gnuplot_number(y);
      if (spread) g << " " << gnuplot_number(s.lo[k]) << " " << gnuplot_number(s.hi[k]);
      g << "\n";
    }
    g << "EOD\n";
  }
}

// The plot clauses that draw series i: a bar (and its spread), error bars, or a line.
void add_series_plots(std::vector<std::string>& plots, const chart_series& s, std::size_t i, bool bars) {
  const std::string data = "$s" + std::to_string(i);
  const std::string lc = " lc rgb '" + colour(s.color) + "'";
  const bool spread = has_spread(s);
  if (bars) {
    plots.push_back(data + " using 1:2 with boxes" + lc + " notitle");
    // The spread as a plain vertical line: yerrorbars would draw a white point over the bar.
    if (spread) plots.push_back(data + " using 1:3:(0):($4-$3) with vectors nohead lc rgb '#333333' lw 1.5 notitle");
    return;
  }
  if (s.error_bars && spread) {
    plots.push_back(data + " using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5" + lc + " title " + gnuplot_quoted(s.title));
    return;
  }
  std::string style;
  if (s.points_only) style = " using 1:2 with points pt 7 ps 0.8";
  else if (spread) style = " using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.5";
  else style = " using 1:2 with linespoints lw 2 pt 7 ps 0.5";
  plots.push_back(data + style + lc + " dt " + std::to_string(s.dash) + " title " + gnuplot_quoted(s.title));
}

std::vector<std::string> plots_of(const chart& c, bool bars) {
  std::vector<std::string> plots;
  if (bars && c.stacked) {
    // The tallest layer first, each next one drawn over the lower part of it.
    for (std::size_t i = c.series.size(); i-- > 0;)
      plots.push_back("$s" + std::to_string(i) + " using 1:2 with boxes lc rgb '" + colour(c.series[i].color) +
                      "' title " + gnuplot_quoted(c.series[i].title));
    return plots;
  }
  for (std::size_t i = 0; i < c.series.size(); ++i) add_series_plots(plots, c.series[i], i, bars);
  for (std::size_t i = 0; i < c.reference_lines.size(); ++i)
    plots.push_back(gnuplot_number(c.reference_lines[i].second) + " with lines lw 1.5 dt 3 lc rgb '" +
                    colour(static_cast<int>(i) + 4) + "' title " + gnuplot_quoted(c.reference_lines[i].first));
  if (plots.empty()) plots.push_back("NaN notitle");
  return plots;
}

}  // namespace

std::string palette_colour(int i) { return colour(i); }

std::string gnuplot_quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out + "'";
}

std::string gnuplot_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

void write_plot(std::ostream& g, const std::vector<std::string>& plots) {
  g << "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) g << (i ? ", \\\n     " : "") << plots[i];
  g << "\n";
}

std::string gnuplot_script(const chart& c) {
  if (!c.script.empty()) return c.script;
  std::ostringstream g;
  const bool bars = !c.categories.empty();
  write_frame(g, c);
  if (c.log_x) write_log_x(g, c);
  write_y_axis(g, c, bars);
  write_x_tics(g, c);
  write_data(g, c);
  write_plot(g, plots_of(c, bars));
  return g.str();
}

svg_result render_svg(const chart& c, const svg_renderer& renderer, const std::string& id_prefix) {
  svg_result out = renderer.draw(gnuplot_script(c));
  if (out.ok) out.svg = inline_svg(std::move(out.svg), id_prefix);
  return out;
}

}  // namespace lab::report
