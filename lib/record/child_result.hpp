#pragma once
// What a model's process reports back to the driver: one JSON line, the last on its stdout.
// Written by the child (child/model_main.cpp) and read by the driver (driver/run_point.cpp)
// through this one codec, so the two cannot drift apart.
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace lab {

struct outcome {
  bool ok = true;
  std::string error;
  std::string checksum;   // task totals summed in task order, "%.10f"; "" = none
  std::string task_hash;  // FNV-1a over the task totals' bits: equal iff bit-identical; "" = none
  std::optional<double> ideal_s;
  double run_s = 0;       // wall time inside the model process, around the work alone
  boost::json::object metrics;
  boost::json::object code;   // where the timed code came from (library, kernel offset); {} = not said
  boost::json::object trace;  // the run's trace summary; {} = not traced
  boost::json::object sched;  // its units' accounting (measure/unit_sched.hpp); {} = not accounted
};

// One line, without the '\n', valid UTF-8 (an error may quote what a server sent).
std::string to_result_line(const outcome& o);

// Throws std::runtime_error saying what is wrong with the line in words (not JSON, no
// boolean "ok"). Keys a child leaves out read as empty.
outcome outcome_from_result_line(std::string_view line);

}  // namespace lab
