#include "core/fd_limit.hpp"

#include <sys/resource.h>

namespace lab {

long long raise_open_files_limit() {
  rlimit lim{};
  if (::getrlimit(RLIMIT_NOFILE, &lim) != 0) return -1;
  if (lim.rlim_cur != lim.rlim_max) {
    rlimit want = lim;
    want.rlim_cur = lim.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &want) == 0) lim = want;
  }
  return lim.rlim_cur == RLIM_INFINITY ? -1 : static_cast<long long>(lim.rlim_cur);
}

namespace {

long long limit_of(int resource, bool hard) {
  rlimit r{};
  if (::getrlimit(resource, &r) != 0) return -1;
  const rlim_t v = hard ? r.rlim_max : r.rlim_cur;
  return v == RLIM_INFINITY ? -1 : static_cast<long long>(v);
}

}  // namespace

long long soft_limit(int resource) { return limit_of(resource, false); }
long long hard_limit(int resource) { return limit_of(resource, true); }

}  // namespace lab
