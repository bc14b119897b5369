#pragma once
// Writers for records as they are produced: one JSON line per record (--json, sweeps) or a
// readable table for a terminal. Each writes to the stream it is given and flushes per
// record, so an interrupted run leaves only whole lines.
#include <ostream>

#include "record/record.hpp"

namespace lab {

class record_writer {
 public:
  virtual ~record_writer() = default;
  virtual void write(const record& r) = 0;
};

class json_lines_writer final : public record_writer {
 public:
  explicit json_lines_writer(std::ostream& out) : out_(out) {}
  void write(const record& r) override;

 private:
  std::ostream& out_;
};

class table_writer final : public record_writer {
 public:
  explicit table_writer(std::ostream& out) : out_(out) {}
  void write(const record& r) override;

 private:
  std::ostream& out_;
  bool header_done_ = false;
};

// One JSON line, no trailing newline.
std::string to_json_line(const record& r);

}  // namespace lab
