#pragma once
// Small text helpers shared by the parsers and writers.
#include <string>
#include <string_view>
#include <vector>

namespace lab {

std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> split(std::string_view text, char sep);
std::string trim(std::string_view text);
// Shortest text that reads back as the same number: 1000000 not 1e+06, 0.25 not 0.250000.
std::string format_number(double v);

}  // namespace lab
