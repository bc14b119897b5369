// labreport reads records and writes text: it starts no process, so it includes no Asio,
// Boost.Process or Boost.Filesystem and no header of labcore's parts (CMakeLists.txt); the
// charts' SVG comes from the svg_renderer it is handed (report/svg_renderer.hpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "report/gnuplot.hpp"

namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// The quoted includes and the <boost/...> ones of a source file.
std::vector<std::string> includes_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("#include ", 0) == 0) out.push_back(line.substr(9));
  return out;
}

}  // namespace

TEST_CASE("report: labreport's sources include nothing that runs a process or belongs to labcore") {
  // The folders and files CMakeLists.txt puts in labreport (LAB_REPORT_SOURCES), with their headers.
  const fs::path lib = fs::path(LAB_SOURCE_DIR) / "lib";
  std::vector<fs::path> files;
  for (const char* part : {"report", "report/scenarios", "stats", "record", "catalog", "catalog/scenarios", "check"})
    for (const auto& entry : fs::directory_iterator(lib / part))
      if (entry.is_regular_file()) files.push_back(entry.path());
  for (const char* file :
       {"core/text.cpp", "core/text.hpp", "core/error.hpp", "core/registry.hpp", "core/line_reader.cpp",
        "core/line_reader.hpp", "core/fnv1a.hpp", "trace/rows.hpp", "trace/record_beside.hpp"})
    files.push_back(lib / file);
  const std::set<std::string> own_parts{"report", "stats", "record", "catalog", "check"};
  const std::set<std::string> own_files{"core/text.hpp", "core/error.hpp", "core/registry.hpp", "core/line_reader.hpp",
                                        "core/fnv1a.hpp", "trace/rows.hpp", "trace/record_beside.hpp"};
  REQUIRE(files.size() > 40);
  for (const auto& f : files)
    for (const auto& inc : includes_of(read_text(f))) {
      INFO(f.string() << ": #include " << inc);
      for (const char* banned : {"<boost/asio", "<boost/process", "<boost/filesystem"})
        CHECK(inc.rfind(banned, 0) == std::string::npos);
      if (inc.front() != '"') continue;
      const std::string path = inc.substr(1, inc.find('"', 1) - 1);
      CHECK((own_parts.count(path.substr(0, path.find('/'))) || own_files.count(path)));
    }
}

TEST_CASE("report: gnuplot's SVG is inlined with its ids prefixed and native tooltips") {
  const std::string drawn =
      "<?xml version=\"1.0\"?>\n<svg width=\"600\" xmlns=\"http://www.w3.org/2000/svg\" "
      "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<defs><path id='gpDot' d='M0,0'/></defs>\n"
      "<use xlink:href='#gpDot'/>\n<g fill=\"url(#gpDot)\"></g>\n"
      "<g onmousemove=\"gnuplot_svg.showHypertext(evt,'chunk, task 1')\" "
      "onmouseout=\"gnuplot_svg.hideHypertext()\"><title> </title></g>\n</svg>\n";
  const std::string svg = lab::report::inline_svg(drawn, "c7-");
  CHECK(svg.rfind("<svg width=\"600\">", 0) == 0);  // no prolog, no namespace declarations
  CHECK(svg.find("id='c7-gpDot'") != std::string::npos);
  CHECK(svg.find("href='#c7-gpDot'") != std::string::npos);
  CHECK(svg.find("url(#c7-gpDot)") != std::string::npos);
  CHECK(svg.find("'#gpDot'") == std::string::npos);
  CHECK(svg.find("<g><title>chunk, task 1</title></g>") != std::string::npos);
  CHECK(svg.find("gnuplot_svg") == std::string::npos);
}
