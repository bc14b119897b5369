#pragma once
// `lab report`: results files in, a report folder out (report.md, report.html, results.csv).
// Nothing here prints; main prints the summary it gets back.
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "record/record.hpp"
#include "report/writers.hpp"

namespace lab {

struct loaded_results {
  std::vector<record> records;
  std::vector<std::string> warnings;  // "FILE:LINE: skipped ..." for lines that are not records
};

// One line of a results file: its record, or why it is not one ("field 'params' is a
// list, expected an object").
std::variant<record, std::string> read_record_line(std::string_view line);

// Reads JSON Lines. Blank lines are skipped; a torn or invalid line becomes a warning.
// Throws usage_error for a file that cannot be read.
loaded_results read_results(const std::vector<std::string>& files);

// The results files `lab report` reads for the paths it is given: a results file as it is; a
// trace (*.trace.json) the record `lab run --trace` wrote beside it, or its sweep's results
// (NAME.traces/ -> NAME.jsonl); a folder its *.record.jsonl files, or its sweep's results.
// Throws usage_error naming what is missing, or a trace that is not whole (torn).
std::vector<std::string> results_files_for(const std::vector<std::string>& given);

struct report_summary {
  std::vector<std::string> written;  // the paths, in the order written
  std::size_t files = 0, records = 0, failed = 0, experiments = 0, machines = 0;
  std::vector<std::string> warnings;
  std::string charts;  // how the charts were drawn, or why not
  std::string text() const;  // a few lines for main to print
};

// Reads the results (results_files_for the paths given) and writes report.md, report.html and results.csv into out_dir
// (created if missing). The three are written whole or not at all: a failed write leaves
// the files that were there. Throws usage_error for an unreadable input, no records at all
// or an out_dir that cannot be created; std::runtime_error when a write fails.
report_summary write_report(const std::vector<std::string>& result_files, const std::string& out_dir,
                            const report::html_options& options = {});

}  // namespace lab
