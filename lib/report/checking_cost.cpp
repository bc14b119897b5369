#include "report/checking_cost.hpp"

namespace lab::report {

std::optional<checking_cost> checking_cost_of(const analysed_experiment& e) {
  if (e.variants.size() != 1 || e.axes.empty()) return std::nullopt;
  for (const auto& l : essay_lessons()) {
    if (e.scenario != l.scenario || e.axes[0] != l.axis) continue;
    checking_cost c;
    c.lesson = &l;
    for (const auto& p : e.points) {
      if (!p.at[0].num || !p.cells[0].measured()) continue;
      if (*p.at[0].num == 0) c.never = &p;
      else if (!c.most || *p.at[0].num < *c.most->at[0].num) c.most = &p;
    }
    if (!c.never || !c.most) return std::nullopt;
    for (const auto& p : e.points)
      if (p.at[0].num && *p.at[0].num > 0 && p.cells[0].measured() &&
          p.cells[0].value.median <= c.never_s() * (1 + min_effect) &&
          (!c.cheap || *p.at[0].num < *c.cheap->at[0].num))
        c.cheap = &p;
    return c;
  }
  return std::nullopt;
}

}  // namespace lab::report
