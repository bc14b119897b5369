// What `lab report` reads for each path it is given (report/report.hpp, results_files_for):
// a traced `lab run` leaves a trace and its record side by side, a sweep its traces in a
// folder beside its results, so a trace or a folder of them leads to the records that name
// them. A trace given by name is read whole first: a torn one is bad input, not a report
// with a hole in it.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"
#include "report/report.hpp"
#include "trace/record_beside.hpp"

namespace lab {

namespace fs = std::filesystem;

namespace {

// results/seed.traces/ -> results/seed.jsonl, where a sweep with `trace = true` put them.
std::string sweep_results_of(const fs::path& dir) {
  const fs::path d = dir.filename().empty() ? dir.parent_path() : dir;
  if (d.extension() != ".traces") return "";
  fs::path results = d;
  results.replace_extension(".jsonl");
  std::error_code ec;
  return fs::is_regular_file(results, ec) ? results.string() : "";
}

// A trace is written whole or not at all, ending "]}" (trace/session.cpp): a cut one lacks its
// end. Only the end is read here: "Inside the run" parses each trace once, when it draws it, and a
// folder may hold traces up to 512 MiB that no record names.
void check_whole(const std::string& trace_file) {
  std::ifstream in(trace_file, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : -1;
  std::string tail(static_cast<std::size_t>(std::clamp<std::streamoff>(size, 0, 64)), '\0');
  if (size > 0) in.seekg(size - static_cast<std::streamoff>(tail.size())).read(tail.data(), static_cast<std::streamsize>(tail.size()));
  while (!tail.empty() && std::isspace(static_cast<unsigned char>(tail.back()))) tail.pop_back();
  if (!in || !tail.ends_with("]}"))
    throw usage_error("'" + trace_file + "' is not a whole trace (not JSON: it stops before its closing ]}): the run "
                      "that wrote it was cut short or the file was cut; run it again with --trace");
}

std::string results_of_trace(const std::string& trace_file) {
  std::error_code ec;
  if (!fs::is_regular_file(trace_file, ec)) throw usage_error("cannot read trace '" + trace_file + "': no such file");
  check_whole(trace_file);
  const std::string beside = trace::record_beside(trace_file);
  if (fs::is_regular_file(beside, ec)) return beside;
  if (auto sweep = sweep_results_of(fs::path(trace_file).parent_path()); !sweep.empty()) return sweep;
  throw usage_error("'" + trace_file + "' is a trace without its record: no '" + beside +
                    "' beside it (`lab run ... --trace DIR` writes one for each run), and it is not in a sweep's "
                    "NAME.traces folder beside NAME.jsonl; report the results file whose record names the trace");
}

std::vector<std::string> results_of_folder(const std::string& dir) {
  std::vector<std::string> records, traces;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().string();
    if (trace::ends_with(name, trace::record_suffix)) records.push_back(name);
    if (trace::is_trace_file_name(name)) traces.push_back(name);
  }
  if (ec) throw usage_error("cannot read folder '" + dir + "': " + ec.message());
  std::sort(records.begin(), records.end());
  std::sort(traces.begin(), traces.end());
  for (const auto& t : traces) check_whole(t);
  if (records.empty())
    if (auto sweep = sweep_results_of(dir); !sweep.empty()) records.push_back(sweep);
  if (records.empty())
    throw usage_error("'" + dir + "' is a folder with no run's record in it: no *" + std::string(trace::record_suffix) +
                      " (`lab run ... --trace " + dir + "` writes one beside each trace), and it is not a sweep's "
                      "NAME.traces folder beside NAME.jsonl");
  return records;
}

}  // namespace

std::vector<std::string> results_files_for(const std::vector<std::string>& given) {
  std::vector<std::string> files;
  for (const auto& path : given) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      const auto found = results_of_folder(path);
      files.insert(files.end(), found.begin(), found.end());
    } else if (trace::is_trace_file_name(path)) {
      files.push_back(results_of_trace(path));
    } else {
      files.push_back(path);
    }
  }
  return files;
}

}  // namespace lab
