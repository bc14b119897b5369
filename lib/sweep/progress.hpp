#pragma once
// How a sweep reports its progress while it runs. The sweep calls these; what they print
// and where is the caller's choice (main writes to stderr), so the library prints nothing.
#include <cstddef>
#include <memory>
#include <ostream>

#include "record/record.hpp"
#include "sweep/plan.hpp"

namespace lab {

class sweep_progress {
 public:
  virtual ~sweep_progress() = default;
  // done: records written so far, of total; warmup: the run will not be recorded.
  virtual void run_started(const plan_entry& e, bool warmup, std::size_t done, std::size_t total,
                           double elapsed_s) = 0;
  virtual void run_finished(const plan_entry& e, bool warmup, const record& r, std::size_t done,
                            std::size_t total, double elapsed_s) = 0;
  virtual void sweep_finished(std::size_t done, std::size_t total, double elapsed_s) = 0;
};

// terminal: one bar line rewritten with '\r' (done/total, elapsed, ETA, the run in flight;
// failures are printed above it); otherwise one plain line per run:
//   [12/40] threads cpu workers=2 rep 1: 0.410 s
std::unique_ptr<sweep_progress> make_progress(std::ostream& out, bool terminal);

// "1:05", "1:02:03".
std::string format_duration(double seconds);

}  // namespace lab
