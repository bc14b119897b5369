#include <set>

#include "core/text.hpp"
#include "record/record_keys.hpp"
#include "report/format.hpp"
#include "report/writers.hpp"

namespace lab::report {

namespace {

std::string number(double v) { return format_number(v); }

void row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
  out << "\n";
}

std::string value_text(const boost::json::object& o, const std::string& key) {
  auto it = o.find(key);
  return it == o.end() ? "" : fmt::param(it->value());
}

}  // namespace

std::string csv_field(const std::string& text) {
  const bool quote = text.find_first_of(",\"\r\n") != std::string::npos ||
                     (!text.empty() && (text.front() == ' ' || text.back() == ' '));
  if (!quote) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write_csv(std::ostream& out, const std::vector<record>& records, const analysis& a) {
  // The keys outside the contract are columns as the JSON line has them (extra.*), typed or not.
  // Built record by record, twice, never kept for all: at a million records they were 1 GB.
  std::set<std::string> params, metrics, extra;
  for (const auto& r : records) {
    for (const auto& kv : r.params) params.insert(kv.key());
    for (const auto& kv : r.metrics) metrics.insert(kv.key());
    for (const auto& kv : added_keys(r))
      if (kv.key() != record_keys::experiment) extra.insert(kv.key());
  }
  std::vector<std::string> header{"experiment", "host",     "cpus",   "scenario", "model",       "variant",
                                  "rep",        "ok",       "error",  "wall_s",   "user_s",      "sys_s",
                                  "max_rss_kib", "nvcsw",   "nivcsw", "ideal_s",  "checksum",    "noisy",
                                  "outlier"};
  for (const auto& k : params) header.push_back("params." + k);
  for (const auto& k : metrics) header.push_back("metrics." + k);
  for (const auto& k : extra) header.push_back("extra." + k);
  row(out, header);

  for (std::size_t i = 0; i < records.size(); ++i) {
    const record& r = records[i];
    const record_note& n = a.notes[i];
    const boost::json::object added = added_keys(r);
    std::vector<std::string> f{value_text(added, record_keys::experiment),
                               r.machine.host,
                               std::to_string(r.machine.cpus),
                               r.scenario,
                               r.model,
                               n.variant,
                               std::to_string(r.rep),
                               r.ok ? "true" : "false",
                               r.error,
                               number(r.wall_s),
                               number(r.user_s),
                               number(r.sys_s),
                               std::to_string(r.max_rss_kib),
                               std::to_string(r.nvcsw),
                               std::to_string(r.nivcsw),
                               r.ideal_s ? number(*r.ideal_s) : "",
                               r.checksum,
                               n.noisy ? "true" : "false",
                               n.outlier ? "true" : "false"};
    for (const auto& k : params) f.push_back(value_text(r.params, k));
    for (const auto& k : metrics) f.push_back(value_text(r.metrics, k));
    for (const auto& k : extra) f.push_back(value_text(added, k));
    row(out, f);
  }
}

void write_csv(std::ostream& out, const std::vector<record>& records) { write_csv(out, records, analyze(records)); }

}  // namespace lab::report
