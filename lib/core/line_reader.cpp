#include "core/line_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.hpp"

namespace lab {

namespace {

constexpr std::size_t chunk = std::size_t(1) << 16;

const char* kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a regular file";
}

}  // namespace

int open_regular_file(const std::string& path, const std::string& cannot) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw usage_error(cannot + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw usage_error(cannot + ": it is " + kind_of(st.st_mode) + ", not a regular file");
  // O_NONBLOCK: should it have become a FIFO since the stat, the open must not wait for a writer.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) throw usage_error(cannot + ": " + std::strerror(errno));
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    throw usage_error(cannot + ": it is " + kind_of(st.st_mode) + ", not a regular file");
  }
  return fd;
}

line_reader::line_reader(int fd, std::string cannot, std::size_t max_line)
    : fd_(fd), cannot_(std::move(cannot)), max_line_(max_line) {}

line_reader::line_reader(std::istream& in, std::size_t max_line)
    : in_(&in), cannot_("cannot read the input"), max_line_(max_line) {}

line_reader::~line_reader() {
  if (fd_ >= 0) ::close(fd_);
}

// Appends up to one chunk to buf_; false at the end of the input.
bool line_reader::fill() {
  if (eof_) return false;
  const std::size_t old = buf_.size();
  buf_.resize(old + chunk);
  std::size_t got = 0;
  if (in_) {
    in_->read(buf_.data() + old, static_cast<std::streamsize>(chunk));
    got = static_cast<std::size_t>(in_->gcount());
    if (in_->bad()) throw usage_error(cannot_ + ": read error");
  } else {
    ssize_t n;
    do n = ::read(fd_, buf_.data() + old, chunk);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw usage_error(cannot_ + ": " + std::strerror(errno));
    got = static_cast<std::size_t>(n);
  }
  buf_.resize(old + got);
  if (got == 0) eof_ = true;
  return got > 0;
}

// Drops the line under way up to its newline without keeping it: the buffer never holds
// more than the cap and a chunk. False when the input ends first.
bool line_reader::skip_rest_of_line() {
  buf_.clear();
  pos_ = 0;
  for (;;) {
    if (!fill()) return false;
    if (const auto at = buf_.find('\n'); at != std::string::npos) {
      buf_.erase(0, at + 1);
      return true;
    }
    buf_.clear();
  }
}

bool line_reader::next(std::string& line) {
  for (;;) {
    // Keep the buffer to one line at most: drop what was handed out before reading more.
    if (pos_ > 0 && pos_ >= buf_.size() / 2) {
      buf_.erase(0, pos_);
      pos_ = 0;
    }
    std::size_t scanned = pos_;
    std::size_t nl = std::string::npos;
    bool long_line = false;
    for (;;) {
      nl = buf_.find('\n', scanned);
      if (nl != std::string::npos) break;
      scanned = buf_.size();
      if (buf_.size() - pos_ > max_line_) {
        long_line = true;
        break;
      }
      if (!fill()) break;
    }
    if (long_line) {
      ++line_no_;
      if (oversized_++ == 0) first_oversized_ = line_no_;
      if (!skip_rest_of_line()) return false;
      continue;
    }
    if (nl == std::string::npos) {
      if (pos_ >= buf_.size()) return false;  // the end, after a final newline
      nl = buf_.size();                       // a last line without one
    }
    ++line_no_;
    if (nl - pos_ > max_line_) {  // a long line that arrived whole with its newline
      if (oversized_++ == 0) first_oversized_ = line_no_;
      pos_ = nl < buf_.size() ? nl + 1 : nl;
      continue;
    }
    line.assign(buf_, pos_, nl - pos_);
    pos_ = nl < buf_.size() ? nl + 1 : nl;
    return true;
  }
}

std::string line_reader::oversized_warning(const std::string& file) const {
  if (oversized_ == 0) return "";
  return file + ":" + std::to_string(first_oversized_) + ": skipped " +
         (oversized_ == 1 ? std::string("1 line") : std::to_string(oversized_) + " lines") + " longer than " +
         (max_line_ % (1 << 20) ? std::to_string(max_line_) + " bytes" : std::to_string(max_line_ >> 20) + " MiB") +
         " (no record is that long)";
}

}  // namespace lab
