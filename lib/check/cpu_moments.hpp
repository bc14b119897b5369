#pragma once
// Do this machine's CPUs run identical work at different speeds? Judged only from runs of the
// same work on every CPU at the same moment (one pinned child per CPU, started together): a
// machine whose speed moves from one second to the next (a shared VM's host) makes runs on
// CPU 0 now and CPU 1 a second later differ by the moment, not by the CPU. Per moment, each
// CPU's time over the moment's median cancels the moment; a CPU that is slower at every
// moment is slower. What moves between moments is the machine's noise, said as such.
// Pure functions over samples taken from records.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "record/record.hpp"

namespace lab::fairness {

// The experiment the simultaneous runs are recorded under; "rep" is the moment.
inline constexpr std::string_view cpus_experiment = "check:cpus";

struct moment_sample {
  int moment = 0;
  int cpu = 0;
  double value = 0;  // time per unit of work: lower is faster
  double load = 0;   // the machine's 1-minute load as the run ended (record sched.load1), 0 = not said
};
// nullopt for a record that is not a successful simultaneous run with its figure and CPU.
std::optional<moment_sample> moment_sample_of(const record& r);

struct cpu_factor {
  int cpu = 0;
  double factor = 1;  // median over moments of its time / the moment's median
  double median = 0;  // of its times at those moments
};

struct cpu_comparison {
  std::size_t cpus = 0;
  std::size_t moments = 0;          // moments at which every CPU ran
  std::vector<cpu_factor> factors;  // by CPU id
  double spread = 1;                // slowest factor / fastest factor
  int slow_cpu = -1, fast_cpu = -1;
  double p = 1;                     // signed-rank p of the slow CPU's per-moment ratio to the fast one's
  bool differ = false;              // spread beyond tolerance, and the same way at the moments (p < alpha)
  // What placement can cost at one moment: the median over moments of the slowest CPU's time
  // over the fastest's (1 with fewer than two CPUs). A single-unit run the kernel placed is
  // subject to it whether or not the CPUs differ on the whole.
  double within = 1;
  double between = 0;               // the machine's speed between moments: max / min of their medians - 1
  double load = 0;                  // median load of the runs (0 = not said)
};

cpu_comparison compare_cpus(const std::vector<moment_sample>& samples, double tolerance = 0.03, double alpha = 0.01);

// Words for the verdict line, after "; ": "CPU 1 runs identical work 20.0% slower than CPU 0
// at the same moments ..." or "the CPUs run identical work alike at the same moment: within
// 1.2% (2 CPUs at 9 moments); the machine is noisy (spread 25.0% between moments)"; "" without
// simultaneous runs.
std::string describe(const cpu_comparison& c, double tolerance);

}  // namespace lab::fairness
