#include "report/report.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <memory>
#include <functional>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <unordered_set>
#include <utility>
#include <vector>

#include <boost/json/parse.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>

#include "core/error.hpp"
#include "core/fnv1a.hpp"
#include "core/line_reader.hpp"
#include "core/text.hpp"
#include "report/timeline.hpp"

namespace lab {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// A report is its files together: each is written beside its target first, and only when
// all are written whole are they renamed over the targets, so a full disk leaves the old
// report (or none), never a new report.md beside an old report.html.
class staged_files {
 public:
  ~staged_files() {
    std::error_code ignored;
    for (const auto& [tmp, target] : staged_) fs::remove(tmp, ignored);
  }

  // Throws std::runtime_error naming the file and the reason (a write failure: exit 1).
  // `write` writes the content straight to the file: a million records' results.csv is
  // hundreds of MB, which a string (and its copy) would hold in memory twice over.
  void stage(const fs::path& target, const std::function<void(std::ostream&)>& write) {
    const fs::path tmp = target.parent_path() / (std::string(".") + target.filename().string() + ".tmp");
    staged_.emplace_back(tmp, target);
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write '" + tmp.string() + "': " + std::strerror(errno));
    errno = 0;
    write(out);
    out.close();
    if (!out)
      throw std::runtime_error("cannot write '" + tmp.string() + "'" + (errno ? ": " + std::string(std::strerror(errno)) : ""));
  }

  void commit() {
    for (const auto& [tmp, target] : staged_) {
      std::error_code ec;
      fs::rename(tmp, target, ec);
      if (ec) throw std::runtime_error("cannot write '" + target.string() + "': " + ec.message());
    }
    staged_.clear();
  }

 private:
  std::vector<std::pair<fs::path, fs::path>> staged_;  // (temporary, target)
};

// Shown in the report itself, so a reader knows input was skipped.
constexpr std::size_t warnings_listed = 10;

}  // namespace

namespace {
// Boost.JSON reads a number past what a double holds (1E999) as infinity, and would write it
// back as `Infinity`, which is not JSON: such a line is no record the lab wrote. The parser
// bounds the depth (32), so the walk does too.
bool all_finite(const boost::json::value& v) {
  if (v.is_double()) return std::isfinite(v.get_double());
  if (const auto* o = v.if_object()) {
    for (const auto& kv : *o)
      if (!all_finite(kv.value())) return false;
  } else if (const auto* a = v.if_array()) {
    for (const auto& x : *a)
      if (!all_finite(x)) return false;
  }
  return true;
}
}  // namespace

std::variant<record, std::string> read_record_line(std::string_view line) {
  boost::system::error_code ec;
  const boost::json::value v = boost::json::parse(line, ec);
  if (ec) return ec == boost::json::error::incomplete ? "torn line: the JSON ends early" : "invalid JSON: " + ec.message();
  if (!v.is_object()) return std::string("not a JSON object");
  if (!all_finite(v)) return std::string("a number out of range (past what a double holds)");
  try {
    return record_from_json(v.get_object());
  } catch (const std::exception& e) {
    return std::string(e.what());
  }
}

namespace {

// Which run a record is: a sweep's run by its machine, experiment, point, round and the CPU it
// was pinned to (the check's CPU comparison runs one point on every CPU in the same round; a
// sweep run twice into one file without --resume holds each run twice, measured twice); any other
// record by its whole line. 64 bits of FNV-1a: among 10^6 records a collision has odds of
// about 1 in 3 x 10^7, and memory stays 8 bytes a record.
std::uint64_t run_identity(const record& r, std::string_view line) {
  fnv1a h;
  if (!r.experiment || !r.round) {
    h.add(line);
    return h.value();
  }
  for (const std::string* part : {&r.machine.host, &*r.experiment, &r.scenario, &r.model}) {
    h.add(*part);
    h.add('\0');
  }
  h.add(boost::json::serialize(r.params));
  h.add_word(static_cast<std::uint64_t>(*r.round));
  h.add_word(static_cast<std::uint64_t>(r.cpu.value_or(-1)));
  return h.value();
}

struct duplicates {
  std::unordered_set<std::uint64_t> seen;
  std::size_t count = 0;
  std::string first;  // FILE:LINE of the first repeat
};

// Lines in the files, at most: the records vector is reserved once instead of doubling,
// which at a million records (872 bytes each) held the old and the new array at once.
std::size_t lines_in(const std::vector<std::string>& files) {
  std::size_t n = 0;
  for (const auto& file : files) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0) continue;
    struct stat st {};
    if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
      char buf[1 << 16];
      for (ssize_t got; (got = ::read(fd, buf, sizeof buf)) > 0;) n += std::count(buf, buf + got, '\n');
    }
    ::close(fd);
  }
  return n + files.size();
}

// A record's JSON objects moved into `sp`, a monotonic arena all records share: a million
// records' params, metrics and code are some ten million small allocations otherwise, each
// with the allocator's header and rounding.
void into_arena(json::object& o, const json::storage_ptr& sp) {
  json::object copy(o, sp);
  std::destroy_at(&o);
  std::construct_at(&o, std::move(copy));
}

void into_arena(record& r, const json::storage_ptr& sp) {
  for (json::object* o : {&r.params, &r.metrics, &r.extra}) into_arena(*o, sp);
  for (auto* o : {&r.code, &r.trace, &r.sched})
    if (*o) into_arena(**o, sp);
}

// Each file once, however often it is named (by its device and inode, so ./r.jsonl and r.jsonl too).
bool first_time(const std::string& file, std::set<std::pair<dev_t, ino_t>>& files) {
  struct stat st {};
  return ::stat(file.c_str(), &st) != 0 || files.insert({st.st_dev, st.st_ino}).second;
}

// A warning as a list item: where it is ("FILE:LINE") as code, kept whole; what it says as
// text, which wraps (a whole sentence kept on one line ran off the page).
std::string warning_item(const std::string& warning) {
  const auto colon = warning.find(": ");
  if (colon == std::string::npos) return warning;
  std::string item = "`";
  item.append(warning, 0, colon).append("`").append(warning, colon);
  return item;
}

}  // namespace

loaded_results read_results(const std::vector<std::string>& files) {
  loaded_results out;
  duplicates dup;
  std::set<std::pair<dev_t, ino_t>> opened;
  const json::storage_ptr arena = json::make_shared_resource<json::monotonic_resource>();
  out.records.reserve(lines_in(files));
  for (const auto& file : files) {
    if (!first_time(file, opened)) {
      out.warnings.push_back(file + ": given more than once, read once");
      continue;
    }
    const std::string cannot = "cannot read results file '" + file + "'";
    line_reader lines(open_regular_file(file, cannot), cannot);
    std::string line;
    while (lines.next(line)) {
      if (trim(line).empty()) continue;
      auto parsed = read_record_line(line);
      if (auto* why = std::get_if<std::string>(&parsed)) {
        out.warnings.push_back(file + ":" + std::to_string(lines.line_no()) + ": skipped, not a record (" + *why + ")");
      } else if (!dup.seen.insert(run_identity(std::get<record>(parsed), line)).second) {
        if (dup.count++ == 0) dup.first = file + ":" + std::to_string(lines.line_no());
      } else {
        out.records.push_back(std::move(std::get<record>(parsed)));
        into_arena(out.records.back(), arena);
      }
    }
    if (auto w = lines.oversized_warning(file); !w.empty()) out.warnings.push_back(std::move(w));
  }
  if (dup.count)
    out.warnings.push_back(dup.first + ": " + std::to_string(dup.count) +
                           (dup.count == 1 ? " record repeats a run" : " records repeat runs") +
                           " read before (same machine, experiment, point and round, or the same line): each run "
                           "is counted once, the first read");
  return out;
}

std::string report_summary::text() const {
  std::ostringstream s;
  s << "wrote " << join(written, ", ") << "\n";
  s << "  " << records << " records" << (failed ? " (" + std::to_string(failed) + " failed runs)" : "") << " from "
    << files << (files == 1 ? " file" : " files") << ": " << experiments
    << (experiments == 1 ? " experiment" : " experiments") << " on " << machines
    << (machines == 1 ? " machine" : " machines") << "\n";
  s << "  charts: " << charts << "\n";
  for (const auto& w : warnings) s << "warning: " << w << "\n";
  return s.str();
}

report_summary write_report(const std::vector<std::string>& given, const std::string& out_dir,
                            const report::html_options& options) {
  if (given.empty()) throw usage_error("no results files given");
  const std::vector<std::string> result_files = results_files_for(given);
  loaded_results in = read_results(result_files);
  if (in.records.empty())
    throw usage_error("no records in " + join(result_files, ", ") +
                      (in.warnings.empty() ? ""
                                           : " (" + std::to_string(in.warnings.size()) + " lines skipped; the first: " +
                                                 in.warnings.front() + ")"));

  const report::analysis a = report::analyze(in.records);
  report::document doc = report::build_document(a);
  report::add_inside_the_run(doc, in.records, result_files);
  if (!in.warnings.empty()) {
    std::vector<std::string> items;
    for (std::size_t i = 0; i < in.warnings.size() && i < warnings_listed; ++i)
      items.push_back(warning_item(in.warnings[i]));
    if (in.warnings.size() > warnings_listed)
      items.push_back("and " + std::to_string(in.warnings.size() - warnings_listed) + " more");
    // After the title and the summary line.
    doc.insert(doc.begin() + 2, report::bullets(items));
    doc.insert(doc.begin() + 2, report::paragraph("**Input skipped:** what the figures leave out of the input (" +
                                                  (in.warnings.size() == 1 ? std::string("1 warning")
                                                                           : std::to_string(in.warnings.size()) +
                                                                                 " warnings") +
                                                  "):"));
  }

  std::error_code ec;
  fs::create_directories(out_dir, ec);
  if (ec) throw usage_error("cannot create report folder '" + out_dir + "': " + ec.message());

  report_summary summary;
  const fs::path dir(out_dir);
  const report::report_input input{in.records, a, doc, options};
  staged_files files;
  for (const auto& writer : report::report_writers()) {
    files.stage(dir / writer.file, [&](std::ostream& out) { writer.write(out, input); });
    summary.written.push_back((dir / writer.file).string());
  }
  files.commit();

  summary.files = result_files.size();
  summary.records = in.records.size();
  summary.failed = a.failed;
  summary.experiments = a.experiments.size();
  summary.machines = a.machines.size();
  summary.warnings = std::move(in.warnings);
  const report::svg_renderer* renderer = report::chart_renderer(options);
  summary.charts = !options.charts ? "off (--no-charts)"
                   : !renderer     ? "not drawn: gnuplot not found (install gnuplot-nox)"
                                   : "drawn with " + renderer->name();
  return summary;
}

}  // namespace lab
