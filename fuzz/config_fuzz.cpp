// libFuzzer target: the INI config reader (lib/sweep/config.cpp), the parser behind
// `lab sweep CONFIG.ini`. Any text is a list of experiments or a usage_error whose message
// is one line; anything else (a crash, another exception, a sanitizer report) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "core/error.hpp"
#include "sweep/config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    for (const auto& e : lab::parse_config("fuzz.ini", text))
      if (lab::runs_bound(e) > lab::max_runs) std::abort();
  } catch (const lab::usage_error& e) {
    const std::string what = e.what();
    if (what.find('\n') != std::string::npos || what.size() > 1000) std::abort();  // one short line
  }
  return 0;
}
