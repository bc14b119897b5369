#include <cctype>

#include "core/text.hpp"
#include "report/writers.hpp"

namespace lab::report {

namespace {

std::string cell_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n' || c == '\r') out += ' ';
    else out += c;
  }
  return out;
}

void draw_table(std::ostream& out, const table& t) {
  if (!t.folded.empty()) out << t.folded << ":\n\n";
  out << "|";
  for (const auto& h : t.header) out << " " << cell_text(h) << " |";
  out << "\n|";
  for (std::size_t i = 0; i < t.header.size(); ++i) out << (i < t.numeric.size() && t.numeric[i] ? "---:|" : "---|");
  out << "\n";
  for (const auto& r : t.rows) {
    out << "|";
    for (const auto& c : r) out << " " << cell_text(c) << " |";
    out << "\n";
  }
  out << "\n";
  for (const auto& n : t.notes) out << n << "\n\n";
}

std::string lower_first(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

}  // namespace

void write_markdown(std::ostream& out, const document& doc) {
  for (std::size_t i = 0; i < doc.size(); ++i) {
    const block& b = doc[i];
    switch (b.what) {
      case block::kind::heading: out << std::string(static_cast<std::size_t>(b.level), '#') << " " << b.text << "\n\n"; break;
      case block::kind::paragraph: out << b.text << "\n\n"; break;
      case block::kind::bullets:
        if (!b.folded.empty()) out << b.folded << ":\n\n";
        for (const auto& item : b.items) out << "- " << item << "\n";
        out << "\n";
        break;
      case block::kind::table: draw_table(out, b.table); break;
      case block::kind::contents: break;  // Markdown viewers draw their own outline
      case block::kind::chart: {
        // A run of charts becomes one line naming them.
        std::vector<std::string> titles;
        for (; i < doc.size() && doc[i].what == block::kind::chart; ++i) titles.push_back(lower_first(doc[i].chart.title));
        --i;
        out << "Charts in report.html: " << join(titles, "; ") << ".\n\n";
        break;
      }
    }
  }
}

void write_markdown(std::ostream& out, const std::vector<record>& records) {
  write_markdown(out, build_document(analyze(records)));
}

}  // namespace lab::report
