#include "sweep/results_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "core/error.hpp"
#include "report/report.hpp"
#include "sweep/plan.hpp"

namespace lab {

namespace json = boost::json;

results_file::results_file(const std::string& path, bool truncate) : path_(path) {
  const auto folder = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  // O_CLOEXEC: the model executables the sweep starts must not inherit it.
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (truncate ? O_TRUNC : 0), 0644);
  if (fd_ < 0) throw usage_error("cannot open " + path + " for appending: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size > 0) {
    char last = '\n';
    const int rd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (rd >= 0) {
      if (::pread(rd, &last, 1, st.st_size - 1) != 1) last = '\n';
      ::close(rd);
    }
    if (last != '\n') write_all("\n");
  }
}

results_file::~results_file() {
  if (fd_ >= 0) ::close(fd_);
}

void results_file::append(std::string_view line) {
  std::string whole;
  whole.reserve(line.size() + 1);
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

recorded_runs read_recorded_runs(std::istream& in) {
  recorded_runs runs;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    // The report's reader: a line `lab report` would not count as a run is not one here
    // either, so --resume runs it again instead of leaving a hole in the report.
    auto parsed = read_record_line(line);
    const record* r = std::get_if<record>(&parsed);
    if (!r) {
      ++runs.unreadable;
      continue;
    }
    if (!r->experiment) continue;  // a run of `lab` alone, appended by hand: no point of a plan
    runs.keys.insert(run_key(point_key(*r->experiment, r->scenario, r->model, r->params), r->rep));
  }
  return runs;
}

recorded_runs read_recorded_runs(const std::string& path) {
  recorded_runs runs;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    // Only a file that is not there holds no runs. One that cannot be read (mode 200, a
    // directory) must not look empty: --resume would rerun every run and append duplicates.
    const int err = errno;
    std::error_code ec;
    if (!std::filesystem::exists(path, ec) && !ec) return runs;
    throw usage_error("--resume cannot read " + path + ": " + std::strerror(err));
  }
  runs = read_recorded_runs(in);
  if (in.bad()) throw usage_error("--resume cannot read " + path + ": read error");
  return runs;
}

}  // namespace lab
