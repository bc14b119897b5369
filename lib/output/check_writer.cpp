#include "output/check_writer.hpp"

#include <cstdio>
#include <string>

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
  // The CPUs at the same moments (check/cpu_moments.hpp): each one's median and its time over
  // the moment's median.
  for (const auto& f : r.cpus.factors) {
    const std::string cpu = "CPU " + std::to_string(f.cpu);
    std::snprintf(line, sizeof line, "%-12s %-14s %4zu %8.3f %-3s %7s %9.3f\n", "cpus at once", cpu.c_str(),
                  r.cpus.moments, f.median, "ns", "", f.factor);
    out << line;
  }
  if (!r.same_code) out << "the records name more than one location of the kernel: the models ran different code\n";
  out << r.verdict << '\n';
}

}  // namespace lab
