#include "output/record_writer.hpp"

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <string>

#include "core/text.hpp"
#include "output/checked_stream.hpp"

namespace lab {

namespace json = boost::json;

// Invalid UTF-8 only ever sits inside strings (the syntax is ASCII), so cleaning the text
// cleans every string in it, keys included.
std::string to_json_line(const record& r) { return valid_utf8(json::serialize(to_json(r))); }

void json_lines_writer::write(const record& r) {
  out_ << to_json_line(r) << '\n';
  flush_or_throw(out_);
}

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Scenario metrics, compact: "p99_ms=1.2 yields=40".
std::string metrics_text(const record& r) {
  std::string out;
  for (const auto& kv : r.metrics) {
    const auto& v = kv.value();
    if (v.is_null()) continue;
    std::string value;
    if (v.is_double()) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", v.get_double());
      value = buf;
    } else {
      value = json::serialize(v);
    }
    if (!out.empty()) out += ' ';
    out += std::string(kv.key()) + "=" + value;
  }
  return out;
}

std::string params_text(const record& r) {
  std::string out;
  for (const auto& kv : r.params) {
    if (!out.empty()) out += ' ';
    out += std::string(kv.key()) + "=" + (kv.value().is_string() ? std::string(kv.value().get_string()) : json::serialize(kv.value()));
  }
  return out;
}

}  // namespace

void table_writer::write(const record& r) {
  char line[512];
  if (!header_done_) {
    std::snprintf(line, sizeof line, "%-8s %-8s %3s %9s %9s %9s %6s %9s %9s %9s %8s %8s  %s\n", "model", "scenario",
                  "rep", "wall_s", "run_s", "ideal_s", "eff", "user_s", "sys_s", "rss_MiB", "vcsw", "ivcsw",
                  "checksum / metrics");
    out_ << line;
    header_done_ = true;
  }
  // Efficiency over run_s, as the report computes it (record.hpp, run_time_s): wall_s adds the
  // model executable's start and exit, which no model can overlap.
  const double run = run_time_s(r);
  const std::string eff = r.ok && r.ideal_s && run > 0 ? fixed(*r.ideal_s / run, 2) : "-";
  std::snprintf(line, sizeof line, "%-8s %-8s %3d %9.4f %9s %9s %6s %9.3f %9.3f %9.1f %8lld %8lld  ", r.model.c_str(),
                r.scenario.c_str(), r.rep, r.wall_s, r.run_s ? fixed(*r.run_s, 4).c_str() : "-",
                r.ideal_s ? fixed(*r.ideal_s, 4).c_str() : "-", eff.c_str(),
                r.user_s, r.sys_s, static_cast<double>(r.max_rss_kib) / 1024.0, r.nvcsw, r.nivcsw);
  out_ << line;
  if (r.ok)
    out_ << r.checksum << (r.checksum.empty() ? "" : " ") << metrics_text(r);
  else
    out_ << "FAILED: " << one_line(r.error);
  out_ << "   [" << params_text(r) << "]\n";
  flush_or_throw(out_);
}

}  // namespace lab
