#include "models/slice.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "core/error.hpp"
#include "models/blocking_task.hpp"
#include "models/run_start.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace {
bool write_all(int fd, const char* data, std::size_t len) {
  for (std::size_t off = 0; off < len;) {
    const ssize_t w = ::write(fd, data + off, len - off);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    off += static_cast<std::size_t>(w);
  }
  return true;
}
}  // namespace

void write_slice_error(int fd, const std::string& message) {
  std::string line = "error ";
  for (char c : message) line += (c == '\n' || c == '\r') ? ' ' : c;
  line += '\n';
  write_all(fd, line.data(), line.size());
}

std::string slice_error(const std::string& text) {
  const auto end = text.find_last_not_of('\n');
  if (end == std::string::npos) return "";
  const auto nl = text.rfind('\n', end);
  const auto begin = nl == std::string::npos ? 0 : nl + 1;
  const std::string last = text.substr(begin, end + 1 - begin);
  return last.rfind("error ", 0) == 0 ? last.substr(6) : "";
}

bool write_slice(const task_set& set, std::size_t k, shared_task_queue& queue, int fd) {
  run_start::share(queue.start_slot());  // one schedule for every worker
  if (trace::on()) trace::name_this_thread("worker " + std::to_string(k));
  trace::span life(trace::what::unit);
  // Task k first (the queue starts after the workers' first tasks), then whatever is next.
  for (std::size_t i = k < set.tasks ? k : queue.next(); i < set.tasks; i = queue.next()) {
    const task_result r = timed_task(set, i);
    std::uint64_t bits;
    std::memcpy(&bits, &r.value, sizeof bits);
    char line[160];
    const int len = std::snprintf(line, sizeof line, "%zu %016llx %.9f %.9f %.9f\n", i,
                                  static_cast<unsigned long long>(bits), r.seconds, r.cpu_s, r.start_s);
    if (!write_all(fd, line, static_cast<std::size_t>(len))) return false;
  }
  return true;
}

void read_slice(const std::string& text, std::size_t k, std::vector<task_result>& results, std::vector<bool>& seen) {
  const std::string who = "worker " + std::to_string(k);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::size_t task = 0;
    unsigned long long bits = 0;
    double seconds = 0, cpu_s = 0, start_s = 0;
    char tail = 0;
    if (std::sscanf(line.c_str(), "%zu %llx %lf %lf %lf %c", &task, &bits, &seconds, &cpu_s, &start_s, &tail) != 5)
      throw run_error(who + " returned garbage: '" + line.substr(0, 60) + "'");
    if (task >= results.size() || task >= seen.size())
      throw run_error(who + " returned a result for task " + std::to_string(task) + ", of " +
                      std::to_string(results.size()) + " tasks");
    if (seen[task]) throw run_error(who + " returned a result for task " + std::to_string(task) + " a second time");
    seen[task] = true;
    std::memcpy(&results[task].value, &bits, sizeof bits);
    results[task].seconds = seconds;
    results[task].cpu_s = cpu_s;
    results[task].start_s = start_s;
  }
}

void check_slices_complete(const std::vector<bool>& seen) {
  const auto got = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), true));
  if (got != seen.size())
    throw run_error("the workers returned " + std::to_string(got) + " of " + std::to_string(seen.size()) + " results");
}

}  // namespace lab
