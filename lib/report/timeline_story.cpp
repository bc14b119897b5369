// A timeline told as the seeds print their runs ("Pausing uniform_sum at 26,999,999 ...
// Resuming server_request"): the first hand-offs in time order, and the one fact that matters,
// both computed from the trace's events (report/timeline.hpp).
#include <algorithm>
#include <map>
#include <set>

#include "core/text.hpp"
#include "report/format.hpp"
#include "report/timeline.hpp"

namespace lab::report {

namespace {

// One thing a unit did: computed a stretch of a task, began a request, had it sent or
// answered, waited on a timer.
struct happening {
  enum class kind { ran, called, sent, answered, timer } what = kind::ran;
  double start_s = 0, end_s = 0;
  std::size_t row = 0;
  long long task = -1;
  std::size_t chunks = 0;
  bool paused = false;  // ran: its task ran again later, after another unit's turn
};

// The request a `sent` or `answered` instant belongs to: the request span around it, so the
// instant is told of the coroutine that asked, not of the loop thread that did the I/O.
// `requests` in order of start; the latest started that holds `at` (an io run has thousands).
const timeline_bar* request_around(const std::vector<const timeline_bar*>& requests, double at) {
  auto after = std::upper_bound(requests.begin(), requests.end(), at, [](double x, auto* b) { return x < b->start_s; });
  while (after != requests.begin()) {
    --after;
    if ((*after)->end_s >= at) return *after;
  }
  return nullptr;
}

std::vector<happening> happenings_of(const timeline& t) {
  std::vector<const timeline_bar*> requests;
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::wait && b.name == "request") requests.push_back(&b);
  std::sort(requests.begin(), requests.end(), [](auto* a, auto* b) { return a->start_s < b->start_s; });
  std::vector<happening> out;
  for (const auto& b : t.bars) {
    using k = timeline_bar::kind;
    if (b.what == k::compute && !b.copy) out.push_back({happening::kind::ran, b.start_s, b.end_s, b.row, b.task, b.merged});
    if (b.what == k::wait && b.name == "request") out.push_back({happening::kind::called, b.start_s, b.end_s, b.row, b.task});
    if (b.what == k::wait && (b.name == "timer wait" || b.name == "sleep"))
      out.push_back({happening::kind::timer, b.start_s, b.end_s, b.row, b.task});
    if (b.what == k::instant && (b.name == "sent" || b.name == "answered")) {
      const auto* r = request_around(requests, b.start_s);
      out.push_back({b.name == "sent" ? happening::kind::sent : happening::kind::answered, b.start_s, b.start_s,
                     r ? r->row : b.row, r ? r->task : -1});
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start_s < b.start_s; });
  // Chunks of one task back to back, nothing else happening between them, are one stretch.
  std::vector<happening> folded;
  for (const auto& h : out) {
    if (!folded.empty()) {
      auto& last = folded.back();
      if (h.what == happening::kind::ran && last.what == happening::kind::ran && last.row == h.row && last.task == h.task) {
        last.end_s = std::max(last.end_s, h.end_s);
        last.chunks += h.chunks;
        continue;
      }
    }
    folded.push_back(h);
  }
  // A stretch whose task runs again later paused in between (one pass from the end).
  std::set<long long> runs_later;
  for (auto h = folded.rbegin(); h != folded.rend(); ++h)
    if (h->what == happening::kind::ran) h->paused = !runs_later.insert(h->task).second;
  return folded;
}

// "0.28–5.93 ms", or for a stretch too short for its ends to read apart "for 4.31 µs at 22.2 ms".
std::string ran_when(double from_s, double to_s) {
  if (fmt::seconds(from_s) == fmt::seconds(to_s)) return "for " + fmt::seconds(to_s - from_s) + " at " + fmt::seconds(from_s);
  return time_span(from_s, to_s);
}

std::string told(const happening& h, const timeline& t) {
  const std::string& who = t.rows[h.row];
  switch (h.what) {
    case happening::kind::ran:
      return who + " computed " + (h.task >= 0 ? "task " + std::to_string(h.task) + " " : "") +
             ran_when(h.start_s, h.end_s) +
             (h.chunks > 1 ? " (" + fmt::count(static_cast<double>(h.chunks)) + " chunks)" : "") +
             (h.paused ? ", then paused" : "");
    case happening::kind::called: return who + " began its request at " + fmt::seconds(h.start_s);
    case happening::kind::sent: return who + "'s request was sent at " + fmt::seconds(h.start_s);
    case happening::kind::answered: return who + "'s answer came at " + fmt::seconds(h.start_s);
    case happening::kind::timer: return who + " waited on a timer " + time_span(h.start_s, h.end_s);
  }
  return "";
}

// The chunks of `task` (a unit's own, not a loop's copies) and their time.
std::pair<std::size_t, double> chunks_of(const timeline& t, long long task) {
  std::size_t n = 0;
  double s = 0;
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::compute && !b.copy && b.task == task) {
      n += b.merged;
      s += b.busy_s;
    }
  return {n, s};
}

const timeline_bar* first_instant(const timeline& t, const char* name, double from, double to) {
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::instant && b.name == name && b.start_s >= from && b.start_s <= to) return &b;
  return nullptr;
}

// How long the request took to leave, and what held it: the computing on the thread that
// sent it (a loop's copies of its coroutines' chunks, or the thread's own) since it was called.
std::string send_delay(const timeline& t, const timeline_bar& request, const timeline_bar& sent) {
  const double delay = sent.start_s - request.start_s;
  std::map<long long, std::pair<double, std::size_t>> behind;  // task: time and chunks in the way
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::compute && b.row == sent.row && b.task != request.task) {
      const double o = overlap_s(request.start_s, sent.start_s, b.start_s, b.end_s);
      if (o <= 0) continue;
      behind[b.task].first += o;
      behind[b.task].second += b.merged;
    }
  const auto most = std::max_element(behind.begin(), behind.end(),
                                     [](auto& a, auto& b) { return a.second.first < b.second.first; });
  // Under a millisecond, or a hundredth of the run, is prompt whatever ran meanwhile.
  if (delay < std::max(1e-3, 0.01 * t.end_s)) return "the request was sent " + fmt::seconds(delay) + " after it was ready";
  if (most == behind.end()) return "the request waited " + fmt::seconds(delay) + " to be sent, nothing computing in the way";
  if (most->second.first < delay / 2)
    return "the request waited " + fmt::seconds(delay) + " to be sent, little computing in the way (" +
           fmt::seconds(most->second.first) + ")";
  const auto [chunks, busy] = chunks_of(t, most->first);
  const std::string task = "task " + std::to_string(most->first);
  const std::string waited = "the request waited " + fmt::seconds(delay) + " to be sent, behind ";
  if (chunks <= 1) return waited + task + ", a task that never yields (one chunk of " + fmt::seconds(busy) + ")";
  const std::size_t in_way = most->second.second;
  return waited + fmt::count(static_cast<double>(in_way)) + (in_way == 1 ? " chunk of " : " chunks of ") + task +
         " (it yields every " + fmt::seconds(busy / static_cast<double>(chunks)) + " on average)";
}

// The time the thread that sent the request spent off the CPU with work waiting, while the
// request was out: where the overlap was lost on a busy machine. "" when under a tenth.
std::string off_cpu_meanwhile(const timeline& t, std::size_t row, double from, double to) {
  double off = 0;
  for (const auto& i : idle_stretches(t, 20e-6))
    if (i.row == row && i.cpu.find("off the CPU") != std::string::npos) off += overlap_s(from, to, i.start_s, i.end_s);
  if (off < 0.1 * (to - from)) return "";
  return "; the " + t.rows[row] + " had work but was off the CPU for " + fmt::seconds(off) + " of it (descheduled)";
}

}  // namespace

std::string time_span(double from_s, double to_s) {
  if (from_s <= 0) return fmt::seconds_range(0, to_s);
  const std::string lo = fmt::seconds(from_s), hi = fmt::seconds(to_s);
  const auto unit = [](const std::string& s) { return s.substr(s.rfind(' ') + 1); };
  return unit(lo) == unit(hi) ? fmt::seconds_range(from_s, to_s) : lo + "–" + hi;
}

std::vector<std::string> hand_offs(const timeline& t, std::size_t most) {
  const auto all = happenings_of(t);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < all.size() && i < most; ++i) out.push_back(told(all[i], t));
  if (all.size() > most) out.push_back("… " + fmt::count(static_cast<double>(all.size() - most)) + " more");
  return out;
}

std::string what_matters(const timeline& t) {
  const timeline_bar* request = nullptr;
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::wait && b.name == "request" && (!request || b.start_s < request->start_s)) request = &b;
  if (!request) return "";
  const auto* sent = first_instant(t, "sent", request->start_s, request->end_s);
  if (!sent) return "";
  std::string fact = send_delay(t, *request, *sent);
  const auto* answered = first_instant(t, "answered", sent->start_s, request->end_s + 1e-6);
  if (!answered) return fact;
  const double out_s = answered->start_s - sent->start_s;
  std::map<long long, double> meanwhile;
  for (const auto& b : t.bars)
    if (b.what == timeline_bar::kind::compute && !b.copy)
      meanwhile[b.task] += overlap_s(sent->start_s, answered->start_s, b.start_s, b.end_s);
  double computed = 0;
  for (const auto& [task, s] : meanwhile) computed += s;
  if (computed < 0.05 * out_s) return fact + "; while it was out (" + fmt::seconds(out_s) + ") nothing computed";
  std::vector<std::string> parts;
  for (const auto& [task, s] : meanwhile)
    if (s > 0) parts.push_back("task " + std::to_string(task) + " computed " + fmt::seconds(s) + " of its " +
                               fmt::seconds(chunks_of(t, task).second));
  return fact + "; while it was out (" + fmt::seconds(out_s) + ") " + join(parts, ", ") +
         off_cpu_meanwhile(t, sent->row, sent->start_s, answered->start_s);
}

}  // namespace lab::report
