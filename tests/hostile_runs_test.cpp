// Runs under hostile conditions (issue 21): a trace that cannot be written, a signal, a
// parameter the model cannot take, memory running out where no run catches it.
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "driver/run_point.hpp"
#include "support.hpp"
#include "sweep/config.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::temp_dir;
namespace fs = std::filesystem;

// On main `--set mechanism=post` with threads or serial exited 0 with a failed record, and a
// sweep planned it too.
TEST_CASE("hostile: a mechanism the model does not have is refused when planned, exit 2") {
  for (const char* model : {"threads", "serial"}) {
    CAPTURE(model);
    run_request req;
    req.model = model;
    req.scenario = "switch";
    req.sets = {{"mechanism", "post"}};
    CHECK_THROWS_WITH_AS(validate(req), doctest::Contains("mechanism 'post' is not one of model"), usage_error);
    const auto r = lab::test::run(lab::test::bin("lab"), {"--model=" + std::string(model), "--scenario=switch", "--set",
                                                          "mechanism=post", "--json"});
    CHECK(r.status == 2);
    CHECK(r.out.empty());
  }
  temp_dir dir;
  const std::string config = dir.write("s.ini", "[s]\nscenario = switch\nmodels = threads, async\nreps = 1\n"
                                                "sweep.mechanism = default, post\n");
  CHECK_THROWS_WITH_AS(read_configs({config}), doctest::Contains("mechanism 'post' is not one of model threads"),
                       usage_error);
  run_request fine;
  fine.model = "async";
  fine.scenario = "switch";
  fine.sets = {{"mechanism", "post"}};
  CHECK_NOTHROW(validate(fine));
}
