#pragma once
// The layout of a sweep config's text (sweep/config.hpp): where each section and key is, and
// reading the file. Internal to lib/sweep.
#include <string>
#include <vector>

namespace lab::config_file {

// Where each section and key is: program_options parses, but keeps no line numbers.
// This scan follows its rules (comments from '#', whitespace trimmed, "[name]" starts a
// section, "key = value").
struct key_line {
  int line = 0;
  std::string section;
  std::string key;
};

struct section_line {
  int line = 0;
  std::string name;
};

struct file_layout {
  std::vector<section_line> sections;
  std::vector<key_line> keys;
};

// "FILE:LINE: ", the start of every located error.
std::string at(const std::string& file, int line);

// Throws usage_error naming the line of a bad section name, a duplicate section, a key
// outside a section or a line that is neither.
file_layout scan(const std::string& file, const std::string& text);

// The config's text; throws usage_error "PATH: cannot read config: REASON".
std::string read_text(const std::string& path);

}  // namespace lab::config_file
