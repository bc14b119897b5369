#pragma once
// Where a traced `lab run` keeps the run's record: beside its trace, so one command goes from
// the trace to its report (`lab report DIR/x.trace.json` reads DIR/x.record.jsonl). Both the
// writer (output/record_beside_trace) and `lab report` (report/report_inputs) name it here.
#include <string>
#include <string_view>

namespace lab::trace {

inline constexpr std::string_view trace_suffix = ".trace.json";
inline constexpr std::string_view record_suffix = ".record.jsonl";

inline bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

inline bool is_trace_file_name(std::string_view path) { return ends_with(path, trace_suffix); }

// run-mixed-async-38be6873-0.trace.json -> run-mixed-async-38be6873-0.record.jsonl; any other
// name gets the suffix added.
inline std::string record_beside(std::string_view trace_file) {
  if (is_trace_file_name(trace_file)) trace_file.remove_suffix(trace_suffix.size());
  return std::string(trace_file) + std::string(record_suffix);
}

}  // namespace lab::trace
