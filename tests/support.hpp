#pragma once
// What the tests that run the real executables share.
#include <doctest/doctest.h>

#include <boost/json/parse.hpp>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "measure/child_process.hpp"

namespace lab::test {

inline std::string bin(const std::string& name) { return std::string(LAB_BIN_DIR) + "/" + name; }

struct command_result {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string out, err;
};

inline command_result run(const std::string& exe, const std::vector<std::string>& args, int timeout_s = 60) {
  auto r = run_child(exe, args, std::chrono::seconds(timeout_s));
  command_result c;
  c.status = r.started && WIFEXITED(r.wait_status) ? WEXITSTATUS(r.wait_status) : -1;
  c.out = r.out;
  c.err = r.err;
  return c;
}

// The JSON objects of every non-empty stdout line.
inline std::vector<boost::json::object> json_lines(const std::string& out) {
  std::vector<boost::json::object> objs;
  for (const auto& line : split(out, '\n'))
    if (!trim(line).empty()) objs.push_back(boost::json::parse(line).as_object());
  return objs;
}

// One run of a model executable on a scenario: its one JSON result line. REQUIREs exit 0.
inline boost::json::object run_model(const std::string& model, const std::vector<std::string>& sets,
                                     const std::string& scenario = "cpu") {
  std::vector<std::string> args{"--scenario=" + scenario};
  for (const auto& s : sets) {
    args.push_back("--set");
    args.push_back(s);
  }
  auto r = run(bin("lab-" + model), args);
  INFO(model, " stderr: ", r.err);
  REQUIRE(r.status == 0);
  auto lines = json_lines(r.out);
  REQUIRE(lines.size() == 1);
  return lines[0];
}

}  // namespace lab::test
