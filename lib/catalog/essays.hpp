#pragma once
// The essays the lab was conceived from (/work/shared/seeds, README "Where it comes from")
// and the figures they print, so that a report can put the lab's own beside them. Each
// figure names its source; the lab's experiment is matched by scenario and the work the
// essay ran (`work`: parameters the experiment must hold fixed at these values).
#include <string>
#include <utility>
#include <vector>

namespace lab {

struct essay_figure {
  std::string scenario;  // the lab's scenario that reproduces it
  std::string source;    // "seeds/000"
  std::string what;      // the essay's experiment, in a few words
  double serial_s = 0;   // the essay's serial time
  double async_s = 0;    // the essay's asyncio time
  std::vector<std::pair<std::string, std::string>> work{};
  std::string why_lab_differs;  // why the lab's figures differ from the essay's
  std::string model = "async";  // the model the essay set against serial (asyncio)
};

const std::vector<essay_figure>& essay_figures();

// The essays' lesson on checking too often (seeds/001's comment on chunking): the scenario and
// the swept parameter whose smallest values show it.
struct essay_lesson {
  std::string scenario, axis, source, lesson;
};
const std::vector<essay_lesson>& essay_lessons();

}  // namespace lab
