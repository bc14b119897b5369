#include "measure/unit_sched.hpp"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <chrono>
#include <mutex>
#include <string>

#include <boost/json/array.hpp>

#include "record/record_keys.hpp"

namespace lab::unit_sched {

namespace {

namespace keys = record_keys::sched_keys;

std::mutex units_mutex;
std::vector<unit>& all_units() {
  static std::vector<unit> units;
  return units;
}

struct open_unit {
  bool on = false;
  unit u;
  std::optional<schedstat> at_begin;
};
thread_local open_unit this_unit;

double steady_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Numbers separated by spaces; false if the text holds anything else or too few.
bool read_numbers(std::string_view text, long long* out, std::size_t n) {
  const char* p = text.data();
  const char* end = p + text.size();
  for (std::size_t i = 0; i < n; ++i) {
    while (p < end && *p == ' ') ++p;
    auto [next, ec] = std::from_chars(p, end, out[i]);
    if (ec != std::errc() || next == p) return false;
    p = next;
  }
  while (p < end && (*p == ' ' || *p == '\n')) ++p;
  return p == end;
}

}  // namespace

std::optional<schedstat> parse_schedstat(std::string_view text) {
  long long v[3];
  if (!read_numbers(text, v, 3) || v[0] < 0 || v[1] < 0 || v[2] < 0) return std::nullopt;
  return schedstat{static_cast<double>(v[0]) * 1e-9, static_cast<double>(v[1]) * 1e-9, v[2]};
}

// Read with open/read rather than a stream: a unit's end must cost little, and this runs
// once on each of thousands of threads.
std::optional<schedstat> this_thread_schedstat() {
  const int fd = ::open("/proc/thread-self/schedstat", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  char buf[128];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n <= 0) return std::nullopt;
  return parse_schedstat(std::string_view(buf, static_cast<std::size_t>(n)));
}

void reset() {
  std::lock_guard lock(units_mutex);
  all_units().clear();
}

void note_cpu() {
  if (!this_unit.on) return;
  const int cpu = ::sched_getcpu();
  auto& cpus = this_unit.u.cpus;
  if (cpu >= 0 && std::find(cpus.begin(), cpus.end(), cpu) == cpus.end()) cpus.push_back(cpu);
}

void begin() {
  this_unit = open_unit{true, unit{steady_now(), {}, {}}, this_thread_schedstat()};
  note_cpu();
}

std::optional<unit> current() {
  if (!this_unit.on) return std::nullopt;
  note_cpu();
  unit u = this_unit.u;
  const auto now = this_thread_schedstat();
  if (now && this_unit.at_begin)
    u.used = {now->on_cpu_s - this_unit.at_begin->on_cpu_s, now->wait_s - this_unit.at_begin->wait_s,
              now->slices - this_unit.at_begin->slices};
  return u;
}

void end() {
  if (const auto u = current()) add(*u);
  this_unit.on = false;
}

void add(const unit& u) {
  std::lock_guard lock(units_mutex);
  all_units().push_back(u);
}

std::string to_line(const unit& u) {
  char head[128];
  std::snprintf(head, sizeof head, "unit %.6f %.9f %.9f %lld", u.start_s, u.used.on_cpu_s, u.used.wait_s, u.used.slices);
  std::string line = head;
  for (int c : u.cpus) {
    line += ' ';
    line += std::to_string(c);
  }
  return line;
}

std::optional<unit> from_line(std::string_view line) {
  if (line.rfind("unit ", 0) != 0) return std::nullopt;
  std::string text(line.substr(5));
  unit u;
  char* p = text.data();
  char* next = nullptr;
  double* fields[] = {&u.start_s, &u.used.on_cpu_s, &u.used.wait_s};
  for (double* f : fields) {
    *f = std::strtod(p, &next);
    if (next == p) return std::nullopt;
    p = next;
  }
  u.used.slices = std::strtoll(p, &next, 10);
  if (next == p) return std::nullopt;
  for (p = next;; p = next) {
    const long c = std::strtol(p, &next, 10);
    if (next == p) break;
    u.cpus.push_back(static_cast<int>(c));
  }
  while (*p == ' ' || *p == '\n') ++p;
  if (*p != '\0') return std::nullopt;
  return u;
}

boost::json::object summary(const std::vector<unit>& given) {
  boost::json::object o;
  if (given.empty()) return o;
  std::vector<unit> units = given;
  std::stable_sort(units.begin(), units.end(), [](const unit& a, const unit& b) { return a.start_s < b.start_s; });
  schedstat sum;
  boost::json::array cpus;
  for (const auto& u : units) {
    sum.on_cpu_s += u.used.on_cpu_s;
    sum.wait_s += u.used.wait_s;
    sum.slices += u.used.slices;
    cpus.emplace_back(boost::json::array(u.cpus.begin(), u.cpus.end()));
  }
  o[keys::units] = units.size();
  o[keys::on_cpu_s] = sum.on_cpu_s;
  o[keys::runq_wait_s] = sum.wait_s;
  o[keys::slices] = sum.slices;
  o[keys::start_span_s] = units.back().start_s - units.front().start_s;
  o[keys::unit_cpus] = std::move(cpus);
  return o;
}

boost::json::object summary() {
  std::lock_guard lock(units_mutex);
  return summary(all_units());
}

}  // namespace lab::unit_sched
