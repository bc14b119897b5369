// Reading a trace file's events into a timeline's rows and bars (report/timeline.hpp).
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <tuple>

#include <boost/json/parse.hpp>

#include "report/json_fields.hpp"
#include "report/timeline.hpp"
#include "trace/rows.hpp"

namespace lab::report {

namespace json = boost::json;

namespace {

using row_key = std::pair<long long, long long>;  // pid, tid

// What the metadata events ("ph": "M") say about the rows.
struct row_names {
  std::vector<long long> process_order;  // as the trace first names each pid
  std::map<row_key, std::string> thread_names;
  std::map<row_key, double> sort_index;

  void see_process(long long pid) {
    if (std::find(process_order.begin(), process_order.end(), pid) == process_order.end()) process_order.push_back(pid);
  }
  long long process_rank(long long pid) const {
    return std::find(process_order.begin(), process_order.end(), pid) - process_order.begin();
  }
};

row_names read_row_names(const json::array& events) {
  row_names names;
  for (const auto& v : events) {
    if (!v.is_object() || text_of(v.get_object(), "ph") != "M") continue;
    const auto& e = v.get_object();
    const auto pid = static_cast<long long>(number_of(e, "pid"));
    const row_key key{pid, static_cast<long long>(number_of(e, "tid"))};
    const auto* args = object_of(e, "args");
    if (!args) continue;
    names.see_process(pid);
    const std::string name = text_of(e, "name");
    if (name == "thread_name") names.thread_names[key] = text_of(*args, "name");
    if (name == "thread_sort_index") names.sort_index[key] = number_of(*args, "sort_index");
  }
  return names;
}

timeline_bar::kind kind_of(const std::string& cat) {
  if (cat == "unit") return timeline_bar::kind::life;
  if (cat == "task") return timeline_bar::kind::task;
  if (cat == "compute" || cat == "loop") return timeline_bar::kind::compute;
  return timeline_bar::kind::wait;
}

// A complete ("X") or instant ("i") event as a bar; its row is set once rows are ordered.
timeline_bar bar_of(const json::object& e) {
  timeline_bar bar;
  bar.what = text_of(e, "ph") == "i" ? timeline_bar::kind::instant : kind_of(text_of(e, "cat"));
  bar.name = text_of(e, "name");
  bar.start_s = number_of(e, "ts") / 1e6;
  bar.end_s = bar.start_s + number_of(e, "dur") / 1e6;
  if (const auto* args = object_of(e, "args")) {
    bar.task = static_cast<long long>(number_of(*args, "task", -1));
    bar.cpu = static_cast<int>(number_of(*args, "cpu", -1));
    bar.cpu_end = static_cast<int>(number_of(*args, "cpu_end", bar.cpu));
    bar.thread_cpu_s = number_of(*args, "thread_cpu_ns", -1e9) / 1e9;
    bar.thread_cpu_end_s = number_of(*args, "thread_cpu_end_ns", -1e9) / 1e9;
  }
  bar.busy_s = bar.end_s - bar.start_s;
  bar.copy = text_of(e, "cat") == "loop";
  return bar;
}

// Rows: processes in the order the trace names them (the model's own first), then each
// process's threads by their sort index (real threads, then coroutines), then tid.
std::map<row_key, std::size_t> order_rows(const std::set<row_key>& keys, row_names& names, timeline& t) {
  std::vector<row_key> order(keys.begin(), keys.end());
  std::sort(order.begin(), order.end(), [&](const row_key& a, const row_key& b) {
    return std::make_tuple(names.process_rank(a.first), names.sort_index[a], a.second) <
           std::make_tuple(names.process_rank(b.first), names.sort_index[b], b.second);
  });
  const bool several = names.process_order.size() > 1;
  std::map<row_key, std::size_t> index;
  for (const auto& k : order) {
    index[k] = t.rows.size();
    const auto named = names.thread_names.find(k);
    std::string name = named != names.thread_names.end() ? named->second : "thread " + std::to_string(k.second);
    if (several) name += " (pid " + std::to_string(k.first) + ")";
    t.rows.push_back(std::move(name));
    t.os_thread.push_back(k.second < static_cast<long long>(trace::first_coroutine_row));
  }
  return index;
}

}  // namespace

json::object read_trace_file(const std::string& path) {
  // 200,000 events (the cap) take about 40 MB: a file far past that is not a lab trace, and
  // parsing it whole would hold it in memory several times over.
  constexpr std::uintmax_t most = 512ull << 20;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw std::runtime_error("cannot read it: " + ec.message());
  if (size > most) throw std::runtime_error(std::to_string(size >> 20) + " MiB, larger than any trace the lab writes");
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw std::runtime_error("cannot read it");
  boost::system::error_code jec;
  json::value v = json::parse(s.str(), jec);
  if (jec) throw std::runtime_error("not JSON: " + jec.message());
  if (!v.is_object()) throw std::runtime_error("not a JSON object");
  return std::move(v.get_object());
}

timeline read_timeline(const json::object& trace) {
  const auto* events = trace.if_contains("traceEvents");
  if (!events || !events->is_array()) throw std::runtime_error("no traceEvents array");
  timeline t;
  if (const auto* other = object_of(trace, "otherData")) t.dropped = static_cast<long long>(number_of(*other, "dropped"));
  row_names names = read_row_names(events->get_array());

  std::vector<std::pair<row_key, timeline_bar>> bars;
  std::set<row_key> keys;
  for (const auto& v : events->get_array()) {
    if (!v.is_object()) continue;
    const auto& e = v.get_object();
    const std::string ph = text_of(e, "ph");
    if (ph != "X" && ph != "i") continue;
    const row_key key{static_cast<long long>(number_of(e, "pid")), static_cast<long long>(number_of(e, "tid"))};
    names.see_process(key.first);
    if (text_of(e, "cat") == "compute") ++t.chunks;
    bars.emplace_back(key, bar_of(e));
    t.end_s = std::max(t.end_s, bars.back().second.end_s);
    keys.insert(key);
  }
  const auto index = order_rows(keys, names, t);
  for (auto& [key, bar] : bars) {
    bar.row = index.at(key);
    t.bars.push_back(std::move(bar));
  }
  return t;
}

timeline coalesced(const timeline& t, double pixel_s) {
  timeline out = t;
  out.bars.clear();
  std::vector<timeline_bar> bars = t.bars;
  std::stable_sort(bars.begin(), bars.end(), [](const timeline_bar& a, const timeline_bar& b) {
    return std::tie(a.row, a.what, a.start_s) < std::tie(b.row, b.what, b.start_s);
  });
  for (const auto& b : bars) {
    if (!out.bars.empty()) {
      auto& last = out.bars.back();
      const bool small = b.end_s - b.start_s < pixel_s && last.end_s - last.start_s < 4 * pixel_s;
      if (small && last.row == b.row && last.what == b.what && last.task == b.task && last.cpu == b.cpu &&
          last.name == b.name && last.dense == b.dense && b.start_s - last.end_s < pixel_s) {
        last.end_s = std::max(last.end_s, b.end_s);
        last.merged += b.merged;
        last.busy_s += b.busy_s;
        last.thread_cpu_end_s = b.thread_cpu_end_s;
        continue;
      }
    }
    out.bars.push_back(b);
  }
  return out;
}

}  // namespace lab::report
