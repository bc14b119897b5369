// gnuplot's SVG document made an element of an HTML page (report/gnuplot.hpp).
#include <cctype>
#include <cstring>
#include <set>
#include <utility>

#include "report/gnuplot.hpp"

namespace lab::report {

namespace {

// Inline SVG in HTML needs no prolog or namespace declarations.
void strip_prolog(std::string& svg) {
  svg.erase(0, svg.find("<svg"));
  for (const char* attr : {" xmlns=\"", " xmlns:xlink=\""}) {
    const auto at = svg.find(attr);
    if (at == std::string::npos) continue;
    const auto end = svg.find('"', at + std::strlen(attr));
    if (end != std::string::npos) svg.erase(at, end + 1 - at);
  }
}

// The values of the id attributes, quoted either way.
std::set<std::string> ids_of(const std::string& svg) {
  std::set<std::string> ids;
  for (std::size_t at = svg.find("id="); at != std::string::npos; at = svg.find("id=", at + 3)) {
    const bool attribute = at > 0 && std::isspace(static_cast<unsigned char>(svg[at - 1]));
    const char quote = at + 3 < svg.size() ? svg[at + 3] : '\0';
    if (!attribute || (quote != '\'' && quote != '"')) continue;
    const auto end = svg.find(quote, at + 4);
    if (end != std::string::npos) ids.insert(svg.substr(at + 4, end - at - 4));
  }
  return ids;
}

// Every id and every reference to it (#id' #id" #id)) prefixed: ids must be unique across a page.
void prefix_ids(std::string& svg, const std::string& id_prefix) {
  for (const auto& id : ids_of(svg))
    for (const char* q : {"'", "\""}) {
      const std::string quote = q;
      for (const auto& [from, to] : {std::pair{"id=" + quote + id + quote, "id=" + quote + id_prefix + id + quote},
                                     std::pair{"#" + id + quote, "#" + id_prefix + id + quote},
                                     std::pair{"#" + id + ")", "#" + id_prefix + id + ")"}}) {
        for (std::size_t pos = svg.find(from); pos != std::string::npos; pos = svg.find(from, pos + to.size()))
          svg.replace(pos, from.size(), to);
      }
    }
}

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

}  // namespace

std::string inline_svg(std::string svg, const std::string& id_prefix) {
  strip_prolog(svg);
  prefix_ids(svg, id_prefix);
  native_tooltips(svg);
  return svg;
}

}  // namespace lab::report
