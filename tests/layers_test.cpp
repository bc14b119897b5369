// The library's layers, top to bottom, as docs/architecture.md draws them: a file may include
// its own layer's headers and those of layers below it, never above. Read from the includes
// themselves, so a new upward include fails here instead of waiting for a review.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::string_view, 19> layers{"cli", "advise", "sweep",  "output", "driver",  "child", "scenario",
                                                  "models",  "net",    "measure", "workload", "render", "report",
                                                  "check",   "stats",  "record", "catalog", "trace", "core"};

long rank_of(std::string_view part) {
  const auto it = std::find(layers.begin(), layers.end(), part);
  return it == layers.end() ? -1 : it - layers.begin();
}

}  // namespace

TEST_CASE("layers: every lib/ file includes only its own layer and the layers below it") {
  const fs::path lib = fs::path(LAB_SOURCE_DIR) / "lib";
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(lib)) {
    if (!entry.is_regular_file()) continue;
    const std::string part = fs::relative(entry.path(), lib).begin()->string();
    INFO("lib/" << part << " is a folder the layer list in tests/layers_test.cpp and docs/architecture.md must name");
    REQUIRE(rank_of(part) >= 0);
    ++files;
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("#include \"", 0) != 0) continue;
      const std::string target = line.substr(10, line.find('/', 10) - 10);
      INFO(fs::relative(entry.path(), lib.parent_path()).string() << ": " << line);
      REQUIRE(rank_of(target) >= 0);
      CHECK(rank_of(target) >= rank_of(part));
    }
  }
  CHECK(files > 200);
}
