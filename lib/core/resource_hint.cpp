#include "core/resource_hint.hpp"

#include <sys/resource.h>

#include <cerrno>
#include <charconv>
#include <fstream>

#include "core/fd_limit.hpp"

namespace lab {

namespace {

std::string address_space_limit() {
  const long long as = soft_limit(RLIMIT_AS);
  return as < 0 ? "" : "ulimit -v: " + std::to_string(as / (1024 * 1024)) + " MiB";
}

// Threads on the whole machine (/proc/loadavg's "running/total"), -1 if unknown. A user
// has no more, so a ulimit -u well above it cannot be what failed.
long long threads_on_machine() {
  std::ifstream in("/proc/loadavg");
  double load = 0;
  std::string a, b, running_total;
  if (!(in >> load >> a >> b >> running_total)) return -1;
  const auto slash = running_total.find('/');
  long long total = -1;
  if (slash != std::string::npos)
    std::from_chars(running_total.data() + slash + 1, running_total.data() + running_total.size(), total);
  return total;
}

}  // namespace

std::string unit_limit_hint(int err, std::string_view kernel_limits) {
  if (err == EMFILE) return " (see ulimit -n)";
  if (err != EAGAIN && err != ENOMEM) return "";
  std::string see;
  auto add = [&](const std::string& item) {
    if (item.empty()) return;
    see += see.empty() ? "" : "; ";
    see += item;
  };
  add(address_space_limit());
  const long long procs = soft_limit(RLIMIT_NPROC);
  const long long threads = threads_on_machine();
  if (procs >= 0 && (threads < 0 || threads >= procs * 9 / 10)) add("ulimit -u: " + std::to_string(procs));
  add(std::string(kernel_limits));
  return see.empty() ? "" : " (see " + see + ")";
}

std::string memory_limit_hint() {
  const std::string as = address_space_limit();
  return as.empty() ? "no ulimit -v is set: the machine's memory ran out" : as;
}

}  // namespace lab
