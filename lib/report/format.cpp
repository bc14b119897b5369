#include "report/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>

#include <boost/json/serialize.hpp>

#include "core/text.hpp"

namespace lab::report::fmt {

namespace {

const std::string dash = "—";

struct unit {
  const char* name;
  double scale;
};

unit time_unit(double s) {
  const double a = std::fabs(s);
  if (a >= 1 || a == 0) return {"s", 1};
  if (a >= 1e-3) return {"ms", 1e-3};
  if (a >= 1e-6) return {"µs", 1e-6};
  return {"ns", 1e-9};
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::string sig(double v, int digits) {
  if (!std::isfinite(v)) return dash;
  if (v == 0) return "0";
  int mag = static_cast<int>(std::floor(std::log10(std::fabs(v))));
  const double step = std::pow(10.0, mag - digits + 1);
  const double rounded = std::round(v / step) * step;
  mag = static_cast<int>(std::floor(std::log10(std::fabs(rounded))));  // 9.996 rounds up to 10.0
  const int decimals = std::max(0, digits - 1 - mag);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, rounded);
  return buf;
}

std::string seconds(double s) {
  if (!std::isfinite(s)) return dash;
  const unit u = time_unit(s);
  // A value that rounds to 1000 of its unit reads better in the next unit up.
  const std::string text = sig(s / u.scale);
  if (text == "1000" && u.scale < 1) return seconds(s >= 0 ? u.scale * 1000.0 : -u.scale * 1000.0);
  return text + " " + u.name;
}

std::string seconds_range(double lo, double hi) {
  if (!std::isfinite(lo) || !std::isfinite(hi)) return dash;
  const unit u = time_unit(hi);
  return sig(lo / u.scale) + "–" + sig(hi / u.scale) + " " + u.name;
}

std::string kib(double k) {
  if (!std::isfinite(k)) return dash;
  const double a = std::fabs(k);
  if (a < 1024) return sig(k) + " KiB";
  if (a < 1024.0 * 1024) return sig(k / 1024) + " MiB";
  return sig(k / (1024.0 * 1024)) + " GiB";
}

std::string ratio(double r) { return std::isfinite(r) ? sig(r) + "×" : dash; }

std::string percent(double fraction) {
  if (!std::isfinite(fraction)) return dash;
  const double pc = fraction * 100;
  return (std::fabs(pc) >= 10 ? sig(pc, std::fabs(pc) >= 100 ? 3 : 2) : sig(pc, 2)) + "%";
}

std::string p_value(double p) {
  if (!std::isfinite(p)) return "p = " + dash;
  if (p < 0.001) return "p < 0.001";
  return "p = " + sig(p, 2);
}

std::string r2(double r2) {
  if (!std::isfinite(r2)) return dash;
  if (r2 < -0.005) return "< 0";
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.2f", std::max(0.0, r2));
  return buf;
}

std::string count(double n) {
  if (!std::isfinite(n)) return dash;
  const double a = std::fabs(n);
  if (a < 1e6 && n == std::floor(n)) return format_number(n);
  if (a < 1e6) return sig(n);
  if (a < 1e9) return sig(n / 1e6) + " M";
  return sig(n / 1e9) + " G";
}

std::string plain(double v) {
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e15) return format_number(v);
  return sig(v);
}

std::string metric(const std::string& key, double v) {
  // A unit inside the key counts too: task_s_mean is in seconds.
  using unit_scale = std::pair<const char*, double>;
  for (const auto& [unit, scale] : {unit_scale{"_ms_", 1e-3}, unit_scale{"_us_", 1e-6}, unit_scale{"_ns_", 1e-9},
                                    unit_scale{"_s_", 1.0}})
    if (key.find(unit) != std::string::npos) return seconds(v * scale);
  // ...and one it starts with: ns_per_yield is in nanoseconds.
  for (const auto& [unit, scale] : {unit_scale{"ns_", 1e-9}, unit_scale{"us_", 1e-6}})
    if (key.rfind(unit, 0) == 0) return seconds(v * scale);
  if (ends_with(key, "_ms")) return seconds(v * 1e-3);
  if (ends_with(key, "_us")) return seconds(v * 1e-6);
  if (ends_with(key, "_ns")) return seconds(v * 1e-9);
  if (ends_with(key, "_s")) return seconds(v);
  if (ends_with(key, "_kib")) return kib(v);
  if (ends_with(key, "_mib")) return kib(v * 1024);
  if (ends_with(key, "_pct")) return sig(v) + "%";
  return count(v);
}

std::string metric_range(const std::string& key, double lo, double hi) {
  for (const auto& [suffix, scale] : {std::pair{"_ms", 1e-3}, std::pair{"_us", 1e-6}, std::pair{"_ns", 1e-9},
                                      std::pair{"_s", 1.0}})
    if (ends_with(key, suffix)) return seconds_range(lo * scale, hi * scale);
  if (lo == hi) return metric(key, lo);
  return metric(key, lo) + "–" + metric(key, hi);
}

std::string param(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_double()) return format_number(v.get_double());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_null()) return "";
  return boost::json::serialize(v);
}

}  // namespace lab::report::fmt
