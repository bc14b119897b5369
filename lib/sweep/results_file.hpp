#pragma once
// The sweep's JSON Lines file: appended to record by record, read back for --resume.
#include <cstddef>
#include <istream>
#include <set>
#include <string>
#include <string_view>

namespace lab {

// Appends lines, each with one write() of the whole line and its newline, so whatever
// stops the sweep (an interrupt, a crash) leaves whole lines only. Opened O_APPEND, so
// several sweeps on one machine may share a file. No fsync: a record survives the process,
// not a power cut.
class results_file {
 public:
  // Creates the file and its folder if needed; truncate: start it anew. If an earlier
  // writer left a partial last line, a newline is added so the next record stays whole.
  // Throws usage_error when it cannot be opened.
  results_file(const std::string& path, bool truncate);
  ~results_file();
  results_file(const results_file&) = delete;
  results_file& operator=(const results_file&) = delete;

  // `line` without its newline. Throws std::runtime_error naming the file on a write error.
  void append(std::string_view line);

 private:
  void write_all(std::string_view bytes);
  std::string path_;
  int fd_ = -1;
};

struct recorded_runs {
  std::set<std::string> keys;   // run_key of every sweep record, ok or failed
  std::size_t unreadable = 0;   // lines that are no record (what `lab report` skips too)
};

// The runs a results file already holds; a file that does not exist holds none. Records
// without the sweep's keys (e.g. from `lab run --json`) are not runs of any experiment.
// Throws usage_error for a file that exists but cannot be read.
recorded_runs read_recorded_runs(const std::string& path);
recorded_runs read_recorded_runs(std::istream& in);

}  // namespace lab
