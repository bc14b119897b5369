#pragma once
// Charts as gnuplot scripts (terminal svg), and their SVG made fit to inline in a page. The
// script is drawn by an svg_renderer (report/svg_renderer.hpp): this file runs nothing.
#include <ostream>
#include <string>
#include <vector>

#include "report/document.hpp"
#include "report/svg_renderer.hpp"

namespace lab::report {

// Colour i of the report's palette (serial's grey first), "#rrggbb".
std::string palette_colour(int i);

// A gnuplot single-quoted string: no escapes except '' for a quote; a newline becomes a space.
std::string gnuplot_quoted(const std::string& s);
// A number as gnuplot reads it back exactly enough (%.9g).
std::string gnuplot_number(double v);

// The `plot` command drawing the clauses, one per line.
void write_plot(std::ostream& g, const std::vector<std::string>& plots);

// The gnuplot script that draws the chart as SVG on stdout.
std::string gnuplot_script(const chart& c);

// gnuplot's SVG made an element of a page: no prolog or namespace declarations, ids prefixed
// with `id_prefix` (unique among the page's charts), hypertext as native <title> tooltips.
std::string inline_svg(std::string svg, const std::string& id_prefix);

// Draws the chart with `renderer` and inlines the result. Never throws; a failure is returned.
svg_result render_svg(const chart& c, const svg_renderer& renderer, const std::string& id_prefix);

}  // namespace lab::report
