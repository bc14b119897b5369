#include "report/gnuplot.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>
#include <sstream>

#include <boost/asio/io_context.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/readable_pipe.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/writable_pipe.hpp>
#include <boost/asio/write.hpp>
#include <boost/process/v2.hpp>

namespace lab::report {

namespace asio = boost::asio;
namespace bp2 = boost::process::v2;

namespace {

// serial grey, then one colour per variant (the "tab10" palette, colour-blind tolerable).
const char* const palette[] = {"#7f7f7f", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728",
                               "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"};

std::string colour(int i) { return palette[static_cast<std::size_t>(i) % std::size(palette)]; }

// gnuplot's hypertext calls a script the inlined SVG does not have; a native <title> is the
// same tooltip without it.
void native_tooltips(std::string& svg) {
  const std::string open = "onmousemove=\"gnuplot_svg.showHypertext(evt,'";
  const std::string close = "')\" onmouseout=\"gnuplot_svg.hideHypertext()\"><title> </title>";
  for (auto at = svg.find(open); at != std::string::npos; at = svg.find(open, at)) {
    const auto end = svg.find(close, at + open.size());
    if (end == std::string::npos) break;
    const std::string text = svg.substr(at + open.size(), end - at - open.size());
    const std::string with = "><title>" + text + "</title>";
    svg.replace(at - 1, end + close.size() - at + 1, with);
    at += with.size() - 1;
  }
}

// A gnuplot single-quoted string: no escapes except '' for a quote.
std::string quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "''";
    else if (c == '\n') out += ' ';
    else out += c;
  }
  return out + "'";
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.9g", v);
  return buf;
}

bool powers_of_two(const chart& c) {
  for (const auto& s : c.series)
    for (double x : s.x) {
      if (x <= 0) return false;
      const double l = std::log2(x);
      if (std::fabs(l - std::round(l)) > 1e-9) return false;
    }
  return true;
}

}  // namespace

std::string find_gnuplot(const std::string& hint) {
  if (!hint.empty()) {
    std::error_code ec;
    return std::filesystem::is_regular_file(hint, ec) ? hint : "";
  }
  return bp2::environment::find_executable("gnuplot").string();
}

std::string palette_colour(int i) { return colour(i); }

std::string gnuplot_script(const chart& c) {
  if (!c.script.empty()) return c.script;
  std::ostringstream g;
  const bool bars = !c.categories.empty();
  g << "set terminal svg size " << c.width << "," << c.height << " noenhanced font 'Helvetica,11' background '#ffffff'\n"
    << "set encoding utf8\n"
    << "set title " << quoted(c.title) << "\n"
    << "set xlabel " << quoted(c.x_label) << "\n"
    << "set ylabel " << quoted(c.y_label) << "\n"
    << "set grid lc rgb '#dddddd' lt 1\n"
    << "set border 3 lc rgb '#555555'\nset tics nomirror\n"
    << "set key below maxrows 4\n";
  if (c.log_x) {
    g << "set logscale x " << (powers_of_two(c) ? 2 : 10) << "\n";
    double most = 0;
    for (const auto& s : c.series)
      for (double x : s.x) most = std::max(most, x);
    if (most >= 1e4) g << "set format x '%.0s%c'\n";  // 10k, 1M rather than 1e+06
  }
  if (c.log_y) {
    g << "set logscale y 10\nset format y '%g'\n";
    // Bars on a log axis start at its bottom: a decade below the smallest keeps that one visible.
    double least = 0;
    for (const auto& s : c.series)
      for (double y : s.y)
        if (y > 0) least = least == 0 ? y : std::min(least, y);
    if (bars && least > 0) g << "set yrange [" << num(std::pow(10.0, std::floor(std::log10(least)) - 1)) << ":*]\n";
  } else {
    g << "set yrange [0:*]\n";
  }
  if (bars) {
    g << "set boxwidth 0.6\nset style fill solid 0.85 border -1\nunset key\n"
      << "set xrange [-0.6:" << num(static_cast<double>(c.categories.size()) - 0.4) << "]\n"
      << "set xtics rotate by -25 left (";
    for (std::size_t i = 0; i < c.categories.size(); ++i)
      g << (i ? ", " : "") << quoted(c.categories[i]) << " " << i;
    g << ")\n";
  }
  if (!c.x_tics.empty()) {
    g << "set xrange [-0.6:" << num(static_cast<double>(c.x_tics.size()) - 0.4) << "]\nset xtics (";
    for (std::size_t i = 0; i < c.x_tics.size(); ++i)
      g << (i ? ", " : "") << quoted(c.x_tics[i].first) << " " << num(c.x_tics[i].second);
    g << ")\nset grid noxtics\n";
  }
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& s = c.series[i];
    g << "$s" << i << " << EOD\n";
    const bool spread = s.lo.size() == s.x.size() && s.hi.size() == s.x.size() && !s.x.empty();
    for (std::size_t k = 0; k < s.x.size(); ++k) {
      g << num(s.x[k]) << " " << num(s.y[k]);
      if (spread) g << " " << num(s.lo[k]) << " " << num(s.hi[k]);
      g << "\n";
    }
    g << "EOD\n";
  }
  std::vector<std::string> plots;
  for (std::size_t i = 0; i < c.series.size(); ++i) {
    const auto& s = c.series[i];
    const std::string data = "$s" + std::to_string(i);
    const std::string lc = " lc rgb '" + colour(s.color) + "'";
    const bool spread = s.lo.size() == s.x.size() && s.hi.size() == s.x.size() && !s.x.empty();
    if (bars) {
      plots.push_back(data + " using 1:2 with boxes" + lc + " notitle");
      // The spread as a plain vertical line: yerrorbars would draw a white point over the bar.
      if (spread) plots.push_back(data + " using 1:3:(0):($4-$3) with vectors nohead lc rgb '#333333' lw 1.5 notitle");
      continue;
    }
    std::string style;
    if (s.error_bars && spread) {
      plots.push_back(data + " using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5" + lc + " title " + quoted(s.title));
      continue;
    }
    if (s.points_only) style = " with points pt 7 ps 0.8";
    else if (spread) style = " using 1:2:3:4 with yerrorlines lw 2 pt 7 ps 0.5";
    else style = " using 1:2 with linespoints lw 2 pt 7 ps 0.5";
    if (s.points_only) style = " using 1:2" + style;
    plots.push_back(data + style + lc + " dt " + std::to_string(s.dash) + " title " + quoted(s.title));
  }
  for (std::size_t i = 0; i < c.reference_lines.size(); ++i)
    plots.push_back(num(c.reference_lines[i].second) + " with lines lw 1.5 dt 3 lc rgb '" +
                    colour(static_cast<int>(i) + 4) + "' title " + quoted(c.reference_lines[i].first));
  if (plots.empty()) plots.push_back("NaN notitle");
  g << "plot ";
  for (std::size_t i = 0; i < plots.size(); ++i) g << (i ? ", \\\n     " : "") << plots[i];
  g << "\n";
  return g.str();
}

svg_result render_svg(const chart& c, const std::string& gnuplot, const std::string& id_prefix) {
  svg_result out;
  const std::string script = gnuplot_script(c);
  std::string svg, err;
  try {
    asio::io_context io;
    asio::writable_pipe in(io);
    asio::readable_pipe stdout_pipe(io), stderr_pipe(io);
    bp2::process proc(io, gnuplot, {}, bp2::process_stdio{in, stdout_pipe, stderr_pipe});
    // A chart takes gnuplot milliseconds; a hung one must not hang the report.
    asio::steady_timer limit(io, std::chrono::seconds(30));
    bool timed_out = false;
    limit.async_wait([&](boost::system::error_code ec) {
      if (ec) return;
      timed_out = true;
      boost::system::error_code ignored;
      proc.terminate(ignored);
    });
    int open_outputs = 2;
    auto on_eof = [&](boost::system::error_code, std::size_t) {
      if (--open_outputs == 0) limit.cancel();
    };
    asio::async_write(in, asio::buffer(script), [&](boost::system::error_code, std::size_t) { in.close(); });
    asio::async_read(stdout_pipe, asio::dynamic_buffer(svg), on_eof);
    asio::async_read(stderr_pipe, asio::dynamic_buffer(err), on_eof);
    io.run();
    const int code = proc.wait();
    if (timed_out) {
      out.error = "gnuplot did not finish within 30 s";
      return out;
    }
    if (code != 0 || svg.find("<svg") == std::string::npos) {
      out.error = "gnuplot failed (exit " + std::to_string(code) + ")" + (err.empty() ? "" : ": " + err);
      return out;
    }
  } catch (const std::exception& e) {
    out.error = std::string("could not run gnuplot: ") + e.what();
    return out;
  }

  // Inline SVG in HTML needs no prolog or namespace declarations, and its ids must be
  // unique across the page.
  svg.erase(0, svg.find("<svg"));
  for (const char* attr : {" xmlns=\"", " xmlns:xlink=\""}) {
    const auto at = svg.find(attr);
    if (at == std::string::npos) continue;
    const auto end = svg.find('"', at + std::strlen(attr));
    if (end != std::string::npos) svg.erase(at, end + 1 - at);
  }
  std::set<std::string> ids;
  for (std::size_t at = svg.find("id="); at != std::string::npos; at = svg.find("id=", at + 3)) {
    const bool attribute = at > 0 && std::isspace(static_cast<unsigned char>(svg[at - 1]));
    const char quote = at + 3 < svg.size() ? svg[at + 3] : '\0';
    if (!attribute || (quote != '\'' && quote != '"')) continue;
    const auto end = svg.find(quote, at + 4);
    if (end != std::string::npos) ids.insert(svg.substr(at + 4, end - at - 4));
  }
  for (const auto& id : ids)
    for (const char* q : {"'", "\""}) {
      const std::string quote = q;
      for (const auto& [from, to] : {std::pair{"id=" + quote + id + quote, "id=" + quote + id_prefix + id + quote},
                                     std::pair{"#" + id + quote, "#" + id_prefix + id + quote},
                                     std::pair{"#" + id + ")", "#" + id_prefix + id + ")"}}) {
        for (std::size_t pos = svg.find(from); pos != std::string::npos; pos = svg.find(from, pos + to.size()))
          svg.replace(pos, from.size(), to);
      }
    }
  native_tooltips(svg);
  out.ok = true;
  out.svg = std::move(svg);
  return out;
}

}  // namespace lab::report
