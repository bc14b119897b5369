#include "output/checked_stream.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace lab {

void flush_or_throw(std::ostream& out, std::string_view what) {
  if (out) {
    errno = 0;
    out.flush();
  }
  if (out) return;
  // The stream keeps no error code; errno is the failed write's (ENOSPC, EIO, ...) when the
  // failure was this flush, and may be stale otherwise: then say only that it failed.
  const int err = errno;
  throw std::runtime_error("cannot write to " + std::string(what) + (err ? ": " + std::string(std::strerror(err)) : ""));
}

}  // namespace lab
