// The HTML page (report/html_writer.cpp) with its charts as gnuplot scripts (gnuplot.cpp) drawn
// inline, and the page looked at in a browser.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/json/serialize.hpp>

#include "render/gnuplot_process.hpp"
#include "report/analysis.hpp"
#include "report/document.hpp"
#include "report/gnuplot.hpp"
#include "report/report.hpp"
#include "report/writers.hpp"
#include "report_support.hpp"
#include "support.hpp"
#include "temp_dir.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

using lab::test::temp_dir;

TEST_CASE("report: html is one self-contained page") {
  const auto rs = golden_records();
  auto common = [](const std::string& html) {
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("<table>") != std::string::npos);
    CHECK(html.find("Which concurrency do I want?") != std::string::npos);
    CHECK(html.find("</html>") != std::string::npos);
    // Nothing to fetch: no links, scripts, images or URLs of any kind.
    for (const char* external : {"http://", "https://", "<script", "<link", "<img", "<iframe", "src=", "url(http"})
      CHECK_MESSAGE(html.find(external) == std::string::npos, "found " << external);
  };
  SUBCASE("without gnuplot the page says so and keeps the tables") {
    std::ostringstream out;
    const render::gnuplot_process missing("/nonexistent/gnuplot");
    write_html(out, rs, html_options{&missing, true});
    const std::string html = out.str();
    common(html);
    CHECK(html.find("<svg") == std::string::npos);
    CHECK(html.find("gnuplot was not found") != std::string::npos);
  }
  SUBCASE("with gnuplot the charts are inline SVG") {
    lab::test::required_tool("gnuplot");
    const render::gnuplot_process gnuplot;
    std::ostringstream out;
    write_html(out, rs, html_options{&gnuplot});
    const std::string html = out.str();
    common(html);
    CHECK(html.find("<svg") != std::string::npos);
    CHECK(html.find("<?xml") == std::string::npos);
    CHECK(html.find("gnuplot was not found") == std::string::npos);
    CHECK(html.find("class=\"warning\">Chart") == std::string::npos);  // a chart gnuplot could not draw
    // Element ids are unique across the inlined charts.
    CHECK(html.find("id=\"c1-gnuplot_canvas\"") != std::string::npos);
    CHECK(html.find("id=\"c2-gnuplot_canvas\"") != std::string::npos);
    CHECK(html.find("id=\"gnuplot_canvas\"") == std::string::npos);
  }
}

TEST_CASE("report: gnuplot scripts take labels literally and log-scale geometric sweeps") {
  const auto a = analyze(golden_records());
  const auto charts = charts_for(find(a, "io-fanout"));
  REQUIRE(!charts.empty());
  CHECK(charts[0].log_x);  // 16, 64, 256
  const std::string script = gnuplot_script(charts[0]);
  CHECK(script.find("noenhanced") != std::string::npos);
  CHECK(script.find("set logscale x 2") != std::string::npos);
  chart c;
  c.title = "it's";
  CHECK(gnuplot_script(c).find("set title 'it''s'") != std::string::npos);
}

// Looked at as a person would: the first screen of report.html in a 1400 x 900 window holds
// the summary figure. Headless Chromium lays the page out; a probe script appended to a copy
// reports where the figure landed, and a screenshot of the first screen is kept beside it.
TEST_CASE("report: in a browser, the first screen shows the answer's table and the summary figure") {
  const std::string chromium = lab::test::optional_tool({"chromium", "chromium-browser"}, "the page in a browser");
  if (chromium.empty()) return;
  lab::test::required_tool("gnuplot");
  const render::gnuplot_process gnuplot;
  temp_dir dir;
  {
    std::ofstream out(dir.path / "results.jsonl");
    for (const auto& r : golden_records()) out << boost::json::serialize(to_json(r)) << "\n";
  }
  const auto out_dir = dir.path / "report";
  write_report({(dir.path / "results.jsonl").string()}, out_dir.string(), html_options{&gnuplot});
  const std::string page = read_text(out_dir / "report.html");
  REQUIRE(page.find("id=\"summary-figure\"") != std::string::npos);
  std::ofstream(dir.path / "probe.html")
      << page
      << "<script>const f = document.getElementById('summary-figure'), t = document.querySelector('table');"
         "const r = f.getBoundingClientRect(), q = t.getBoundingClientRect();"
         "document.body.insertAdjacentHTML('beforeend', '<pre id=\"probe\">' + [r.left, r.top, r.right, r.bottom,"
         " q.right, document.documentElement.scrollWidth].join(' ') + '</pre>');</script>\n";
  const std::vector<std::string> common{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                                        "--disable-component-update", "--disable-sync", "--no-first-run",
                                        "--user-data-dir=" + (dir.path / "profile").string(), "--window-size=1400,900"};
  auto args = common;
  args.insert(args.end(), {"--virtual-time-budget=3000", "--dump-dom", "file://" + (dir.path / "probe.html").string()});
  const auto dom = lab::test::run(chromium, args, 180);
  REQUIRE(dom.status == 0);
  const auto at = dom.out.find("<pre id=\"probe\">");
  REQUIRE(at != std::string::npos);
  std::istringstream probe(dom.out.substr(at + 16));
  double left = 0, top = 0, right = 0, bottom = 0, table_right = 0, page_width = 0;
  probe >> left >> top >> right >> bottom >> table_right >> page_width;
  CAPTURE(dom.out.substr(at, 120));
  CHECK(top >= 0);
  CHECK(left >= 0);
  CHECK(right <= 1400);
  CHECK(bottom <= 900);         // the whole figure, without scrolling
  CHECK(table_right <= 1400);   // the answer's table fits the width
  CHECK(page_width <= 1400);    // and nothing on the page scrolls sideways
  auto shot = common;
  // A virtual time budget, as for the probe: without one a loaded machine once kept the
  // screenshot waiting past 90 s.
  shot.insert(shot.end(), {"--virtual-time-budget=3000", "--screenshot=" + (dir.path / "first-screen.png").string(),
                           "file://" + (out_dir / "report.html").string()});
  REQUIRE(lab::test::run(chromium, shot, 180).status == 0);
  const std::string png = read_text(dir.path / "first-screen.png");
  CHECK(png.rfind("\x89PNG", 0) == 0);
}
