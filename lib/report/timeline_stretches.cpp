// Where a timeline is empty and where it is too full to draw (report/timeline.hpp): a
// thread's idle stretches with their cause, and runs of chunks too dense to tell apart.
#include <algorithm>
#include <iterator>
#include <map>
#include <tuple>

#include "report/format.hpp"
#include "report/timeline.hpp"

namespace lab::report {

namespace {

// The bars that can explain an idle stretch, gathered once per timeline: coroutines' task
// spans, waits other than a coroutine's ready wait, and the `sent` instants in time order. A
// trace holds up to 200,000 events, most of them chunks and yields that explain nothing.
struct witnesses {
  const timeline& t;
  std::vector<const timeline_bar*> spans;
  std::vector<double> sent;

  explicit witnesses(const timeline& tl) : t(tl) {
    for (const auto& b : t.bars) {
      const bool coroutine = b.row < t.os_thread.size() && !t.os_thread[b.row];
      if ((b.what == timeline_bar::kind::task && coroutine) ||
          (b.what == timeline_bar::kind::wait && b.name.rfind("ready", 0) != 0))
        spans.push_back(&b);
      if (b.what == timeline_bar::kind::instant && b.name == "sent") sent.push_back(b.start_s);
    }
    std::sort(sent.begin(), sent.end());
  }

  // The first `sent` within a request's span: before it the request was connecting or sending,
  // after it waiting for the answer.
  double sent_within(const timeline_bar& request) const {
    const auto at = std::lower_bound(sent.begin(), sent.end(), request.start_s);
    return at != sent.end() && *at <= request.end_s ? *at : request.end_s;
  }

  // A coroutine with work over most of [from, to]: its task under way and it not waiting on a
  // request or a timer (ready, or between two steps). Then its loop thread had work to run.
  bool coroutine_had_work(double from, double to) const {
    const double half = (to - from) / 2;
    std::map<std::size_t, bool> waiting;  // coroutine rows with a task under way: waiting or not
    for (const auto* b : spans) {
      if (b->row >= t.os_thread.size() || t.os_thread[b->row] || overlap_s(from, to, b->start_s, b->end_s) < half) continue;
      if (b->what == timeline_bar::kind::task) waiting.try_emplace(b->row, false);
      else waiting[b->row] = true;
    }
    return std::any_of(waiting.begin(), waiting.end(), [](const auto& w) { return !w.second; });
  }

  // What the other rows were waiting on while a thread had nothing traced: a coroutine's work
  // first (then the thread was not waiting at all), then a request, a timer, any other wait.
  std::string cause_of(std::size_t row, double from, double to) const {
    if (coroutine_had_work(from, to)) return "a coroutine had work and the loop ran none";
    const double half = (to - from) / 2, mid = (from + to) / 2;
    const auto rank = [](const timeline_bar& b) { return b.name == "request" ? 0 : 1; };
    const timeline_bar* why = nullptr;
    for (const auto* b : spans) {
      if (b->row == row || b->what != timeline_bar::kind::wait || overlap_s(from, to, b->start_s, b->end_s) < half)
        continue;
      if (!why || rank(*b) < rank(*why)) why = b;
    }
    if (!why) return "";
    if (why->name == "request")
      return mid < sent_within(*why) ? "connecting and sending the request" : "waiting for the server's answer";
    if (why->name == "timer wait" || why->name == "sleep") return "waiting for a timer";
    return why->name;
  }
};

// The thread's CPU time between two chunks on it, from their stamps; -1 where either lacks one.
double on_cpu(const timeline_bar* before, const timeline_bar* after) {
  if (!before || !after || before->what != timeline_bar::kind::compute || after->what != timeline_bar::kind::compute ||
      before->thread_cpu_end_s < 0 || after->thread_cpu_s < 0)
    return -1;
  return std::max(0.0, after->thread_cpu_s - before->thread_cpu_end_s);
}

// Where nothing the thread waited on explains a stretch, its CPU time does: next to none, it
// was off the CPU (descheduled, the machine busy elsewhere); most of it, it ran work the
// trace has no span for.
std::string cpu_verdict(const idle_stretch& i) {
  if (i.on_cpu_s < 0) return i.cause.empty() ? "" : "loop work the trace has no span for, or the thread descheduled";
  const double span = i.end_s - i.start_s;
  if (i.on_cpu_s < 0.2 * span) return "the thread was off the CPU, descheduled";
  if (i.on_cpu_s > 0.8 * span) return "the thread ran work the trace has no span for";
  return "the thread ran work the trace has no span for and was descheduled the rest";
}

}  // namespace

std::vector<idle_stretch> idle_stretches(const timeline& t, double min_s) {
  std::vector<idle_stretch> out;
  const witnesses w(t);
  for (std::size_t row = 0; row < t.rows.size(); ++row) {
    if (row >= t.os_thread.size() || !t.os_thread[row]) continue;
    double life_start = -1, life_end = -1;
    std::vector<const timeline_bar*> busy;
    for (const auto& b : t.bars) {
      if (b.row != row) continue;
      if (b.what == timeline_bar::kind::life) {
        life_start = life_start < 0 ? b.start_s : std::min(life_start, b.start_s);
        life_end = std::max(life_end, b.end_s);
      } else if (b.what == timeline_bar::kind::compute || b.what == timeline_bar::kind::wait) {
        busy.push_back(&b);
      }
    }
    if (life_start < 0 || busy.empty()) continue;  // a thread with nothing on it is not idle in stretches
    std::sort(busy.begin(), busy.end(), [](auto* a, auto* b) { return a->start_s < b->start_s; });
    double at = life_start;
    const timeline_bar* before = nullptr;  // the bar that ended last, at `at`
    for (std::size_t i = 0; i <= busy.size(); ++i) {
      const double from = i < busy.size() ? busy[i]->start_s : life_end;
      if (from - at >= min_s) {
        idle_stretch idle;
        idle.row = row;
        idle.start_s = at;
        idle.end_s = from;
        idle.cause = w.cause_of(row, at, from);
        idle.on_cpu_s = on_cpu(before, i < busy.size() ? busy[i] : nullptr);
        if (idle.cause.rfind("a coroutine had work", 0) == 0 || idle.cause.empty()) idle.cpu = cpu_verdict(idle);
        out.push_back(std::move(idle));
      }
      if (i < busy.size() && busy[i]->end_s >= at) {
        at = busy[i]->end_s;
        before = busy[i];
      }
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
