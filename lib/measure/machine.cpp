#include "measure/machine.hpp"

#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <boost/version.hpp>
#include <algorithm>
#include <cstdint>
#include <fstream>
#include <limits>
#include <string>
#include <thread>

#include "core/cpus.hpp"
#include "core/fd_limit.hpp"
#include "measure/proc_memory.hpp"
#include "core/text.hpp"

namespace lab {

namespace {

std::string first_line(const char* path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return trim(line);
}

long long number_in(const char* path) {
  try {
    return std::stoll(first_line(path));
  } catch (...) {
    return 0;
  }
}

// "key : value" files such as /proc/cpuinfo and /proc/meminfo.
std::string field(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(key, 0) == 0) {
      auto colon = line.find(':');
      if (colon != std::string::npos) return trim(line.substr(colon + 1));
    }
  return {};
}

machine_info read_machine() {
  machine_info m;
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  m.host = host;
  m.cpus = usable_cpus();
  m.cpu_model = field("/proc/cpuinfo", "model name");
  struct utsname u {};
  if (uname(&u) == 0) m.kernel = std::string(u.sysname) + " " + u.release;
  m.compiler = "g++ " __VERSION__;
  m.boost = std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000);
  try {
    m.mem_total_kib = std::stoll(field("/proc/meminfo", "MemTotal"));
  } catch (...) {
  }
  m.governor = first_line("/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor");
  m.open_files = soft_limit(RLIMIT_NOFILE);
  m.max_user_procs = soft_limit(RLIMIT_NPROC);
  m.pid_max = number_in("/proc/sys/kernel/pid_max");
  m.max_map_count = number_in("/proc/sys/vm/max_map_count");
  m.threads_max = number_in("/proc/sys/kernel/threads-max");
  return m;
}

}  // namespace

const machine_info& this_machine() {
  static const machine_info m = read_machine();
  return m;
}

std::string kernel_units_refusal(unsigned long long units) {
  const machine_info& m = this_machine();
  const auto known = [](long long v) { return v > 0 ? v : INT64_MAX; };
  const auto n = static_cast<long long>(units);
  if (n + 512 > std::min(known(m.pid_max), known(m.threads_max)))
    return "more than this machine allows (kernel.pid_max " + std::to_string(m.pid_max) + ", kernel.threads-max " +
           std::to_string(m.threads_max) + ")";
  if (::geteuid() != 0 && m.max_user_procs > 0 && n + 64 > m.max_user_procs)
    return "more than ulimit -u allows (" + std::to_string(m.max_user_procs) + ")";
  return {};
}

std::string kernel_units_remedy() {
  return "root: sysctl kernel.pid_max=N kernel.threads-max=N; ulimit -u N, or nproc in /etc/security/limits.conf";
}

long long hard_open_files() { return hard_limit(RLIMIT_NOFILE); }

double load_average_1min() {
  try {
    return std::stod(first_line("/proc/loadavg"));
  } catch (...) {
    return 0;
  }
}

namespace {

// /proc/stat's procs_running, or -1.
long long procs_running() {
  std::ifstream in("/proc/stat");
  std::string key;
  long long n = -1;
  while (in >> key) {
    if (key == "procs_running") return in >> n ? n : -1;
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return -1;
}

}  // namespace

double others_running(std::chrono::milliseconds window) {
  double sum = 0;
  int samples = 0;
  for (auto end = std::chrono::steady_clock::now() + window;;) {
    const long long n = procs_running();
    if (n < 0) return 0;
    sum += static_cast<double>(n - 1);
    ++samples;
    if (std::chrono::steady_clock::now() >= end) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return std::max(0.0, sum / samples);
}

long long mem_available_kib() { return meminfo_kib("MemAvailable").value_or(0); }

}  // namespace lab
