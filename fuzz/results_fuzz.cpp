// libFuzzer target: the two readers of results files (JSON Lines), `lab report`'s record
// reader and `--resume`'s run index. Each line is a record or a reason it is not one; a
// record read is written back and must read again.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "core/text.hpp"
#include "output/record_writer.hpp"
#include "report/report.hpp"
#include "sweep/results_file.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (const auto& line : lab::split(text, '\n')) {
    auto parsed = lab::read_record_line(line);
    if (const auto* r = std::get_if<lab::record>(&parsed)) {
      const std::string again = lab::to_json_line(*r);
      if (lab::valid_utf8(again) != again) std::abort();
      if (!std::holds_alternative<lab::record>(lab::read_record_line(again))) std::abort();
    }
  }
  std::istringstream in(text);
  (void)lab::read_recorded_runs(in);
  return 0;
}
