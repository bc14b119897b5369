#pragma once
// The essays' lesson on checking too often (catalog/essays.hpp, essay_lesson), read from an
// experiment that sweeps the lesson's axis: the essays section's sentence and the glance
// table's row both come from here.
#include <optional>

#include "report/analysis.hpp"

namespace lab::report {

struct checking_cost {
  const essay_lesson* lesson = nullptr;
  const point* never = nullptr;  // the axis at 0: the work never yields
  const point* most = nullptr;   // the smallest interval above 0: it yields most often
  const point* cheap = nullptr;  // the smallest interval within min_effect of never; may be null
  double never_s() const { return never->cells[0].value.median; }
  double most_s() const { return most->cells[0].value.median; }
  // The unyielding work's time over the most-often-yielding time: what checking leaves of it.
  double efficiency() const { return never_s() / most_s(); }
};

// Null where e is not a one-variant sweep of a lesson's axis with both ends measured.
std::optional<checking_cost> checking_cost_of(const analysed_experiment& e);

}  // namespace lab::report
