#pragma once
// Charts drawn by gnuplot (terminal svg), run as a child process with Boost.Process v2:
// the script goes to its stdin, the SVG comes back on its stdout.
#include <string>

#include "report/document.hpp"

namespace lab::report {

// The gnuplot executable: `hint` when it names one, else `gnuplot` on PATH; "" when none.
std::string find_gnuplot(const std::string& hint = "");

// Colour i of the report's palette (serial's grey first), "#rrggbb".
std::string palette_colour(int i);

// The gnuplot script that draws the chart as SVG on stdout.
std::string gnuplot_script(const chart& c);

struct svg_result {
  bool ok = false;
  std::string svg;    // the <svg> element, ready to inline in HTML (no XML prolog)
  std::string error;  // why not, when !ok
};

// Runs gnuplot on the chart. `id_prefix` makes the SVG's element ids unique in a page that
// inlines several charts. Never throws; a failure is returned.
svg_result render_svg(const chart& c, const std::string& gnuplot, const std::string& id_prefix);

}  // namespace lab::report
