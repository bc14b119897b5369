#include <algorithm>
#include <cctype>
#include <cstddef>
#include <type_traits>

#include "core/text.hpp"
#include "report/gnuplot.hpp"
#include "report/writers.hpp"

namespace lab::report {

namespace {

const char* const style = R"(
:root { --fg: #1d2330; --muted: #5b6472; --line: #d9dee5; --zebra: #f6f8fa; --accent: #1f77b4; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--fg); background: #fff;
       font: 14px/1.4 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1240px; margin: 0 auto; padding: 24px 32px 64px; }
h1 { font-size: 28px; margin: 8px 0 4px; }
h2 { font-size: 22px; margin: 18px 0 6px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 18px; margin: 16px 0 4px; }
h4 { font-size: 16px; margin: 14px 0 4px; }
p, li { max-width: 140ch; }
p { margin: 6px 0 8px; }
code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace;
       background: var(--zebra); padding: 1px 4px; border-radius: 3px; white-space: nowrap; }
nav { background: var(--zebra); border: 1px solid var(--line); border-radius: 6px; padding: 8px 16px; margin: 16px 0; }
nav ul { margin: 4px 0; padding-left: 20px; }
nav > ul { columns: 3; column-gap: 32px; }
nav > ul > li { break-inside: avoid; }
nav a { color: var(--accent); text-decoration: none; }
.scroll { overflow-x: auto; margin: 8px 0; }
table { border-collapse: collapse; font-size: 13px; line-height: 1.3; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid var(--line); padding: 2px 7px; text-align: left; vertical-align: top; }
/* Cells break between words only: a variant or a key never splits letter by letter. */
td.short { white-space: nowrap; }
details { margin: 4px 0 10px; }
summary { color: var(--muted); font-size: 13px; cursor: pointer; }
th { background: #eef1f5; font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) { background: var(--zebra); }
p.note { color: var(--muted); font-size: 12px; line-height: 1.35; margin: 2px 0 4px; }
p.warning { background: #fff4e5; border-left: 4px solid #ff7f0e; padding: 8px 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: 8px 20px; margin: 8px 0; }
figure { margin: 0; break-inside: avoid; }
.charts figure.wide { grid-column: 1 / -1; }
h1 + p { margin-top: 0; }
/* Paper: landscape, so the widest table fits without clipping; tables may break between rows
   (a whole table kept together left pages mostly empty); folded parts printed open, except the
   looked-up columns, which the printed line points to in results.csv. */
@page { size: A4 landscape; margin: 10mm; }
@media print {
  main { max-width: none; padding: 0; }
  nav { display: none; }
  .scroll { overflow: visible; }
  table { font-size: 9px; width: 100%; }
  th, td { padding: 1px 4px; }
  figure, tr { break-inside: avoid; }
  h2, h3, h4 { break-after: avoid; }
  h2 { margin-top: 12px; }
  body { font-size: 10px; }
  p { margin: 3px 0 4px; }
  h3 { margin: 8px 0 2px; }
  h4 { margin: 6px 0 2px; }
  ul { margin: 2px 0; }
  .charts { display: grid; grid-template-columns: 1fr 1fr 1fr 1fr; gap: 2px 10px; }
  figure svg { max-height: 46mm; width: auto; }
  figure figcaption { font-size: 8px; }
  p.note { font-size: 9px; }
  code { font-size: 0.9em; }
  details.more { display: none; }
  details::details-content { content-visibility: visible; display: contents; }
  summary { list-style: none; }
}
figure svg { max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13px; }
)";

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

// The two inline marks of document text: `code` and **bold**.
std::string inline_html(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '`') {
      const auto end = s.find('`', i + 1);
      if (end != std::string::npos) {
        out += "<code>" + escape(s.substr(i + 1, end - i - 1)) + "</code>";
        i = end + 1;
        continue;
      }
    }
    if (s.compare(i, 2, "**") == 0) {
      const auto end = s.find("**", i + 2);
      if (end != std::string::npos) {
        out += "<strong>" + inline_html(s.substr(i + 2, end - i - 2)) + "</strong>";
        i = end + 2;
        continue;
      }
    }
    out += escape(std::string(1, s[i]));
    ++i;
  }
  return out;
}

// Heading anchors: lower-case letters and digits, the rest as single dashes.
std::string slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
    else if (!out.empty() && out.back() != '-') out += '-';
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "section" : out;
}

std::string plain(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != '`' && c != '*') out += c;
  return out;
}

// A short word cell (a variant, "procs (fork)") stays on one line; longer text wraps at spaces.
constexpr std::size_t short_cell = 24;

const char* cell_class(const table& t, std::size_t i, const std::string& text) {
  if (i < t.numeric.size() && t.numeric[i]) return " class=\"num\"";
  return plain(text).size() <= short_cell ? " class=\"short\"" : "";
}

void draw_rows(std::ostream& out, const table& t) {
  auto cls = [&](std::size_t i) { return i < t.numeric.size() && t.numeric[i] ? " class=\"num\"" : ""; };
  out << "<div class=\"scroll\"><table>\n<thead><tr>";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << "<th" << cls(i) << ">" << inline_html(t.header[i]) << "</th>";
  out << "</tr></thead>\n<tbody>\n";
  for (const auto& r : t.rows) {
    out << "<tr>";
    for (std::size_t i = 0; i < r.size(); ++i) out << "<td" << cell_class(t, i, r[i]) << ">" << inline_html(r[i]) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody></table></div>\n";
}

// Columns [from, to) of a table, after its key columns.
table columns_of(const table& t, std::size_t from, std::size_t to) {
  auto pick = [&](const auto& all) {
    std::decay_t<decltype(all)> out(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(t.key_columns));
    out.insert(out.end(), all.begin() + static_cast<std::ptrdiff_t>(from), all.begin() + static_cast<std::ptrdiff_t>(to));
    return out;
  };
  table part;
  part.header = pick(t.header);
  part.numeric = pick(t.numeric);
  for (const auto& r : t.rows) part.rows.push_back(pick(r));
  return part;
}

// A folded table opens into parts of a few columns each, so that none is wider than the page.
constexpr std::size_t folded_columns_per_part = 6;

void draw_table(std::ostream& out, const table& t) {
  if (t.folded.empty()) {
    draw_rows(out, t);
  } else {
    // Columns looked up rather than compared (key_columns set) stay in results.csv on paper.
    out << (t.key_columns > 0 ? "<details class=\"more\">" : "<details>") << "<summary>" << inline_html(t.folded)
        << "</summary>\n";
    const std::size_t n = t.header.size(), key = std::min(t.key_columns, n);
    const bool whole = std::any_of(t.rows.begin(), t.rows.end(), [&](const auto& r) { return r.size() != n; });
    if (whole || key == 0 || n - key <= folded_columns_per_part) draw_rows(out, t);
    else
      for (std::size_t from = key; from < n; from += folded_columns_per_part)
        draw_rows(out, columns_of(t, from, std::min(n, from + folded_columns_per_part)));
  }
  for (const auto& n : t.notes) out << "<p class=\"note\">" << inline_html(n) << "</p>\n";
  if (!t.folded.empty()) out << "</details>\n";
}

void draw_bullets(std::ostream& out, const block& b) {
  if (!b.folded.empty())
    out << (b.more ? "<details class=\"more\">" : "<details>") << "<summary>" << inline_html(b.folded) << "</summary>\n";
  out << "<ul>\n";
  for (const auto& item : b.items) out << "<li>" << inline_html(item) << "</li>\n";
  out << "</ul>\n";
  if (!b.folded.empty()) out << "</details>\n";
}

// Unique heading anchors, in document order.
std::vector<std::string> anchors_of(const document& doc) {
  std::vector<std::string> anchors;
  for (const auto& b : doc) {
    if (b.what != block::kind::heading) continue;
    std::string id = slug(plain(b.text)), unique = id;
    for (int n = 2; std::find(anchors.begin(), anchors.end(), unique) != anchors.end(); ++n)
      unique = id + "-" + std::to_string(n);
    anchors.push_back(unique);
  }
  return anchors;
}

// The table of contents: the level-2 headings, each with its level-3 ones.
void draw_contents(std::ostream& out, const document& doc, const std::vector<std::string>& anchors) {
  out << "<nav><strong>Contents</strong>\n<ul>\n";
  std::size_t k = 0;
  bool open = false;  // a level-2 entry whose level-3 list is open
  for (const auto& h : doc) {
    if (h.what != block::kind::heading) continue;
    const std::string& id = anchors[k++];
    if (h.level == 2) {
      if (open) out << "</ul></li>\n";
      out << "<li><a href=\"#" << id << "\">" << inline_html(h.text) << "</a>\n<ul>\n";
      open = true;
    } else if (h.level == 3 && open) {
      out << "<li><a href=\"#" << id << "\">" << inline_html(h.text) << "</a></li>\n";
    }
  }
  if (open) out << "</ul></li>\n";
  out << "</ul>\n</nav>\n";
}

// A row of the chart grid at 1400 px.
constexpr std::size_t charts_shown = 3;

// A run of charts, doc[from, to), as one grid of figures; chart_no numbers the SVGs' ids.
void draw_charts(std::ostream& out, const document& doc, std::size_t from, std::size_t to,
                 const svg_renderer* renderer, std::size_t& chart_no) {
  if (!renderer) {
    out << "<p class=\"note\">" << to - from << (to - from == 1 ? " chart" : " charts")
        << " not drawn: gnuplot is missing.</p>\n";
    return;
  }
  // The first row of charts shows; the rest open with one click (printed open).
  std::size_t shown = from;
  for (std::size_t cells = 0; shown < to && cells < charts_shown; ++shown)
    cells += doc[shown].chart.wide || doc[shown].chart.width > 600 ? charts_shown : 1;
  out << "<div class=\"charts\">\n";
  for (std::size_t k = from; k < to; ++k) {
    if (k == shown) {
      std::vector<std::string> titles;
      for (std::size_t j = shown; j < to; ++j) titles.push_back(doc[j].chart.title);
      out << "</div>\n<details><summary>More charts: " << escape(join(titles, "; ")) << "</summary>\n<div class=\"charts\">\n";
    }
    const chart& c = doc[k].chart;
    std::string ids = "c";  // built in steps: GCC 12 warns (-Wrestrict) on "c" + to_string()
    ids += std::to_string(++chart_no);
    ids += '-';
    const auto svg = render_svg(c, *renderer, ids);
    out << "<figure" << (c.wide || c.width > 600 ? " class=\"wide\"" : "")
        << (c.id.empty() ? "" : " id=\"" + escape(c.id) + "\"") << ">\n";
    if (svg.ok) out << svg.svg << "\n";
    else out << "<p class=\"warning\">Chart “" << escape(c.title) << "” failed: " << escape(svg.error) << "</p>\n";
    if (!c.caption.empty()) out << "<figcaption>" << inline_html(c.caption) << "</figcaption>\n";
    out << "</figure>\n";
  }
  out << "</div>\n";
  if (to > shown) out << "</details>\n";
}

}  // namespace

const svg_renderer* chart_renderer(const html_options& options) {
  return options.charts && options.renderer && !options.renderer->name().empty() ? options.renderer : nullptr;
}

void write_html(std::ostream& out, const document& doc, const html_options& options) {
  const svg_renderer* renderer = chart_renderer(options);
  std::string title = "Concurrency lab report";
  for (const auto& b : doc)
    if (b.what == block::kind::heading && b.level == 1) {
      title = plain(b.text);
      break;
    }
  const auto anchors = anchors_of(doc);
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<title>" << escape(title) << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n<main>\n";

  const bool any_chart = std::any_of(doc.begin(), doc.end(), [](const block& b) { return b.what == block::kind::chart; });
  const bool has_contents =
      std::any_of(doc.begin(), doc.end(), [](const block& x) { return x.what == block::kind::contents; });
  std::size_t heading_no = 0, chart_no = 0;
  bool toc_done = false;
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const block& b = doc[i];
    // The contents go where the document says (after the answer), else before the first section.
    const bool contents_here =
        b.what == block::kind::contents || (b.what == block::kind::heading && b.level == 2 && !has_contents);
    if (!toc_done && contents_here) {
      toc_done = true;
      draw_contents(out, doc, anchors);
      if (any_chart && !renderer)
        out << "<p class=\"warning\">Charts are missing: "
            << (options.charts ? "gnuplot was not found (install <code>gnuplot-nox</code> and run "
                                 "<code>lab report</code> again)"
                               : "charts were turned off")
            << ". Every number is in the tables.</p>\n";
    }
    switch (b.what) {
      case block::kind::heading: {
        const int level = std::min(b.level, 6);
        out << "<h" << level << " id=\"" << anchors[heading_no++] << "\">" << inline_html(b.text) << "</h" << level
            << ">\n";
        break;
      }
      case block::kind::paragraph: out << "<p>" << inline_html(b.text) << "</p>\n"; break;
      case block::kind::bullets: draw_bullets(out, b); break;
      case block::kind::table: draw_table(out, b.table); break;
      case block::kind::contents: break;  // drawn above
      case block::kind::chart: {
        std::size_t end = i;
        while (end < doc.size() && doc[end].what == block::kind::chart) ++end;
        draw_charts(out, doc, i, end, renderer, chart_no);
        i = end - 1;
        break;
      }
    }
  }
  out << "</main>\n</body>\n</html>\n";
}

void write_html(std::ostream& out, const std::vector<record>& records, const html_options& options) {
  write_html(out, build_document(analyze(records)), options);
}

}  // namespace lab::report
