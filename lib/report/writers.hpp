#pragma once
// One writer per output format. Each writes to the stream it is given and never prints
// anywhere else. The records-taking overloads analyse the records themselves; the others
// draw an analysis or document built once and shared. `lab report` writes the formats of
// report_writers(): adding a format is its writer's file and one entry there
// (report/report_writers.cpp, docs/architecture.md).
#include <ostream>
#include <string>
#include <vector>

#include "record/record.hpp"
#include "report/analysis.hpp"
#include "report/document.hpp"
#include "report/svg_renderer.hpp"

namespace lab::report {

// report.md: GitHub-flavoured Markdown. Charts are only named (they live in report.html).
void write_markdown(std::ostream& out, const document& doc);
void write_markdown(std::ostream& out, const std::vector<record>& records);

struct html_options {
  // What draws the charts (`lab report` passes render::gnuplot_process); null: none.
  const svg_renderer* renderer = nullptr;
  bool charts = true;  // false: tables only, and the page says charts were not drawn
};

// The renderer the charts are drawn with: null when charts are off or nothing can draw them.
const svg_renderer* chart_renderer(const html_options& options);

// report.html: one self-contained page (inline CSS, inline SVG charts, no external resource).
// Without a renderer (gnuplot) the page says so and still has every table.
void write_html(std::ostream& out, const document& doc, const html_options& options = {});
void write_html(std::ostream& out, const std::vector<record>& records, const html_options& options = {});

// results.csv: one row per record (RFC 4180 quoting): fixed columns, then params.*,
// metrics.* and extra.* (the keys outside the contract, record.hpp's added_keys) columns over
// the union of the keys present.
void write_csv(std::ostream& out, const std::vector<record>& records, const analysis& a);
void write_csv(std::ostream& out, const std::vector<record>& records);

// What every report format is drawn from, built once.
struct report_input {
  const std::vector<record>& records;
  const analysis& analysed;
  const document& doc;
  const html_options& html;
};

// A report format: the file it writes in the report folder and how.
struct report_writer {
  const char* file;  // "report.md"
  void (*write)(std::ostream& out, const report_input& in);
};

// The formats `lab report` writes, in the order it names them.
const std::vector<report_writer>& report_writers();

// RFC 4180: quoted when it holds a comma, quote, CR or LF (or edge spaces); quotes doubled.
std::string csv_field(const std::string& text);

}  // namespace lab::report
