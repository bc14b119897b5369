// Scenario `reference`: an independent tool's figures for the same costs, so a report can
// put them beside the lab's. Runs stress-ng's fork, pthread and switch stressors (one
// instance each, `seconds` each) and records their bogo-ops per second of wall time and
// the per-operation figures they print. It measures the machine, not a model, so it runs
// under the serial model only.
#include <sys/wait.h>

#include <chrono>
#include <sstream>

#include <boost/process/v2.hpp>

#include "catalog/scenarios.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "core/wait_status.hpp"
#include "measure/child_process.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace bp2 = boost::process::v2;

namespace {

using clock_type = std::chrono::steady_clock;

// "nanosecs per context switch (pipe method)" -> "nanosecs_per_context_switch_pipe_method",
// "% of 1024 pthreads created" -> "percent_of_1024_pthreads_created"
std::string slug(std::string_view text) {
  std::string s;
  for (char c : text) {
    if (c == '%') {
      if (!s.empty() && s.back() != '_') s += '_';
      s += "percent_";
    } else if (std::isalnum(static_cast<unsigned char>(c)))
      s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    else if (!s.empty() && s.back() != '_')
      s += '_';
  }
  while (!s.empty() && s.back() == '_') s.pop_back();
  return s;
}

// stress-ng --metrics-brief lines look like
//   stress-ng: metrc: [PID] fork   3050   2.00   0.63   0.60   1524.79   2483.62
//   stress-ng: metrc: [PID] switch 5603.23 nanosecs per context switch (pipe method) (geometic mean of 1 instances)
// Returns how many figures it found for `stressor`.
int parse_metrics(const std::string& text, const std::string& stressor, outcome& out) {
  int found = 0;
  for (const auto& line : split(text, '\n')) {
    const auto tag = line.find("metrc:");
    const auto bracket = line.find(']', tag == std::string::npos ? 0 : tag);
    if (tag == std::string::npos || bracket == std::string::npos) continue;
    std::istringstream in(line.substr(bracket + 1));
    std::string name;
    if (!(in >> name) || name != stressor) continue;
    std::vector<double> numbers;
    std::string word, rest;
    while (in >> word) {
      char* end = nullptr;
      const double v = std::strtod(word.c_str(), &end);
      if (end != word.c_str() + word.size()) {
        std::getline(in, rest);
        rest = word + rest;
        break;
      }
      numbers.push_back(v);
    }
    if (numbers.size() == 6 && rest.empty()) {  // bogo ops, real, usr, sys, ops/s real, ops/s usr+sys
      out.metrics[stressor + "_bogo_ops"] = numbers[0];
      out.metrics[stressor + "_real_s"] = numbers[1];
      out.metrics[stressor + "_ops_per_s"] = numbers[4];
      out.metrics[stressor + "_ns_per_op"] = numbers[4] > 0 ? 1e9 / numbers[4] : 0.0;
      ++found;
    } else if (numbers.size() == 1 && !rest.empty()) {
      const auto mean = rest.find(" (geometic mean");  // sic, stress-ng's spelling
      const auto mean2 = rest.find(" (geometric mean");
      rest = rest.substr(0, std::min(mean, mean2));
      out.metrics[stressor + "_" + slug(rest)] = numbers[0];
      ++found;
    }
  }
  return found;
}

outcome reference_run(const std::string&, model&, const run_context& ctx) {
  const auto t0 = clock_type::now();
  const std::string exe = bp2::environment::find_executable("stress-ng").string();
  if (exe.empty()) throw run_error("stress-ng is not installed (apt-get install stress-ng)");
  const auto seconds = ctx.values.integer("seconds");
  const std::string which = ctx.values.text("stressors");
  const std::vector<std::string> stressors =
      which == "all" ? std::vector<std::string>{"fork", "pthread", "switch"} : std::vector<std::string>{which};
  outcome out;
  out.metrics["tool"] = exe;
  for (const auto& s : stressors) {
    const child_run run = run_child(exe, {"--" + s, "1", "-t", std::to_string(seconds) + "s", "--metrics-brief"},
                                    std::chrono::seconds(seconds * 3 + 30));
    if (!run.started) throw run_error(run.start_error);
    if (run.timed_out) throw run_error("stress-ng --" + s + " did not finish and was killed");
    if (!WIFEXITED(run.wait_status) || WEXITSTATUS(run.wait_status) != 0)
      throw run_error("stress-ng --" + s + " " + describe_wait_status(run.wait_status) + ": " + trim(run.err).substr(0, 300));
    // stress-ng logs to stderr, older versions to stdout.
    if (parse_metrics(run.err + "\n" + run.out, s, out) == 0)
      throw run_error("stress-ng --" + s + " printed no metrics line for '" + s + "'");
  }
  out.run_s = std::chrono::duration<double>(clock_type::now() - t0).count();
  return out;
}

scenario_def reference_scenario() {
  scenario_def def;
  def.spec.summary = "stress-ng's fork, pthread and switch stressors, one instance for `seconds` each (needs stress-ng)";
  def.spec.params = {{.name = "seconds", .default_value = "3", .min = 1, .max = 600, .help = "seconds per stressor"},
                     {.name = "stressors",
                      .kind = param_kind::choice,
                      .default_value = "all",
                      .choices = {"all", "fork", "pthread", "switch"},
                      .help = "which stressors to run"}};
  def.run = reference_run;
  return def;
}

const register_scenario registered{scenario_names::reference, reference_scenario};

}  // namespace

}  // namespace lab
