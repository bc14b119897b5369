#include "models/slice.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sstream>

#include "core/error.hpp"
#include "measure/unit_sched.hpp"
#include "models/blocking_task.hpp"
#include "models/run_lock.hpp"
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
  run_lock::share(queue.lock_slot());    // one lock for every worker
  if (trace::on()) trace::name_this_thread("worker " + std::to_string(k));
  trace::span life(trace::what::unit);
  const unit_sched::scope unit(set.account_units);
  // Task k first (the queue starts after the workers' first tasks), then whatever is next.
  for (std::size_t i = k < set.tasks ? k : queue.next(); i < set.tasks; i = queue.next()) {
    const task_result r = timed_task(set, i);
    std::uint64_t bits;
    std::memcpy(&bits, &r.value, sizeof bits);
    char line[160 + 24 * task_figure_count];
    int len = std::snprintf(line, sizeof line, "%zu %016llx %.9f %.9f %.9f", i, static_cast<unsigned long long>(bits),
                            r.seconds, r.cpu_s, r.start_s);
    // Only a task that measured itself (profile) carries figures: six more numbers to format
    // for every task of every scenario would be a cost of procs alone, inside its run.
    if (std::any_of(r.figures.begin(), r.figures.end(), [](double f) { return f != 0; }))
      for (const double f : r.figures) len += std::snprintf(line + len, sizeof line - static_cast<std::size_t>(len), " %.9e", f);
    line[len++] = '\n';
    if (!write_all(fd, line, static_cast<std::size_t>(len))) return false;
  }
  // The worker's own accounting, for its parent's record (measure/unit_sched.hpp).
  if (const auto u = set.account_units ? unit_sched::current() : std::nullopt) {
    const std::string line = unit_sched::to_line(*u) + "\n";
    if (!write_all(fd, line.data(), line.size())) return false;
  }
  return true;
}

void read_slice(const std::string& text, std::size_t k, std::vector<task_result>& results, std::vector<bool>& seen) {
  const std::string who = "worker " + std::to_string(k);
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (const auto u = unit_sched::from_line(line)) {
      unit_sched::add(*u);
      continue;
    }
    std::size_t task = 0;
    unsigned long long bits = 0;
    double seconds = 0, cpu_s = 0, start_s = 0;
    task_figures figures{};
    int used = 0;
    const auto garbage = [&] { return run_error(who + " returned garbage: '" + line.substr(0, 60) + "'"); };
    if (std::sscanf(line.c_str(), "%zu %llx %lf %lf %lf%n", &task, &bits, &seconds, &cpu_s, &start_s, &used) != 5)
      throw garbage();
    // No figures (a task that measured none), or all of them.
    if (line.find_first_not_of(' ', static_cast<std::size_t>(used)) != std::string::npos)
      for (double& f : figures) {
        int more = 0;
        if (std::sscanf(line.c_str() + used, " %lf%n", &f, &more) != 1) throw garbage();
        used += more;
      }
    if (line.find_first_not_of(' ', static_cast<std::size_t>(used)) != std::string::npos) throw garbage();
    if (task >= results.size() || task >= seen.size())
      throw run_error(who + " returned a result for task " + std::to_string(task) + ", of " +
                      std::to_string(results.size()) + " tasks");
    if (seen[task]) throw run_error(who + " returned a result for task " + std::to_string(task) + " a second time");
    seen[task] = true;
    std::memcpy(&results[task].value, &bits, sizeof bits);
    results[task].seconds = seconds;
    results[task].cpu_s = cpu_s;
    results[task].start_s = start_s;
    results[task].figures = figures;
  }
}

void check_slices_complete(const std::vector<bool>& seen) {
  const auto got = static_cast<std::size_t>(std::count(seen.begin(), seen.end(), true));
  if (got != seen.size())
    throw run_error("the workers returned " + std::to_string(got) + " of " + std::to_string(seen.size()) + " results");
}

}  // namespace lab
