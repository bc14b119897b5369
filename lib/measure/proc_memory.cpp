#include "measure/proc_memory.hpp"

#include <charconv>
#include <fstream>
#include <string>

namespace lab {

namespace {

std::string proc_path(pid_t pid, const char* file) {
  return (pid == 0 ? std::string("/proc/self/") : "/proc/" + std::to_string(pid) + "/") + file;
}

// The number after "field:" on the line that starts with it.
std::optional<std::int64_t> field_of(const std::string& path, std::string_view field) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.size() <= field.size() || line.compare(0, field.size(), field) != 0 || line[field.size()] != ':')
      continue;
    std::size_t i = field.size() + 1;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(line.data() + i, line.data() + line.size(), v);
    if (ec != std::errc() || p == line.data() + i) return std::nullopt;
    return v;
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::int64_t> smaps_rollup_kib(pid_t pid, std::string_view field) {
  return field_of(proc_path(pid, "smaps_rollup"), field);
}

std::optional<std::int64_t> meminfo_kib(std::string_view field) { return field_of("/proc/meminfo", field); }

std::optional<std::int64_t> proc_status_value(pid_t pid, std::string_view field) {
  return field_of(proc_path(pid, "status"), field);
}

}  // namespace lab
