#include "sweep/results_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "core/error.hpp"
#include "core/file_lock.hpp"
#include "core/line_reader.hpp"
#include "report/report.hpp"
#include "sweep/adaptive.hpp"
#include "sweep/plan.hpp"

namespace lab {

namespace json = boost::json;

namespace {

void refuse(int& fd, const std::string& message) {
  ::close(fd);
  fd = -1;
  throw usage_error(message);
}

}  // namespace

results_file::results_file(const std::string& path, bool truncate) : path_(path) {
  const auto folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  // O_CLOEXEC: the model executables the sweep starts must not inherit it. O_NONBLOCK: a FIFO
  // without a reader fails at once instead of hanging (and is refused below). No O_TRUNC:
  // a file another sweep is writing is not cut before its lock is seen.
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)))
    throw usage_error("cannot write results to " + path + ": it is not a regular file");
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NONBLOCK, 0644);
  if (fd_ < 0) throw usage_error("cannot open " + path + " for appending: " + std::strerror(errno));
  if (::fstat(fd_, &st) != 0 || !(S_ISREG(st.st_mode) || S_ISCHR(st.st_mode)))
    refuse(fd_, "cannot write results to " + path + ": it is not a regular file");
  if (!try_lock_exclusive(fd_))
    refuse(fd_, path + " is being written by " + lock_holder(fd_) +
                    ": one sweep writes a results file at a time (wait for it to end, or give another --out)");
  if (truncate && S_ISREG(st.st_mode) && ::ftruncate(fd_, 0) != 0)
    refuse(fd_, "cannot truncate " + path + ": " + std::strerror(errno));
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_at_open_ = static_cast<std::size_t>(st.st_size);
  if (size_at_open_ > 0) {
    char last = '\n';
    const int rd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (rd >= 0) {
      if (::pread(rd, &last, 1, st.st_size - 1) != 1) last = '\n';
      ::close(rd);
    }
    torn_tail_ = last != '\n';
  }
}

results_file::~results_file() {
  if (fd_ >= 0) ::close(fd_);
}

void results_file::append(std::string_view line) {
  std::string whole;
  whole.reserve(line.size() + 2);
  if (torn_tail_) whole.push_back('\n');  // closes the line an earlier writer left partial
  torn_tail_ = false;
  whole.append(line).push_back('\n');
  write_all(whole);
}

void results_file::write_all(std::string_view bytes) {
  // One write() for the whole line; the loop only finishes a short write (a full disk).
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::runtime_error("cannot write to " + path_ + ": " + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

namespace {

recorded_runs read_runs(line_reader& lines, const std::unordered_set<std::string>* wanted) {
  recorded_runs runs;
  std::string line;
  while (lines.next(line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // The report's reader: a line `lab report` would not count as a run is not one here
    // either, so --resume runs it again instead of leaving a hole in the report.
    auto parsed = read_record_line(line);
    const record* r = std::get_if<record>(&parsed);
    if (!r) {
      if (runs.unreadable++ == 0)
        runs.first_unreadable = "line " + std::to_string(lines.line_no()) + ": " + std::get<std::string>(parsed);
      continue;
    }
    ++runs.records;
    if (r->lab_version && runs.lab_versions.size() < 8) runs.lab_versions.insert(*r->lab_version);
    if (!r->experiment) continue;  // a run of `lab` alone, appended by hand: no point of a plan
    if (r->plan) {
      const auto [it, fresh] = runs.plans.emplace(*r->experiment, *r->plan);
      if (!fresh && it->second != *r->plan && runs.plan_conflict.empty()) runs.plan_conflict = *r->experiment;
    }
    std::string key = run_key(point_key(*r->experiment, r->scenario, r->model, r->params), r->rep);
    if (!wanted || wanted->count(key))
      runs.keys[std::move(key)] = recorded_run{r->ok, adaptive_measure(*r), r->sweep_s.value_or(r->wall_s)};
  }
  runs.unreadable += lines.oversized();
  return runs;
}

}  // namespace

recorded_runs read_recorded_runs(std::istream& in) {
  line_reader lines(in);
  return read_runs(lines, nullptr);
}

recorded_runs read_recorded_runs(const std::string& path, const std::unordered_set<std::string>* wanted) {
  // Only a file that is not there holds no runs. One that cannot be read (mode 200, a
  // directory, a FIFO) must not look empty: --resume would rerun every run and append duplicates.
  std::error_code ec;
  if (!std::filesystem::exists(std::filesystem::symlink_status(path, ec)) && !ec) return {};
  const std::string cannot = "--resume cannot read " + path;
  line_reader lines(open_regular_file(path, cannot), cannot);
  return read_runs(lines, wanted);
}

}  // namespace lab
