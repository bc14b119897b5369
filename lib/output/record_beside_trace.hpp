#pragma once
// `lab run --trace DIR`: each traced run's record, one JSON line, written beside its trace
// (trace/record_beside.hpp names the file), so `lab report DIR` needs nothing else.
#include <string>

#include "record/record.hpp"

namespace lab {

// Writes the record beside the trace its `trace.file` names, whole (a temporary renamed over
// it) or not at all. Returns the file written; "" for a record with no trace file (a failed
// trace). Throws std::runtime_error naming the file when the write fails.
std::string write_record_beside_trace(const record& r);

}  // namespace lab
