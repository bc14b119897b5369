#include "core/file_lock.hpp"

#include <sys/file.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace lab {

bool try_lock_exclusive(int fd) {
  for (;;) {
    if (::flock(fd, LOCK_EX | LOCK_NB) == 0) return true;
    if (errno != EINTR) return false;
  }
}

namespace {

// The command line of a process, its arguments joined by spaces ("" when it is gone).
std::string command_of(const std::string& pid) {
  std::ifstream in("/proc/" + pid + "/cmdline", std::ios::binary);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  while (!text.empty() && text.back() == '\0') text.pop_back();
  for (char& c : text)
    if (c == '\0') c = ' ';
  return text.size() > 200 ? text.substr(0, 200) + "..." : text;
}

}  // namespace

std::string lock_holder(int fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) return "another process";
  char device[64];
  std::snprintf(device, sizeof device, "%02x:%02x:%llu", major(st.st_dev), minor(st.st_dev),
                static_cast<unsigned long long>(st.st_ino));
  // Lines like "1: FLOCK  ADVISORY  WRITE 4242 fd:01:131075 0 EOF".
  std::ifstream locks("/proc/locks");
  for (std::string line; std::getline(locks, line);) {
    std::istringstream words(line);
    std::string id, kind, mode, access, pid, where;
    if (!(words >> id >> kind >> mode >> access >> pid >> where) || kind != "FLOCK" || where != device) continue;
    const std::string command = command_of(pid);
    return "pid " + pid + (command.empty() ? "" : " (" + command + ")");
  }
  return "another process";
}

}  // namespace lab
