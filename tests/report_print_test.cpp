// report.html as a reader meets it in a browser and on paper: every table fits the page at
// 1400 px, the page is at most 12 screens, and printed to PDF every table's last column is
// there within 16 pages. Headless Chromium lays the page out and prints it; pdftotext reads
// the PDF back. Without chromium or pdftotext the test says it was skipped.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "render/gnuplot_process.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "report_support.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

namespace {

std::vector<std::string> chromium_args(const std::filesystem::path& dir) {
  return {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run",
          "--user-data-dir=" + (dir / "profile").string(), "--window-size=1400,900", "--virtual-time-budget=3000"};
}

// `text` without every stretch from `open` to the next `close` (both included).
std::string without(std::string text, const std::string& open, const std::string& close) {
  for (auto at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    const auto end = text.find(close, at);
    text.erase(at, end == std::string::npos ? std::string::npos : end + close.size() - at);
  }
  return text;
}

// The text of every printed table's last header cell, in page order: the looked-up columns
// (<details class="more">) are in results.csv on paper, as their summary line says. (Plain
// searches: std::regex draws false -Wmaybe-uninitialized warnings from GCC 12 at -O1.)
std::vector<std::string> last_headers(std::string html) {
  html = without(html, "<details class=\"more\">", "</details>");
  std::vector<std::string> out;
  const std::string head = "<thead><tr>", head_end = "</tr></thead>";
  for (auto at = html.find(head); at != std::string::npos; at = html.find(head, at)) {
    at += head.size();
    const auto end = html.find(head_end, at);
    if (end == std::string::npos) break;
    const std::string cells = html.substr(at, end - at);
    std::string last;
    for (auto th = cells.find("<th"); th != std::string::npos; th = cells.find("<th", th + 1)) {
      const auto open_end = cells.find('>', th), close = cells.find("</th>", th);
      if (open_end != std::string::npos && close != std::string::npos && open_end < close)
        last = cells.substr(open_end + 1, close - open_end - 1);
    }
    last = without(last, "<", ">");
    if (!last.empty()) out.push_back(last);
  }
  return out;
}

}  // namespace

TEST_CASE("report: in a browser every table fits 1400 px, and printed every table keeps its last column") {
  const std::string chromium = lab::test::optional_tool({"chromium", "chromium-browser"}, "the page in a browser");
  if (chromium.empty()) return;
  const std::string pdftotext = lab::test::optional_tool({"pdftotext"}, "the printed report (poppler-utils)");
  if (pdftotext.empty()) return;
  lab::test::required_tool("gnuplot");
  const render::gnuplot_process gnuplot;
  lab::test::temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
  }
  const auto out_dir = dir.path / "report";
  write_report({(dir.path / "results.jsonl").string()}, out_dir.string(), html_options{&gnuplot});
  const std::string page = read_text(out_dir / "report.html");

  // Laid out at 1400 x 900: no table box scrolls sideways, none reaches past the window, and
  // the page's height in screens. Folded parts are opened first: they must fit too.
  std::ofstream(dir.path / "probe.html")
      << page
      << "<script>document.querySelectorAll('details').forEach(d => d.open = true);"
         "let scrolling = 0, right = 0;"
         "document.querySelectorAll('.scroll').forEach(s => { if (s.scrollWidth > s.clientWidth + 1) ++scrolling; });"
         "document.querySelectorAll('table').forEach(t => { right = Math.max(right, t.getBoundingClientRect().right); });"
         "document.querySelectorAll('details').forEach(d => d.open = false);"
         "const height = document.documentElement.scrollHeight;"
         "document.body.insertAdjacentHTML('beforeend', '<pre id=\"probe\">' + [scrolling, right, height,"
         " document.documentElement.scrollWidth].join(' ') + '</pre>');</script>\n";
  auto args = chromium_args(dir.path);
  args.insert(args.end(), {"--dump-dom", "file://" + (dir.path / "probe.html").string()});
  const auto dom = lab::test::run(chromium, args, 180);
  REQUIRE(dom.status == 0);
  const auto at = dom.out.find("<pre id=\"probe\">");
  REQUIRE(at != std::string::npos);
  std::istringstream probe(dom.out.substr(at + 16));
  double scrolling = -1, right = 0, height = 0, width = 0;
  probe >> scrolling >> right >> height >> width;
  CAPTURE(dom.out.substr(at, 80));
  CHECK(scrolling == 0);
  CHECK(right <= 1400);
  CHECK(width <= 1400);
  CHECK(height <= 12 * 900);

  // Printed: at most 16 pages, and every table's last column on paper.
  auto print = chromium_args(dir.path);
  print.insert(print.end(), {"--no-pdf-header-footer", "--print-to-pdf=" + (dir.path / "report.pdf").string(),
                             "file://" + (out_dir / "report.html").string()});
  REQUIRE(lab::test::run(chromium, print, 180).status == 0);
  const auto text = lab::test::run(pdftotext, {"-layout", (dir.path / "report.pdf").string(), "-"}, 60);
  REQUIRE(text.status == 0);
  const auto pages = std::count(text.out.begin(), text.out.end(), '\f');
  CHECK(pages >= 1);
  CHECK(pages <= 16);
  // pdftotext may break a long header across lines: its first word stands for it.
  for (const auto& header : last_headers(page)) {
    const std::string word = header.substr(0, header.find(' '));
    CAPTURE(header);
    CHECK(text.out.find(word) != std::string::npos);
  }
}
