#pragma once
// The sections build_document (report/document.cpp) puts together, each in its own file.
#include <string>
#include <vector>

#include "report/document.hpp"

namespace lab::report {

// One experiment: heading, what was run, tables, charts (report/experiment_section.cpp).
std::vector<block> experiment_blocks(const analysed_experiment& e, int level);
// How every experiment's tables read, said once before them (report/experiment_section.cpp).
std::string how_to_read_experiments();
// The machines side by side, and the method (report/method_section.cpp).
block machine_table(const analysis& a);
std::vector<std::string> method_items();
// The essays' figures beside the lab's, and the cost of checking too often, for one machine
// (report/essays_section.cpp); empty where no experiment reproduces an essay's.
std::vector<block> essays_blocks(const analysis& a, const std::string& host);

}  // namespace lab::report
