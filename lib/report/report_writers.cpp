// The one list of report formats (report/writers.hpp).
#include "report/writers.hpp"

namespace lab::report {

const std::vector<report_writer>& report_writers() {
  static const std::vector<report_writer> all{
      {"report.md", [](std::ostream& out, const report_input& in) { write_markdown(out, in.doc); }},
      {"report.html", [](std::ostream& out, const report_input& in) { write_html(out, in.doc, in.html); }},
      {"results.csv", [](std::ostream& out, const report_input& in) { write_csv(out, in.records, in.analysed); }},
  };
  return all;
}

}  // namespace lab::report
