#pragma once
// How analyze() (report/analysis.cpp) turns one group of records into an experiment: its
// variants and axes (experiment_builder.cpp), its points, and each variant's summary and
// the comparison at each point (cell_summary.cpp). Internal to the report.
#include <cstddef>
#include <string>
#include <vector>

#include "record/record.hpp"
#include "report/analysis.hpp"

namespace lab::report::detail {

// The records of one (host, experiment name, scenario), by input index.
struct record_group {
  std::string host, name, scenario;
  std::vector<std::size_t> members;
};

// Fills e (host, name, scenario, primary, variants, axes, points, ...) and the notes of the
// group's records (their experiment, variant, noise and outlier flags).
void build_experiment(const std::vector<record>& records, const record_group& g, analysed_experiment& e,
                      std::vector<record_note>& notes);

// One variant's runs at one point; `outlier_records` receives the input indices of its
// outlier runs.
cell summarize_cell(const std::vector<record>& records, const std::vector<std::size_t>& members,
                    const primary_metric& primary, std::vector<std::size_t>& outlier_records);

// The best variant at a point against the runner-up.
comparison compare(const analysed_experiment& e, const std::vector<cell>& cells);
// Variants a and b (both measured) judged against each other, the better one as `best`.
comparison compare_pair(const analysed_experiment& e, const std::vector<cell>& cells, std::size_t a, std::size_t b);

// A warm-up run (its record's warmup is true), kept out of the statistics.
bool is_warmup(const record& r);

}  // namespace lab::report::detail
