#pragma once
// Small text helpers shared by the parsers and writers.
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace lab {

std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> split(std::string_view text, char sep);
std::string trim(std::string_view text);
// Shortest text that reads back as the same number: 1000000 not 1e+06, 0.25 not 0.250000.
std::string format_number(double v);

}  // namespace lab

namespace lab {

// `text` with every byte that is not part of valid UTF-8 replaced by U+FFFD, so JSON built
// from it can be read back (Boost.JSON serializes strings as they are). Idempotent.
std::string valid_utf8(std::string_view text);

// Input quoted for an error message: in single quotes, control bytes and bytes that are not
// UTF-8 written as \xNN, cut after about `max` bytes of that, so a message stays one short line.
std::string quote(std::string_view text, std::size_t max = 100);

// A whole message made safe for one line of a terminal: control bytes and invalid UTF-8
// escaped, cut at `max` bytes. The last guard at the edge, after quote() at the source.
std::string one_line(std::string_view message, std::size_t max = 600);

// "unknown WHAT 'NAME' (choose A, B, C)": the one wording for a name that is not among the
// choices, for the caller to throw.
usage_error unknown_choice(std::string_view what, std::string_view name, const std::vector<std::string>& choices);

}  // namespace lab
