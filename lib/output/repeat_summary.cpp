#include "output/repeat_summary.hpp"

#include <cstdio>
#include <string>

#include "stats/stats.hpp"

namespace lab {

namespace {

std::string g(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

void write_repeat_summary(std::ostream& out, const repeat_outcome& o) {
  out << "summary: " << o.runs << (o.runs == 1 ? " run" : " runs");
  if (o.failed > 0) out << " (" << o.failed << " failed)";
  if (o.values.empty()) {
    out << ", none measured " << o.measure << "; stopped: " << o.stopped << "\n";
    return;
  }
  const auto s = stats::summarize(o.values);
  out << "; " << o.measure << " median " << g(s.median);
  if (s.n >= 2 && !s.ci.too_few) out << ", 95% interval of the median " << g(s.ci.lo) << "–" << g(s.ci.hi);
  if (s.n >= 2)
    out << ", spread " << g(s.min) << "–" << g(s.max) << " (CV " << g(100 * s.cv) << "%"
        << (s.ci.too_few ? "; the median's 95% interval needs 6 runs" : "") << ")";
  out << "; stopped: " << o.stopped << "\n";
}

}  // namespace lab
