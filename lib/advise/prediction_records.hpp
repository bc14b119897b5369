#pragma once
// The predictions as records of experiment "advise:predict" (docs/record.md), so the results
// file holds what was predicted beside what was measured and `lab report` can draw both:
// every variant along a concurrency grid up to past the target, and at the target itself.
#include <string>
#include <vector>

#include "advise/advise.hpp"
#include "record/record.hpp"
#include "sweep/results_file.hpp"

namespace lab::advise {

std::vector<record> prediction_records(const advice& a);
// Appends the records. Throws on a write error.
void write_records(results_file& out, const std::vector<record>& records);

}  // namespace lab::advise
