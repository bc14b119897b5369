#pragma once
// The lab-server's line protocol: one request per line, one answer line per request, in order.
//
//   gauss N SEED   ->  the 64 bits of lab::gaussian_sum(SEED, 0, N) as 16 lowercase hex digits
//   delay MS       ->  ok     (after MS milliseconds; an awaited timer, other requests go on)
//   ping           ->  pong
//   stall MS       ->  ok     (at once; then every answer but stats, on every connection, is held until MS
//                              ms from now: a server pause, to see coordinated omission)
//   stats          ->  stats accepted=N cpu_s=X threads=T   (connections accepted so far, this
//                              one included; the server process's user+system CPU seconds)
//   anything else  ->  error <reason>     (and the connection stays usable)
//
// A line ends with '\n' (a '\r' before it is dropped) and holds at most max_line bytes; a longer
// one is answered with one `error` and skipped up to its '\n'. N and SEED are unsigned decimal
// integers. The total travels as its IEEE-754 bits (as models/slice.hpp does) so the client
// gets back bit for bit what the workload library computes; parse_total reads it.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace lab::net {

inline constexpr std::size_t max_line = 256;
inline constexpr std::uint64_t max_gauss_samples = 100'000'000'000ULL;  // about 12 minutes of work
inline constexpr std::uint64_t max_delay_ms = 3'600'000;               // an hour

struct gauss_request {
  std::uint64_t samples = 0;
  std::uint64_t seed = 0;
  bool operator==(const gauss_request&) const = default;
};
struct delay_request {
  std::uint64_t ms = 0;
  bool operator==(const delay_request&) const = default;
};
struct ping_request {
  bool operator==(const ping_request&) const = default;
};
struct stall_request {
  std::uint64_t ms = 0;
  bool operator==(const stall_request&) const = default;
};
struct stats_request {
  bool operator==(const stats_request&) const = default;
};
struct bad_request {
  std::string reason;  // one line of printable text, for the `error` answer
  bool operator==(const bad_request&) const = default;
};
using request = std::variant<gauss_request, delay_request, ping_request, stall_request, stats_request, bad_request>;

// One line, without its '\n'. Never throws: anything malformed is a bad_request.
request parse_request(std::string_view line);
// The line (without '\n') that parses back to r; r must not be a bad_request.
std::string to_line(const request& r);

std::string format_total(double total);                    // 16 hex digits
std::optional<double> parse_total(std::string_view answer);  // nullopt unless exactly that
std::string error_answer(std::string_view reason);         // "error " + reason

// A `stats` answer.
struct server_stats {
  std::uint64_t accepted = 0;
  double cpu_s = 0;
  std::uint64_t threads = 0;
};
std::string format_stats(const server_stats& s);
std::optional<server_stats> parse_stats(std::string_view answer);  // nullopt unless that shape

// Cuts a byte stream into lines: keeps a partial line until the rest arrives, and turns a line
// longer than `max` into one `oversized` item, discarding its bytes up to the next '\n', so
// memory stays bounded whatever a client sends.
class line_splitter {
 public:
  struct item {
    bool oversized = false;
    std::string text;  // the line without '\n' or a trailing '\r'; empty when oversized
  };

  explicit line_splitter(std::size_t max = max_line) : max_(max) {}
  void feed(std::string_view bytes) { buffer_.append(bytes); }
  std::optional<item> next();  // the next complete item, or nothing until more bytes come
  std::size_t buffered() const { return buffer_.size(); }

 private:
  std::size_t max_;
  std::string buffer_;
  bool skipping_ = false;  // inside an oversized line: drop bytes up to its '\n'
};

}  // namespace lab::net
