#include "sweep/cpu_terms.hpp"

#include <charconv>
#include <numeric>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {

bool parse_long(std::string_view s, long long& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

constexpr std::string_view word = "cpus";
constexpr long long max_multiple = 1024;

}  // namespace

std::optional<std::string> cpu_term(std::string_view term, int cpus) {
  const std::string t = trim(term);
  if (t == word) return std::to_string(cpus);
  const auto star = t.find('*');
  if (star == std::string::npos || trim(std::string_view(t).substr(star + 1)) != word) return std::nullopt;
  long long n = 0;
  if (!parse_long(trim(std::string_view(t).substr(0, star)), n) || n < 1 || n > max_multiple)
    throw usage_error("bad multiple of the CPUs " + quote(t) + ": write N*cpus with N an integer in [1, " +
                      std::to_string(max_multiple) + "]");
  return std::to_string(n * cpus);
}

bool names_cpus(std::string_view value) { return value.find(word) != std::string_view::npos; }

std::optional<std::string> lcm_reference(std::string_view value) {
  const std::string v = trim(value);
  if (!v.starts_with("lcm(") || !v.ends_with(")")) return std::nullopt;
  return trim(std::string_view(v).substr(4, v.size() - 5));
}

std::string lcm_text(const std::vector<std::string>& values) {
  constexpr long long limit = 1LL << 31;
  long long l = 0;
  for (const auto& v : values) {
    long long n = 0;
    if (!parse_long(trim(v), n) || n < 0) throw usage_error("lcm() needs whole numbers, got " + quote(v));
    if (n == 0) continue;
    if (n > limit) throw usage_error("lcm() of these values passes " + std::to_string(limit));
    l = l == 0 ? n : std::lcm(l, n);  // both at most 2^31: the product fits, no overflow
    if (l > limit) throw usage_error("lcm() of these values passes " + std::to_string(limit));
  }
  if (l == 0) throw usage_error("lcm() needs a value above 0");
  return std::to_string(l);
}

}  // namespace lab
