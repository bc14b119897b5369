// Where a timeline is empty and where it is too full to draw (report/timeline.hpp): a
// thread's idle stretches with their cause, and runs of chunks too dense to tell apart.
#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

#include "report/timeline.hpp"

namespace lab::report {

namespace {

// The first `sent` instant within a request's span: before it the request was connecting or
// sending, after it waiting for the answer.
double sent_within(const timeline& t, const timeline_bar& request) {
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::instant && b.name == "sent" && b.start_s >= request.start_s &&
        b.start_s <= request.end_s)
      return b.start_s;
  return request.end_s;
}

// What the other rows were waiting on while a thread had nothing to do: the wait covering
// most of the stretch.
std::string cause_of(const timeline& t, std::size_t row, double from, double to) {
  const double half = (to - from) / 2, mid = (from + to) / 2;
  // The request first: a thread idle while one is out is waiting on it, whatever else waits.
  const timeline_bar* why = nullptr;
  for (const auto& b : t.bars) {
    if (b.row == row || b.what != timeline_bar::kind::wait || overlap_s(from, to, b.start_s, b.end_s) < half) continue;
    if (!why || b.name == "request") why = &b;
  }
  if (!why) return "";
  if (why->name == "request") return mid < sent_within(t, *why) ? "connecting and sending the request" : "waiting for the server's answer";
  if (why->name == "timer wait" || why->name == "sleep") return "waiting for a timer";
  if (why->name.rfind("ready", 0) == 0)
    return "a coroutine ready, the loop running none: loop work the trace does not show, or the thread descheduled";
  return why->name;
}

}  // namespace

std::vector<idle_stretch> idle_stretches(const timeline& t, double min_s) {
  std::vector<idle_stretch> out;
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    if (row >= t.os_thread.size() || !t.os_thread[row]) continue;
    double life_start = -1, life_end = -1;
    std::vector<std::pair<double, double>> busy;
    for (const auto& b : t.bars) {
      if (b.row != row) continue;
      if (b.what == timeline_bar::kind::life) {
        life_start = life_start < 0 ? b.start_s : std::min(life_start, b.start_s);
        life_end = std::max(life_end, b.end_s);
      } else if (b.what == timeline_bar::kind::compute || b.what == timeline_bar::kind::wait) {
        busy.emplace_back(b.start_s, b.end_s);
      }
    }
    if (life_start < 0 || busy.empty()) continue;  // a thread with nothing on it is not idle in stretches
    std::sort(busy.begin(), busy.end());
    double at = life_start;
    busy.emplace_back(life_end, life_end);
    for (const auto& [from, to] : busy) {
      if (from - at >= min_s) out.push_back({row, at, from, cause_of(t, row, at, from)});
      at = std::max(at, to);
    }
  }
  return out;
}

std::vector<dense_stretch> dense_stretches(const timeline& t, double pixel_s) {
  // Chunks by row, task and whether they are a loop's copies, in time order.
  std::map<std::tuple<std::size_t, long long, bool>, std::vector<const timeline_bar*>> runs;
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::compute) runs[{b.row, b.task, b.copy}].push_back(&b);
  std::vector<dense_stretch> out;
  constexpr std::size_t fewest = 8;
  auto close = [&](dense_stretch& s) {
    if (s.chunks >= fewest && (s.end_s - s.start_s) / static_cast<double>(s.chunks) < 3 * pixel_s) out.push_back(s);
  };
  for (auto& [key, bars] : runs) {
    std::sort(bars.begin(), bars.end(), [](auto* a, auto* b) { return a->start_s < b->start_s; });
    dense_stretch s;
    for (const auto* b : bars) {
      if (s.chunks > 0 && b->start_s - s.end_s >= pixel_s) {
        close(s);
        s = {};
      }
      if (s.chunks == 0) s = {b->row, b->task, b->copy, b->start_s, b->end_s, 0, 0};
      s.end_s = std::max(s.end_s, b->end_s);
      s.busy_s += b->busy_s;
      s.chunks += b->merged;
    }
    if (s.chunks > 0) close(s);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return std::tie(a.row, a.start_s) < std::tie(b.row, b.start_s); });
  return out;
}

timeline marked_dense(const timeline& t, const std::vector<dense_stretch>& stretches) {
  // Per row, task and copy, the stretches in time order: a bar finds its own by bisection.
  std::map<std::tuple<std::size_t, long long, bool>, std::vector<const dense_stretch*>> by_key;
  for (const auto& s : stretches) by_key[{s.row, s.task, s.copy}].push_back(&s);
  for (auto& [key, list] : by_key)
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->start_s < b->start_s; });
  timeline out = t;
  for (auto& b : out.bars) {
    if (b.what != timeline_bar::kind::compute) continue;
    const auto found = by_key.find({b.row, b.task, b.copy});
    if (found == by_key.end()) continue;
    const auto& list = found->second;
    auto after = std::upper_bound(list.begin(), list.end(), b.start_s, [](double x, auto* s) { return x < s->start_s; });
    if (after != list.begin() && b.end_s <= (*std::prev(after))->end_s) b.dense = true;
  }
  return out;
}

}  // namespace lab::report
