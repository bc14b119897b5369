#pragma once
// The predictions as records of experiment "advise:predict" (docs/record.md), so the results
// file holds what was predicted beside what was measured and `lab report` can draw both:
// every variant along a concurrency grid up to past the target, and at the target itself.
#include <string>
#include <vector>

#include "advise/advise.hpp"
#include "record/record.hpp"

namespace lab::advise {

std::vector<record> prediction_records(const advice& a);
// Appends (or with fresh, starts `path` with) the records. Throws on a write error.
void write_records(const std::string& path, const std::vector<record>& records, bool fresh);

}  // namespace lab::advise
