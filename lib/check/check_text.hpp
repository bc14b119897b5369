#pragma once
// The fairness check's few number phrases, one place for both its parts (fairness.cpp,
// cpu_moments.cpp). The check sits below the report, so it cannot use report/format.hpp.
#include <string>

namespace lab::fairness {

std::string percent_text(double fraction);  // 0.031 -> "3.1%"
std::string p_text(double p);               // 0.0412 -> "0.041": two significant digits

}  // namespace lab::fairness
