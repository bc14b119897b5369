#include "catalog/essays.hpp"

namespace lab {

// The figures are the essays' own printed outputs, copied here so the repository documents
// itself: seeds/000 and 001 print "Total time elapsed: 7.54 seconds." (serial) and "4.65s"
// (asyncio); seeds/002 prints "time elapsed: 3.02 seconds" (time.sleep) and "1.00 seconds"
// (asyncio.gather).
const std::vector<essay_figure>& essay_figures() {
  static const std::vector<essay_figure> all{
      {.scenario = "mixed",
       .source = "seeds/000",
       .what = "a request whose server sums 10⁷ Gaussian samples beside 1.2×10⁸ local uniform samples",
       .serial_s = 7.54,
       .async_s = 4.65,
       .why_lab_differs = "compiled C++ sums a sample in about a nanosecond where CPython's loop takes tens, so "
                          "both parts, and with them both times, shrink; the ratio is the comparable figure"},
      {.scenario = "sleep",
       .source = "seeds/002",
       .what = "three sleep(1) calls, one after another or gathered",
       .serial_s = 3.02,
       .async_s = 1.00,
       .work = {{"tasks", "3"}, {"ms", "1000"}},
       .why_lab_differs = "the waits are the work: the same in both languages, and the start of a task costs "
                          "microseconds beside a second"},
  };
  return all;
}

const std::vector<essay_lesson>& essay_lessons() {
  static const std::vector<essay_lesson> all{
      {.scenario = "mixed",
       .axis = "yield_every",
       .source = "seeds/001",
       .lesson = "without chunking, the savings are eaten up by checking the time after every sample"},
  };
  return all;
}

}  // namespace lab
