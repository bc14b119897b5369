#include "scenario/profile_steps.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {

struct quantity {
  double value = 0;
  std::string unit;
};

// "2ms" -> {2, "ms"}; "2e6" -> {2e6, ""}. Finite, not negative, else nullopt-like failure.
bool split_quantity(std::string_view text, quantity& q) {
  if (text.empty() || text.front() == '-' || text.front() == '+') return false;
  const char* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, q.value);
  if (ec != std::errc{} || ptr == text.data() || !std::isfinite(q.value) || q.value < 0) return false;
  q.unit.assign(ptr, end);
  return true;
}

double seconds_per(std::string_view unit) {
  if (unit == "ns") return 1e-9;
  if (unit == "us" || unit == "\xC2\xB5s") return 1e-6;  // µs
  if (unit == "ms") return 1e-3;
  if (unit == "s") return 1;
  return 0;
}

std::uint64_t kib_per(std::string_view unit) {
  if (unit.empty() || unit == "K" || unit == "KiB" || unit == "k" || unit == "KB" || unit == "kB") return 1;
  if (unit == "M" || unit == "MiB" || unit == "MB") return 1024;
  if (unit == "G" || unit == "GiB" || unit == "GB") return 1024 * 1024;
  return 0;
}

class step_parser {
 public:
  step_parser(std::size_t number, std::string_view text) : number_(number), text_(text) {}

  [[noreturn]] void fail(const std::string& why) const {
    throw usage_error("step " + std::to_string(number_) + " " + quote(text_, 60) + ": " + why + " (valid steps: " +
                      step_forms() + ")");
  }

  step parse() {
    auto words = split_words(text_);
    if (words.empty()) fail("empty step");
    step s;
    if (words.front().size() > 1 && words.front().back() == 'x') {
      s.repeat = whole(words.front().substr(0, words.front().size() - 1), "a repeat count such as 2x");
      if (s.repeat == 0 || s.repeat > step_limits::max_repeat)
        fail("a repeat count is 1x to " + std::to_string(step_limits::max_repeat) + "x");
      words.erase(words.begin());
      if (words.empty()) fail("a repeat count needs a step after it");
    }
    const std::string& kind = words.front();
    if (kind == "cpu" && words.size() == 2) return cpu(s, step_kind::cpu, words[1]);
    if (kind == "locked" && words.size() == 3 && words[1] == "cpu") return cpu(s, step_kind::locked_cpu, words[2]);
    if (kind == "request" && words.size() == 3 && words[1] == "compute") {
      s.kind = step_kind::compute;
      s.samples = samples(words[2]);
      return s;
    }
    if (kind == "request" && words.size() == 2) {
      s.kind = step_kind::request;
      const double sec = duration(words[1]);
      const double ms = sec * 1e3;
      if (std::abs(ms - std::round(ms)) > 1e-9 * std::max(1.0, ms))
        fail("a request's delay is whole milliseconds (the lab-server waits in ms)");
      s.delay_ms = static_cast<std::uint64_t>(std::llround(ms));
      return s;
    }
    if (kind == "sleep" && words.size() == 2) {
      s.kind = step_kind::sleep;
      s.seconds = duration(words[1]);
      return s;
    }
    if (kind == "memory" && words.size() == 2) {
      s.kind = step_kind::memory;
      s.kib = size_kib(words[1]);
      return s;
    }
    if (kind == "cpu" || kind == "locked" || kind == "request" || kind == "sleep" || kind == "memory")
      fail("'" + kind + "' takes " + (kind == "locked" ? "'cpu' and one amount" : "one amount"));
    fail("unknown kind " + quote(kind, 30));
  }

 private:
  static std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (char c : text) {
      if (c == ' ' || c == '\t') {
        if (!word.empty()) words.push_back(std::move(word));
        word.clear();
      } else {
        word += c;
      }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
  }

  std::uint64_t whole(std::string_view text, const std::string& what) const {
    quantity q;
    if (!split_quantity(text, q) || !q.unit.empty() || q.value != std::floor(q.value) || q.value > 9e18)
      fail("expected " + what + ", not " + quote(text, 30));
    return static_cast<std::uint64_t>(q.value);
  }

  std::uint64_t samples(std::string_view text) const {
    const std::uint64_t n = whole(text, "a whole number of samples (2e6)");
    if (n > step_limits::max_samples) fail("at most 1e12 samples in one step");
    return n;
  }

  double duration(std::string_view text) const {
    quantity q;
    if (!split_quantity(text, q)) fail("expected a duration such as 20ms, not " + quote(text, 30));
    const double per = seconds_per(q.unit);
    if (per == 0) fail("unknown unit " + quote(q.unit, 20) + " (ns, us, ms, s)");
    const double sec = q.value * per;
    if (sec > step_limits::max_seconds) fail("at most an hour in one step");
    if (sec > 0 && sec < 1e-9) fail("at least 1ns, or 0");
    return sec;
  }

  std::uint64_t size_kib(std::string_view text) const {
    quantity q;
    if (!split_quantity(text, q)) fail("expected a size such as 64KiB, not " + quote(text, 30));
    const std::uint64_t per = kib_per(q.unit);
    if (per == 0) fail("unknown unit " + quote(q.unit, 20) + " (KiB, MiB, GiB; a bare number is KiB)");
    const double kib = q.value * static_cast<double>(per);
    if (kib != std::floor(kib)) fail("a size is whole KiB");
    if (kib > static_cast<double>(step_limits::max_kib)) fail("at most 16GiB held by one task");
    return static_cast<std::uint64_t>(kib);
  }

  step cpu(step s, step_kind kind, std::string_view amount) const {
    s.kind = kind;
    quantity q;
    if (!split_quantity(amount, q)) fail("expected samples (2e6) or a duration (2ms), not " + quote(amount, 30));
    if (q.unit.empty()) {
      s.samples = samples(amount);
    } else {
      s.seconds = duration(amount);
    }
    return s;
  }

  std::size_t number_;
  std::string_view text_;
};

// Shortest text for a duration: "2ms", "0.5ms", "250us", "1.5s".
// Nine significant digits: a scaled value such as 0.0005 * 1e3 reads 0.5, not 0.49999999999999994.
std::string duration_text(double sec) {
  const auto text = [](double v, const char* unit) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.9g%s", v, unit);
    return std::string(buf);
  };
  if (sec >= 1) return text(sec, "s");
  if (sec >= 1e-3 || sec == 0) return text(sec * 1e3, "ms");
  if (sec >= 1e-6) return text(sec * 1e6, "us");
  return text(sec * 1e9, "ns");
}

}  // namespace

const std::string& step_forms() {
  static const std::string forms =
      "cpu 2ms | cpu 2e6 (samples) | locked cpu 1ms | request 20ms | request compute 1e6 | sleep 40ms | "
      "memory 64KiB; separated by commas, each may start with Nx to repeat it";
  return forms;
}

std::vector<step> parse_steps(std::string_view text) {
  std::vector<step> steps;
  if (trim(text).empty()) return steps;
  std::size_t total = 0;
  std::size_t number = 0;
  for (const std::string& part : split(text, ',')) {
    ++number;
    const std::string piece = trim(part);
    step s = step_parser(number, piece).parse();
    total += s.repeat;
    if (total > step_limits::max_steps)
      throw usage_error("more than " + std::to_string(step_limits::max_steps) + " steps in one task, counting repeats");
    steps.push_back(s);
  }
  return steps;
}

task_kinds parse_task_kinds(std::string_view text) {
  task_kinds kinds;
  const auto parts = split(text, '|');
  if (parts.size() > max_task_kinds)
    throw usage_error("more than " + std::to_string(max_task_kinds) + " task kinds separated by '|'");
  for (std::size_t k = 0; k < parts.size(); ++k) {
    try {
      kinds.push_back(parse_steps(parts[k]));
    } catch (const usage_error& e) {
      if (parts.size() == 1) throw;
      throw usage_error("task kind " + std::to_string(k + 1) + ": " + e.what());
    }
    if (kinds.back().empty() && parts.size() > 1)
      throw usage_error("task kind " + std::to_string(k + 1) + " has no steps (valid steps: " + step_forms() + ")");
  }
  return kinds;
}

std::string to_text(const task_kinds& kinds) {
  std::string out;
  for (const auto& k : kinds) out += (out.empty() ? "" : " | ") + to_text(k);
  return out;
}

std::string to_text(const std::vector<step>& steps) {
  std::string out;
  for (const step& s : steps) {
    if (!out.empty()) out += ", ";
    if (s.repeat != 1) out += std::to_string(s.repeat) + "x ";
    switch (s.kind) {
      case step_kind::cpu:
      case step_kind::locked_cpu:
        out += s.kind == step_kind::cpu ? "cpu " : "locked cpu ";
        out += s.seconds > 0 ? duration_text(s.seconds) : format_number(static_cast<double>(s.samples));
        break;
      case step_kind::request: out += "request " + std::to_string(s.delay_ms) + "ms"; break;
      case step_kind::compute: out += "request compute " + format_number(static_cast<double>(s.samples)); break;
      case step_kind::sleep: out += "sleep " + duration_text(s.seconds); break;
      case step_kind::memory: out += "memory " + std::to_string(s.kib) + "KiB"; break;
    }
  }
  return out;
}

}  // namespace lab
