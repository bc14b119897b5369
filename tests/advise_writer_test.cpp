// lab advise's text: where the prediction's choice misses the measured best, it says by how much
// each was off and how far apart the two were measured.
#include <doctest/doctest.h>

#include <sstream>
#include <vector>

#include "advise/advice_writer.hpp"

namespace {

using namespace lab::advise;

checked_point point(const char* model, double predicted, double measured, std::vector<double> runs = {}) {
  checked_point p;
  p.v.model = model;
  p.units = 100;
  p.predicted.v = p.v;
  p.predicted.throughput = predicted;
  p.throughput = measured;
  p.runs = std::move(runs);
  return p;
}

}  // namespace

TEST_CASE("advise: a missed choice says each one's error and how far apart they were measured") {
  advice a;
  a.profile.name = "p";
  a.costs.cpus = 2;
  a.tgt.cpus = 2;
  a.tgt.concurrency = 100;
  a.verified_units = 100;
  a.checked = {point("threads", 2250, 2130), point("async", 2130, 2190)};
  std::ostringstream out;
  write_advice(out, a, advise_request{});
  const std::string text = out.str();
  INFO(text);
  CHECK(text.find("the prediction missed it") != std::string::npos);
  CHECK(text.find("threads, ranked first, was measured 2.7% behind async; the model was +5.6% off for threads and "
                  "−2.7% for async; the term that missed for threads: ") != std::string::npos);

  // Three runs each that do not separate them: a tie within the machine's noise, said with the runs.
  a.checked = {point("threads", 2250, 2130, {2030, 2130, 2150}), point("async", 2130, 2190, {2120, 2190, 2230})};
  std::ostringstream tie;
  write_advice(tie, a, advise_request{});
  CHECK(tie.str().find("but their runs overlap (threads 2030–2150, async 2120–2230 tasks/s, 3 runs each): a tie within "
                       "this machine's noise.") != std::string::npos);
  a.checked = {point("threads", 2250, 2130, {2030, 2100, 2110}), point("async", 2130, 2190, {2120, 2190, 2230})};
  std::ostringstream apart;
  write_advice(apart, a, advise_request{});
  CHECK(apart.str().find("the prediction missed it.") != std::string::npos);

  a.checked = {point("threads", 2250, 2180), point("async", 2130, 2190)};  // within 2% of the best: named
  std::ostringstream named;
  write_advice(named, a, advise_request{});
  CHECK(named.str().find("the prediction named it") != std::string::npos);
  CHECK(named.str().find("ranked first, was measured") == std::string::npos);
}
