#include "net/protocol.hpp"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <vector>

namespace lab::net {

namespace {

std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) out.push_back(line.substr(start, i - start));
  }
  return out;
}

std::optional<std::uint64_t> parse_u64(std::string_view s) {
  std::uint64_t v = 0;
  if (s.empty() || s[0] == '+' || s[0] == '-') return std::nullopt;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// Client text echoed in an error answer: printable ASCII only, and short.
std::string quoted(std::string_view s) {
  std::string out = "'";
  for (char c : s.substr(0, 32)) out += (c >= 0x20 && c < 0x7f) ? c : '?';
  if (s.size() > 32) out += "...";
  return out + "'";
}

bad_request bad(std::string reason) { return {std::move(reason)}; }

}  // namespace

request parse_request(std::string_view line) {
  const auto w = words(line);
  if (w.empty()) return bad("empty request (expected gauss N SEED, delay MS, ping, stall MS or stats)");
  if (w[0] == "ping") {
    if (w.size() != 1) return bad("ping takes no arguments");
    return ping_request{};
  }
  if (w[0] == "stats") {
    if (w.size() != 1) return bad("stats takes no arguments");
    return stats_request{};
  }
  if (w[0] == "stall") {
    if (w.size() != 2) return bad("expected stall MS");
    auto ms = parse_u64(w[1]);
    if (!ms) return bad("stall: MS must be an unsigned integer, got " + quoted(w[1]));
    if (*ms > max_delay_ms) return bad("stall: MS must be at most " + std::to_string(max_delay_ms));
    return stall_request{*ms};
  }
  if (w[0] == "delay") {
    if (w.size() != 2) return bad("expected delay MS");
    auto ms = parse_u64(w[1]);
    if (!ms) return bad("delay: MS must be an unsigned integer, got " + quoted(w[1]));
    if (*ms > max_delay_ms) return bad("delay: MS must be at most " + std::to_string(max_delay_ms));
    return delay_request{*ms};
  }
  if (w[0] == "gauss") {
    if (w.size() != 3) return bad("expected gauss N SEED");
    auto n = parse_u64(w[1]);
    if (!n) return bad("gauss: N must be an unsigned integer, got " + quoted(w[1]));
    if (*n > max_gauss_samples) return bad("gauss: N must be at most " + std::to_string(max_gauss_samples));
    auto seed = parse_u64(w[2]);
    if (!seed) return bad("gauss: SEED must be an unsigned 64-bit integer, got " + quoted(w[2]));
    return gauss_request{*n, *seed};
  }
  return bad("unknown request " + quoted(w[0]) + " (expected gauss N SEED, delay MS, ping, stall MS or stats)");
}

std::string to_line(const request& r) {
  if (auto* g = std::get_if<gauss_request>(&r))
    return "gauss " + std::to_string(g->samples) + " " + std::to_string(g->seed);
  if (auto* d = std::get_if<delay_request>(&r)) return "delay " + std::to_string(d->ms);
  if (std::holds_alternative<ping_request>(r)) return "ping";
  if (auto* s = std::get_if<stall_request>(&r)) return "stall " + std::to_string(s->ms);
  if (std::holds_alternative<stats_request>(r)) return "stats";
  return "";  // a bad_request has no line
}

std::string format_total(double total) {
  std::uint64_t bits;
  std::memcpy(&bits, &total, sizeof bits);
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(bits));
  return buf;
}

std::optional<double> parse_total(std::string_view answer) {
  if (answer.size() != 16) return std::nullopt;
  for (char c : answer)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::nullopt;
  std::uint64_t bits = 0;
  std::from_chars(answer.data(), answer.data() + answer.size(), bits, 16);
  double total;
  std::memcpy(&total, &bits, sizeof total);
  return total;
}

std::string error_answer(std::string_view reason) { return "error " + std::string(reason); }

std::string format_stats(const server_stats& s) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "stats accepted=%llu cpu_s=%.6f threads=%llu",
                static_cast<unsigned long long>(s.accepted), s.cpu_s, static_cast<unsigned long long>(s.threads));
  return buf;
}

std::optional<server_stats> parse_stats(std::string_view answer) {
  const auto w = words(answer);
  if (w.size() != 4 || w[0] != "stats" || !w[1].starts_with("accepted=") || !w[2].starts_with("cpu_s=") ||
      !w[3].starts_with("threads="))
    return std::nullopt;
  server_stats s;
  const auto accepted = parse_u64(w[1].substr(9));
  const auto threads = parse_u64(w[3].substr(8));
  const auto cpu = w[2].substr(6);
  auto [p, ec] = std::from_chars(cpu.data(), cpu.data() + cpu.size(), s.cpu_s);
  if (!accepted || !threads || ec != std::errc() || p != cpu.data() + cpu.size()) return std::nullopt;
  s.accepted = *accepted;
  s.threads = *threads;
  return s;
}

std::optional<line_splitter::item> line_splitter::next() {
  for (;;) {
    const auto nl = buffer_.find('\n');
    if (skipping_) {
      if (nl == std::string::npos) {
        buffer_.clear();
        return std::nullopt;
      }
      buffer_.erase(0, nl + 1);
      skipping_ = false;
      continue;
    }
    if (nl == std::string::npos) {
      if (buffer_.size() <= max_) return std::nullopt;
      buffer_.clear();  // too long already: answer now, drop the rest of it as it comes
      skipping_ = true;
      return item{true, {}};
    }
    if (nl > max_) {
      buffer_.erase(0, nl + 1);
      return item{true, {}};
    }
    std::string line = buffer_.substr(0, nl);
    buffer_.erase(0, nl + 1);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return item{false, std::move(line)};
  }
}

}  // namespace lab::net
