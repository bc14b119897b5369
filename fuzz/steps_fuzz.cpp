// libFuzzer target: the profile scenario's step parser (lib/scenario/profile_steps.cpp), the
// parser behind `--set steps=...` and a config's `set.steps`. Any text is a list of task kinds
// whose canonical text reads back as the same, or a usage_error whose message is one short
// line; anything else (a crash, another exception, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "scenario/profile_steps.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const auto kinds = lab::parse_task_kinds(text);
    const std::string canonical = lab::to_text(kinds);
    const auto again = lab::parse_task_kinds(canonical);  // must not throw
    if (again.size() != kinds.size() || lab::to_text(again) != canonical) std::abort();
  } catch (const lab::usage_error& e) {
    const std::string what = e.what();
    if (what.find('\n') != std::string::npos || what.size() > 1000) std::abort();  // one short line
  }
  return 0;
}
