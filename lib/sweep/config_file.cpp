#include "sweep/config_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/line_reader.hpp"
#include "core/text.hpp"

namespace lab::config_file {

namespace {

constexpr std::size_t max_config_bytes = std::size_t(64) << 20;

}  // namespace

std::string at(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

namespace {

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

}  // namespace

file_layout scan(const std::string& file, const std::string& text) {
  file_layout layout;
  std::istringstream in(text);
  std::string s;
  std::string section;
  std::map<std::string, int> first_line;  // of each section: a lookup, not a scan of the ones before
  int line = 0;
  while (std::getline(in, s)) {
    ++line;
    if (auto hash = s.find('#'); hash != std::string::npos) s.resize(hash);
    s = trim(s);
    if (s.empty()) continue;
    if (s.front() == '[' && s.back() == ']') {
      section = s.substr(1, s.size() - 2);
      if (!valid_name(section))
        throw usage_error(at(file, line) + "bad experiment name " + quote(section) +
                          " (use letters, digits, '-' and '_')");
      if (const auto [it, fresh] = first_line.emplace(section, line); !fresh)
        throw usage_error(at(file, line) + "experiment '" + section + "' is defined twice (first on line " +
                          std::to_string(it->second) + ")");
      layout.sections.push_back({line, section});
    } else if (auto eq = s.find('='); eq != std::string::npos) {
      const std::string key = trim(std::string_view(s).substr(0, eq));
      if (key.empty()) throw usage_error(at(file, line) + "a key is missing before '='");
      if (section.empty())
        throw usage_error(at(file, line) + "key " + quote(key) + " is outside an experiment: start one with [NAME]");
      layout.keys.push_back({line, section, key});
    } else {
      throw usage_error(at(file, line) + "cannot read " + quote(s) + " (expected 'key = value' or '[experiment]')");
    }
  }
  if (layout.sections.empty()) throw usage_error(file + ": no experiments (start one with [NAME])");
  return layout;
}

// read(2), not a stream: a stream turns a failed read (EIO, EISDIR) into a quiet end of
// file, and the config would look empty ("no experiments") instead of unreadable.
std::string read_text(const std::string& path) {
  const int fd = open_regular_file(path, path + ": cannot read config");
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw usage_error(path + ": cannot read config: " + (err == EISDIR ? "it is a directory" : std::strerror(err)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_config_bytes) {
      ::close(fd);
      throw usage_error(path + ": cannot read config: larger than " + std::to_string(max_config_bytes >> 20) +
                        " MiB");
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
}

}  // namespace lab::config_file
