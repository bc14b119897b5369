#include "trace/session.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "trace/state.hpp"

namespace lab::trace {

namespace json = boost::json;

namespace {

struct session {
  settings s;
  std::vector<std::string> parts;  // workers' files to merge
};

session& the_session() {
  static session s;
  return s;
}

std::int64_t steady_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now().time_since_epoch()).count();
}

const char* category(what k) {
  switch (k) {
    case what::unit: return "unit";
    case what::task: return "task";
    case what::chunk: return "compute";
    case what::ready_wait:
    case what::request:
    case what::sleep:
    case what::timer:
    case what::workers: return "wait";
    case what::sent:
    case what::answered: return "io";
  }
  return "other";
}

const char* name_of(what k) {
  switch (k) {
    case what::unit: return "unit";
    case what::task: return "task";
    case what::chunk: return "chunk";
    case what::ready_wait: return "ready, waiting for the loop";
    case what::request: return "request";
    case what::sleep: return "sleep";
    case what::timer: return "timer wait";
    case what::workers: return "waiting for the workers";
    case what::sent: return "sent";
    case what::answered: return "answered";
  }
  return "event";
}

// One formatted event with what sorting needs: by start, the longer (the parent) first.
struct line {
  double ts = 0, dur = 0;
  std::string text;
};

// Names and CPU numbers are ours (no quote or backslash), so the events are formatted by
// hand: 200,000 of them in fixed-point microseconds, without a JSON tree.
std::string format_event(const char* name, const char* cat, const event& e, pid_t pid, std::uint32_t tid) {
  char buf[512];
  int n = std::snprintf(buf, sizeof buf, "{\"name\":\"%s\",\"cat\":\"%s\",\"ph\":\"%s\",\"ts\":%.3f,", name, cat,
                        e.dur_ns < 0 ? "i" : "X", static_cast<double>(e.start_ns) / 1e3);
  if (e.dur_ns >= 0) n += std::snprintf(buf + n, sizeof buf - n, "\"dur\":%.3f,", static_cast<double>(e.dur_ns) / 1e3);
  else n += std::snprintf(buf + n, sizeof buf - n, "\"s\":\"t\",");
  n += std::snprintf(buf + n, sizeof buf - n, "\"pid\":%d,\"tid\":%u,\"args\":{", static_cast<int>(pid), tid);
  bool first = true;
  auto arg = [&](const char* key, long long v) {
    n += std::snprintf(buf + n, sizeof buf - n, "%s\"%s\":%lld", first ? "" : ",", key, v);
    first = false;
  };
  if (e.task >= 0) arg("task", e.task);
  if (e.kind == what::chunk) {
    arg("samples", static_cast<long long>(e.samples));
    arg("samples_done", static_cast<long long>(e.done));
    arg("cpu", e.cpu);
    if (e.cpu_end != e.cpu) arg("cpu_end", e.cpu_end);
    if (e.thread_cpu_ns >= 0 && e.thread_cpu_end_ns >= 0) {
      arg("thread_cpu_ns", e.thread_cpu_ns);
      arg("thread_cpu_end_ns", e.thread_cpu_end_ns);
    }
  }
  std::snprintf(buf + n, sizeof buf - n, "}}");
  return buf;
}

std::string metadata(const char* name, pid_t pid, std::uint32_t tid, const std::string& key, const std::string& value,
                     bool quoted) {
  std::string v = quoted ? json::serialize(json::value(value)) : value;
  return "{\"name\":\"" + std::string(name) + "\",\"ph\":\"M\",\"pid\":" + std::to_string(pid) +
         ",\"tid\":" + std::to_string(tid) + ",\"args\":{\"" + key + "\":" + v + "}}";
}

void write_whole(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write '" + tmp + "': " + std::strerror(errno));
    out << text;
    out.close();
    if (!out) {
      std::remove(tmp.c_str());
      throw std::runtime_error("cannot write '" + tmp + "'");
    }
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const int err = errno;
    std::remove(tmp.c_str());
    throw std::runtime_error("cannot write '" + path + "': " + std::strerror(err));
  }
}

// A worker's file: its events (already formatted) and what it dropped. The file is removed.
void merge_part(const std::string& path, std::vector<line>& lines, std::vector<std::string>& meta,
                std::int64_t& dropped) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return;  // the worker died before writing: its events are lost, the run says why
  std::stringstream text;
  text << in.rdbuf();
  in.close();
  std::remove(path.c_str());
  boost::system::error_code ec;
  const json::value v = json::parse(text.str(), ec);
  if (ec || !v.is_object()) return;
  const auto& o = v.get_object();
  if (const auto* other = o.if_contains("otherData"); other && other->is_object())
    if (const auto* d = other->get_object().if_contains("dropped"); d && d->is_int64()) dropped += d->get_int64();
  const auto* events = o.if_contains("traceEvents");
  if (!events || !events->is_array()) return;
  for (const auto& ev : events->get_array()) {
    if (!ev.is_object()) continue;
    const auto& eo = ev.get_object();
    const auto* ph = eo.if_contains("ph");
    if (ph && ph->is_string() && ph->get_string() == "M") {
      meta.push_back(json::serialize(ev));
      continue;
    }
    line l;
    if (const auto* ts = eo.if_contains("ts"); ts && ts->is_number()) l.ts = ts->to_number<double>();
    if (const auto* dur = eo.if_contains("dur"); dur && dur->is_number()) l.dur = dur->to_number<double>();
    l.text = json::serialize(ev);
    lines.push_back(std::move(l));
  }
}

}  // namespace

void start(const settings& s) {
  auto& st = detail::the_state();
  the_session().s = s;
  st.epoch_ns = s.epoch_ns ? s.epoch_ns : steady_ns();
  st.cap = s.cap;
  st.budget.store(s.cap);
  st.dropped.store(0);
  detail::on_ = !s.file.empty();
}

std::int64_t share_cap(std::size_t workers) {
  auto& st = detail::the_state();
  const std::int64_t share = std::max<std::int64_t>(0, st.budget.load()) / static_cast<std::int64_t>(workers + 1);
  st.budget.store(share);
  for (std::size_t k = 0; k < workers; ++k) part_file(k);  // finish() merges what each of them writes
  return share;
}

std::string part_file(std::size_t k) {
  auto& ses = the_session();
  std::string path = ses.s.file + ".worker" + std::to_string(k);
  if (std::find(ses.parts.begin(), ses.parts.end(), path) == ses.parts.end()) ses.parts.push_back(path);
  return path;
}

std::vector<std::string> worker_args(std::size_t k, std::int64_t cap) {
  if (!on()) return {};
  return {"--trace=" + part_file(k), "--trace-epoch=" + std::to_string(detail::the_state().epoch_ns),
          "--trace-cap=" + std::to_string(cap)};
}

void become_worker(std::size_t k, std::int64_t cap, const std::string& process_name) {
  if (!on()) return;
  auto& st = detail::the_state();
  detail::buffer& mine = detail::this_buffer();
  // The parent's other threads do not exist in this copy; their buffers are the parent's to write.
  for (auto& b : st.buffers)
    if (b.get() != &mine) b.release();  // not freed: a copy of memory the parent owns and frees
  st.buffers.erase(std::remove(st.buffers.begin(), st.buffers.end(), nullptr), st.buffers.end());
  mine.events.clear();
  mine.row_names.clear();
  mine.name.clear();
  mine.tid = ::gettid();
  st.budget.store(cap);
  st.cap = cap;
  st.dropped.store(0);
  auto& ses = the_session();
  ses.s.file = part_file(k);
  ses.s.process_name = process_name;
  ses.parts.clear();
}

namespace {

// Who each row is: thread names, named rows, and the coroutine row that ran each task.
struct row_names {
  std::map<std::uint32_t, std::string> names;
  std::map<std::int64_t, std::uint32_t> coroutine_of_task;
};

row_names name_rows(const detail::state& st, pid_t pid) {
  row_names r;
  for (const auto& b : st.buffers) {
    const auto tid = static_cast<std::uint32_t>(b->tid);
    r.names[tid] = b->name.empty() ? (b->tid == pid ? "main thread" : "thread " + std::to_string(b->tid)) : b->name;
    for (const auto& [row, name] : b->row_names) r.names[row] = name;
    for (const auto& e : b->events)
      if (e.kind == what::task && e.row >= first_coroutine_row) r.coroutine_of_task[e.task] = e.row;
  }
  return r;
}

// Every buffered event as a line of the file, on its row; `used` gets the rows that have one.
std::vector<line> event_lines(const detail::state& st, row_names& rows, pid_t pid, std::map<std::uint32_t, bool>& used) {
  std::vector<line> lines;
  for (const auto& b : st.buffers) {
    const auto tid = static_cast<std::uint32_t>(b->tid);
    for (const auto& e : b->events) {
      std::uint32_t row = e.row;
      if (row == this_thread) row = tid;
      if (row == task_row) {
        const auto it = rows.coroutine_of_task.find(e.task);
        row = it == rows.coroutine_of_task.end() ? tid : it->second;
      }
      used[row] = true;
      std::string name = name_of(e.kind);
      if (e.kind == what::unit) name = rows.names.count(row) ? rows.names[row] : "unit";
      if (e.kind == what::task) name = "task " + std::to_string(e.task);
      const double ts = static_cast<double>(e.start_ns) / 1e3, dur = static_cast<double>(std::max<std::int64_t>(0, e.dur_ns)) / 1e3;
      lines.push_back({ts, dur, format_event(name.c_str(), category(e.kind), e, pid, row)});
      // The loop thread's own row shows what ran on it: each coroutine's chunks.
      if (e.kind == what::chunk && row != tid) {
        used[tid] = true;
        const std::string ran = "runs task " + std::to_string(e.task);
        lines.push_back({ts, dur, format_event(ran.c_str(), "loop", e, pid, tid)});
      }
    }
  }
  return lines;
}

// The process's and every used row's name and order.
std::vector<std::string> metadata_lines(const std::string& process_name, row_names& rows, pid_t pid,
                                        const std::map<std::uint32_t, bool>& used) {
  std::vector<std::string> meta;
  meta.push_back(metadata("process_name", pid, 0, "name", process_name, true));
  for (const auto& [row, _] : used) {
    meta.push_back(metadata("thread_name", pid, row, "name",
                            rows.names.count(row) ? rows.names[row] : "thread " + std::to_string(row), true));
    // Real threads first, then the coroutines in the order they were made.
    const std::uint32_t order = row >= first_coroutine_row ? 1 + row - first_coroutine_row : 0;
    meta.push_back(metadata("thread_sort_index", pid, row, "sort_index", std::to_string(order), false));
  }
  return meta;
}

// The Trace Event Format file: otherData, then the metadata and the events.
std::string trace_text(json::object other, const std::vector<std::string>& meta, const std::vector<line>& lines) {
  std::string text = "{\"displayTimeUnit\":\"ms\",\"otherData\":" + json::serialize(other) + ",\n\"traceEvents\":[\n";
  bool first = true;
  auto add = [&](const std::string& event) {
    text += first ? "" : ",\n";
    text += event;
    first = false;
  };
  for (const auto& m : meta) add(m);
  for (const auto& l : lines) add(l.text);
  text += "\n]}\n";
  return text;
}

}  // namespace

summary finish() {
  summary out;
  auto& ses = the_session();
  auto& st = detail::the_state();
  out.file = ses.s.file;
  out.cap = st.cap;
  if (!on()) return out;
  detail::on_ = false;  // nothing records while the buffers are read
  const pid_t pid = ::getpid();

  row_names rows = name_rows(st, pid);
  std::map<std::uint32_t, bool> used;
  std::vector<line> lines = event_lines(st, rows, pid, used);
  std::vector<std::string> meta = metadata_lines(ses.s.process_name, rows, pid, used);
  std::int64_t dropped = st.dropped.load();
  for (const auto& part : ses.parts) merge_part(part, lines, meta, dropped);
  std::stable_sort(lines.begin(), lines.end(), [](const line& a, const line& b) {
    return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur;
  });

  json::object other = ses.s.about;
  other["cap"] = st.cap;
  other["dropped"] = dropped;
  other["events"] = lines.size();
  out.events = lines.size();
  out.dropped = dropped;
  try {
    write_whole(ses.s.file, trace_text(std::move(other), meta, lines));
  } catch (const std::exception& e) {
    out.error = e.what();
  }
  return out;
}

json::object to_json(const summary& s) {
  json::object o;
  o["file"] = s.file;
  o["events"] = s.events;
  o["cap"] = s.cap;
  o["dropped"] = s.dropped;
  o["capped"] = s.dropped > 0;
  if (!s.error.empty()) o["error"] = s.error;
  return o;
}

std::string describe(const json::object& t) {
  auto text = [&](const char* key) {
    const auto* v = t.if_contains(key);
    return v && v->is_string() ? std::string(v->get_string()) : std::string();
  };
  auto number = [&](const char* key) {
    const auto* v = t.if_contains(key);
    return v && v->is_number() ? v->to_number<long long>() : 0LL;
  };
  if (!text("error").empty()) return "not written: " + text("error");
  std::string s = text("file") + " (" + std::to_string(number("events")) + " events";
  if (number("dropped") > 0)
    s += "; the cap of " + std::to_string(number("cap")) + " was hit, " + std::to_string(number("dropped")) +
         " not recorded";
  return s + ")";
}

}  // namespace lab::trace
