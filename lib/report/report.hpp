#pragma once
// `lab report`: results files in, a report folder out (report.md, report.html, results.csv).
// Nothing here prints; main prints the summary it gets back.
#include <string>
#include <vector>

#include "record/record.hpp"
#include "report/writers.hpp"

namespace lab {

struct loaded_results {
  std::vector<record> records;
  std::vector<std::string> warnings;  // "FILE:LINE: skipped ..." for lines that are not records
};

// Reads JSON Lines. Blank lines are skipped; a torn or invalid line becomes a warning.
// Throws usage_error for a file that cannot be read.
loaded_results read_results(const std::vector<std::string>& files);

struct report_summary {
  std::vector<std::string> written;  // the paths, in the order written
  std::size_t files = 0, records = 0, failed = 0, experiments = 0, machines = 0;
  std::vector<std::string> warnings;
  std::string charts;  // how the charts were drawn, or why not
  std::string text() const;  // a few lines for main to print
};

// Reads the results and writes report.md, report.html and results.csv into out_dir
// (created if missing; each file is written whole or not at all). Throws usage_error for an
// unreadable input, no records at all, or an out_dir that cannot be written.
report_summary write_report(const std::vector<std::string>& result_files, const std::string& out_dir,
                            const report::html_options& options = {});

}  // namespace lab
