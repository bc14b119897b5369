#pragma once
// What draws a chart: a gnuplot script in, an SVG document out. The report starts no
// process itself, so labreport links neither Asio nor Boost.Process: the renderer that runs
// gnuplot lives in labcore (render/gnuplot_process.hpp) and `lab report` hands it in.
#include <string>

namespace lab::report {

struct svg_result {
  bool ok = false;
  std::string svg;    // the SVG (as drawn, or inlined: report/gnuplot.hpp's render_svg)
  std::string error;  // why not, when !ok
};

class svg_renderer {
 public:
  virtual ~svg_renderer() = default;
  // What draws the charts ("/usr/bin/gnuplot"); "" when nothing can (gnuplot not found).
  virtual std::string name() const = 0;
  // The SVG for the script. Never throws; a failure is returned.
  virtual svg_result draw(const std::string& script) const = 0;
};

}  // namespace lab::report
