#pragma once
// The report as a format-neutral document: headings, paragraphs, bullet lists, tables and
// chart specifications. The Markdown and HTML writers only draw these blocks, so both say
// the same thing. Text may hold two inline marks, **bold** and `code`; writers render them.
#include <string>
#include <utility>
#include <vector>

#include "report/analysis.hpp"

namespace lab::report {

struct table {
  std::vector<std::string> header;
  std::vector<bool> numeric;  // per column: right-aligned
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> notes;  // footnotes under the table
  // Set: columns a reader looks up rather than compares. HTML folds the table away under this
  // summary line (one click opens it); Markdown draws it as is.
  std::string folded;
  std::size_t key_columns = 0;  // folded: the leading columns that say where a row stands, repeated
                                // in each part when HTML splits the table to fit the page
};

struct chart_series {
  std::string title;
  std::vector<double> x, y, lo, hi;  // lo/hi: the spread as error bars; empty for none
  int dash = 1;  // gnuplot dash type: 1 solid, 2 dashed, 3 dotted, 4 dash-dotted
  bool points_only = false;
  bool error_bars = false;  // points with lo/hi as error bars, no line between them
  int color = 0;  // index into the palette; the same variant has the same colour on every chart
};

struct chart {
  std::string title;
  std::string x_label, y_label;
  bool log_x = false, log_y = false;
  std::vector<std::string> categories;  // set: x is 0..n-1 with these labels (a bar chart)
  std::vector<std::pair<std::string, double>> x_tics;  // labelled positions on a numeric x axis
  int width = 600, height = 360;         // of the SVG, in pixels
  std::string id;                        // the HTML figure's id, where a reader (or test) needs one
  std::vector<chart_series> series;
  std::vector<std::pair<std::string, double>> reference_lines;  // labelled horizontal lines
  std::string caption;
  std::string script;  // set: drawn by this gnuplot script instead (the timelines, report/timeline.hpp)
  bool wide = false;   // spans the page's width
  // Bars (categories set): each series a layer on top of the ones before it (a time divided
  // into its parts), with a key naming the layers.
  bool stacked = false;
};

struct block {
  // contents: where the HTML report puts its table of contents (after the answer).
  enum class kind { heading, paragraph, bullets, table, chart, contents } what = kind::paragraph;
  int level = 1;                   // heading: 1 = the title
  std::string text;                // heading, paragraph; a heading's anchor id is derived from it
  std::vector<std::string> items;  // bullets
  std::string folded;              // bullets: as table::folded, the list opens under this line
  bool more = false;               // folded bullets a reader looks up rather than reads: not printed
  report::table table;
  report::chart chart;
};

using document = std::vector<block>;

// The whole report: summary, verdict, experiments (tables, charts), machines, method.
document build_document(const analysis& a);

// "Which concurrency do I want?": written from the measured comparisons.
std::vector<block> verdict_section(const analysis& a);

// The charts for one experiment, as far as the records hold the data; bars per variant when
// nothing numeric is swept, log axes for geometric sweeps. Wall-time scenarios: wall time and
// efficiency along the primary swept parameter, speedup with its Amdahl fit, peak and
// per-unit memory, latency percentiles. Scenarios judged on a metric: that metric first
// (spawn: cost per unit; switch: ns per hand-off; yield: I/O latency along yield_every, log x),
// then memory per unit (spawn) or the CPU slowdown (yield).
std::vector<chart> charts_for(const analysed_experiment& e);

// The fairness check (report/check_section.cpp): a warning for the top where it failed, and
// its figures for Method.
std::vector<block> check_warning(const analysis& a);
std::vector<block> check_method(const analysis& a);

// Helpers shared by the builders.
block heading(int level, std::string text);
block paragraph(std::string text);
block bullets(std::vector<std::string> items);
block table_block(table t);
block chart_block(chart c);
// An empty table with a column per swept parameter, then one per variant: a row per point.
table point_by_variant_table(const analysed_experiment& e);

// The experiments the answer is read from, one per compared experiment of a host in
// workload-class order, each at its last point along the primary axis (of its first series).
struct glance_row {
  const analysed_experiment* e = nullptr;
  const point* p = nullptr;
  std::string series;  // the series' label, "" when only one axis is swept
};
std::vector<glance_row> glance_rows(const analysis& a, const std::string& host);

// The answer as one picture: per compared experiment (a workload class), each model's
// median relative to the best at the glance table's point (1 = best, log axis), with the 95%
// interval of its median. Empty (no series) when nothing is compared.
chart summary_chart(const analysis& a, const std::string& host);

// Palette index of a variant: one colour per model on every chart (serial grey, threads,
// procs, async), further variants of a model after those.
int variant_color(const analysed_experiment& e, std::size_t variant);

}  // namespace lab::report
