#pragma once
// Lines of outside input (results files, configs) read with bounded memory: a line longer
// than the cap is skipped whole, never held, and only a regular file is opened at all (a
// FIFO with no writer would block forever, /dev/zero would never end).
#include <cstddef>
#include <functional>
#include <istream>
#include <string>

namespace lab {

// The longest results line the lab reads: a record is a few KiB; its longest parts (an
// error text, a trace summary) are bounded far below this.
inline constexpr std::size_t max_record_line = std::size_t(1) << 20;

// Throws usage_error "CANNOT: why" when the path is not there, cannot be read or is not a
// regular file (checked before it is opened for reading). `cannot` names the input
// ("cannot read results file 'r.jsonl'"). Returns the descriptor, O_CLOEXEC, for the caller
// to close.
int open_regular_file(const std::string& path, const std::string& cannot);

class line_reader {
 public:
  // Takes the descriptor (closed by the destructor). `cannot` begins a read error's message.
  line_reader(int fd, std::string cannot, std::size_t max_line = max_record_line);
  // Reads from a stream (the fuzzers, the tests): the same splitting and cap.
  explicit line_reader(std::istream& in, std::size_t max_line = max_record_line);
  ~line_reader();
  line_reader(const line_reader&) = delete;
  line_reader& operator=(const line_reader&) = delete;

  // The next line that fits the cap, without its newline; false at the end. Throws
  // usage_error on a read error (a disk that fails mid-file must not look like its end).
  bool next(std::string& line);
  // The 1-based number of the line `next` returned last.
  std::size_t line_no() const { return line_no_; }
  // Lines skipped for their length, and the number of the first of them.
  std::size_t oversized() const { return oversized_; }
  std::size_t first_oversized() const { return first_oversized_; }
  // One warning for every line skipped for its length, "" when none was.
  std::string oversized_warning(const std::string& file) const;

 private:
  bool fill();
  bool skip_rest_of_line();
  int fd_ = -1;
  std::istream* in_ = nullptr;
  std::string cannot_;
  std::size_t max_line_;
  std::string buf_;
  std::size_t pos_ = 0;
  bool eof_ = false;
  std::size_t line_no_ = 0, oversized_ = 0, first_oversized_ = 0;
};

}  // namespace lab
