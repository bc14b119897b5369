#include "output/record_beside_trace.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "output/record_writer.hpp"
#include "trace/record_beside.hpp"

namespace lab {

namespace fs = std::filesystem;

std::string write_record_beside_trace(const record& r) {
  if (!r.trace) return "";
  const auto* file = r.trace->if_contains("file");
  if (!file || !file->is_string() || file->get_string().empty()) return "";
  const std::string target = trace::record_beside(std::string_view(file->get_string()));
  // Appended, not `"." + name`: GCC 12 draws a false -Wrestrict from that operator+.
  std::string hidden(".");
  hidden += fs::path(target).filename().string();
  hidden += ".tmp";
  const fs::path tmp = fs::path(target).parent_path() / hidden;
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    errno = 0;
    out << to_json_line(r) << '\n';
    out.close();
    if (!out) {
      const std::string why = errno ? std::strerror(errno) : "write failed";
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw std::runtime_error("cannot write the run's record '" + target + "': " + why);
    }
  }
  std::error_code ec;
  fs::rename(tmp, target, ec);
  if (ec) throw std::runtime_error("cannot write the run's record '" + target + "': " + ec.message());
  return target;
}

}  // namespace lab
