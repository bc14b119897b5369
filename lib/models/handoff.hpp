#pragma once
// The token of the pipe ping-pong (threads and procs): one byte written to a pipe and read
// from it, EINTR retried. A pipe_pair closes whatever ends are still open when it goes.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "core/error.hpp"

namespace lab {

struct pipe_pair {
  int read_end = -1;
  int write_end = -1;

  explicit pipe_pair(const char* what) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) throw run_error(std::string("could not open a pipe for ") + what + ": " + std::strerror(errno));
    read_end = fds[0];
    write_end = fds[1];
  }
  pipe_pair(const pipe_pair&) = delete;
  pipe_pair& operator=(const pipe_pair&) = delete;
  ~pipe_pair() {
    close_read();
    close_write();
  }
  void close_read() noexcept { close_fd(read_end); }
  void close_write() noexcept { close_fd(write_end); }

 private:
  static void close_fd(int& fd) noexcept {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

// False on an error or end of file (the other side is gone).
inline bool send_token(int fd) noexcept {
  const char c = 't';
  for (;;) {
    const ssize_t w = ::write(fd, &c, 1);
    if (w == 1) return true;
    if (w < 0 && errno == EINTR) continue;
    return false;
  }
}

inline bool take_token(int fd) noexcept {
  char c;
  for (;;) {
    const ssize_t r = ::read(fd, &c, 1);
    if (r == 1) return true;
    if (r < 0 && errno == EINTR) continue;
    return false;
  }
}

}  // namespace lab
