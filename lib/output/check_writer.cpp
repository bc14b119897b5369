#include "output/check_writer.hpp"

#include <cstdio>

namespace lab {

void write_check(std::ostream& out, const fairness::result& r) {
  char line[160];
  std::snprintf(line, sizeof line, "%-12s %-14s %4s %12s %7s %9s %9s\n", "work", "model", "n", "median", "cv",
                "ratio", "p");
  out << line;
  for (const auto& it : r.items) {
    for (const auto& v : it.variants) {
      std::snprintf(line, sizeof line, "%-12s %-14s %4zu %8.3f %-3s %6.1f%% %9.3f %9.2g%s\n", it.item.c_str(),
                    v.variant.c_str(), v.n, v.median, it.unit == "ms" ? "ms" : "ns", v.cv * 100, v.ratio, v.p,
                    v.off ? "  off" : "");
      out << line;
    }
  }
  if (!r.same_code) out << "the records name more than one location of the kernel: the models ran different code\n";
  out << r.verdict << '\n';
}

}  // namespace lab
