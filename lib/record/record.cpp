#include "record/record.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>
#include <optional>
#include <utility>
#include <stdexcept>

#include "core/text.hpp"
#include "record/lab_keys.hpp"

namespace lab {

namespace json = boost::json;

namespace {

const json::value& need(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) throw std::runtime_error(std::string("record has no '") + key + "'");
  return it->value();
}

const char* kind_of(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "a list";
    case json::kind::object: return "an object";
  }
  return "?";
}

// A record of the wrong shape is refused naming the field, never read as something else:
// params as a list would merge every swept point into one.
[[noreturn]] void wrong(const char* key, const json::value& v, const char* expected) {
  throw std::runtime_error(std::string("field '") + key + "' is " + kind_of(v) + ", expected " + expected);
}

double num(const json::value& v, const char* key = "value") {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  wrong(key, v, "a number");
}

std::string str_or_empty(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : ""; }

double need_num(const json::object& o, const char* key) { return num(need(o, key), key); }

// A whole number that fits Int: a double outside its range cannot even be converted.
template <class Int>
Int to_int(double v, const char* key) {
  if (!(v >= static_cast<double>(std::numeric_limits<Int>::min()) &&
        v < static_cast<double>(std::numeric_limits<Int>::max()) + 1.0))
    throw std::runtime_error(std::string("field '") + key + "' is out of range");
  return static_cast<Int>(v);
}

template <class Int>
Int need_int(const json::object& o, const char* key) {
  return to_int<Int>(need_num(o, key), key);
}

std::string need_str(const json::object& o, const char* key) {
  const auto& v = need(o, key);
  if (!v.is_string()) wrong(key, v, "a string");
  return std::string(v.get_string());
}

std::string str_or_null(const json::object& o, const char* key) {
  const auto& v = need(o, key);
  if (!v.is_string() && !v.is_null()) wrong(key, v, "a string or null");
  return str_or_empty(v);
}

const json::object* object_or_null(const json::object& o, const char* key, bool required) {
  const auto& v = need(o, key);
  if (v.is_object()) return &v.get_object();
  if (!v.is_null() || required) wrong(key, v, required ? "an object" : "an object or null");
  return nullptr;
}

long long opt_int(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && !it->value().is_null() ? to_int<long long>(num(it->value(), key), key) : 0;
}

std::string opt_str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() ? str_or_empty(it->value()) : "";
}

}  // namespace

json::object to_json(const machine_info& m) {
  json::object o{{"host", m.host},
                 {"cpus", m.cpus},
                 {"cpu_model", m.cpu_model},
                 {"kernel", m.kernel},
                 {"compiler", m.compiler},
                 {"boost", m.boost},
                 {"mem_total_kib", m.mem_total_kib},
                 {"governor", m.governor},
                 {"open_files", m.open_files},
                 {"max_user_procs", m.max_user_procs},
                 {"pid_max", m.pid_max},
                 {"max_map_count", m.max_map_count}};
  // Added after the others were fixed: written where known, so older records read back alike.
  if (m.threads_max > 0) o["threads_max"] = m.threads_max;
  return o;
}

machine_info machine_from_json(const json::object& o) {
  machine_info m;
  m.host = opt_str(o, "host");
  m.cpus = to_int<int>(static_cast<double>(opt_int(o, "cpus")), "cpus");
  m.cpu_model = opt_str(o, "cpu_model");
  m.kernel = opt_str(o, "kernel");
  m.compiler = opt_str(o, "compiler");
  m.boost = opt_str(o, "boost");
  m.mem_total_kib = opt_int(o, "mem_total_kib");
  m.governor = opt_str(o, "governor");
  m.open_files = opt_int(o, "open_files");
  m.max_user_procs = opt_int(o, "max_user_procs");
  m.pid_max = opt_int(o, "pid_max");
  m.max_map_count = opt_int(o, "max_map_count");
  m.threads_max = opt_int(o, "threads_max");
  return m;
}

namespace {

// The keys outside the contract, after whatever `o` holds: the lab's own, then extra's (a key
// of extra that `o` already has is left out).
void write_added_keys(const record& r, json::object& o) {
  detail::write_lab_keys(r, o);
  for (const auto& kv : r.extra)
    if (!o.contains(kv.key())) o[kv.key()] = kv.value();
}

}  // namespace

json::object to_json(const record& r) {
  json::object o;
  o["schema"] = r.schema;
  o["scenario"] = r.scenario;
  o["model"] = r.model;
  o["params"] = r.params;
  o["rep"] = r.rep;
  o["ok"] = r.ok;
  o["error"] = r.ok ? json::value(nullptr) : json::value(r.error);
  o["wall_s"] = r.wall_s;
  o["user_s"] = r.user_s;
  o["sys_s"] = r.sys_s;
  o["max_rss_kib"] = r.max_rss_kib;
  o["nvcsw"] = r.nvcsw;
  o["nivcsw"] = r.nivcsw;
  o["checksum"] = r.checksum.empty() ? json::value(nullptr) : json::value(r.checksum);
  o["ideal_s"] = r.ideal_s ? json::value(*r.ideal_s) : json::value(nullptr);
  o["metrics"] = r.metrics;
  o["machine"] = to_json(r.machine);
  write_added_keys(r, o);
  return o;
}

json::object added_keys(const record& r) {
  json::object o;
  write_added_keys(r, o);
  return o;
}

namespace {

// What no run can have measured: a record of another schema, whose keys may mean something
// else, is not read as this one (docs/record.md says how schemas change), and a negative
// time is no measurement. Either is refused, never merged into a comparison.
void check_plausible(const record& r) {
  if (r.schema != record_schema)
    throw std::runtime_error("schema " + std::to_string(r.schema) + ": this lab reads schema " +
                             std::to_string(record_schema) + " records (docs/record.md)");
  const std::pair<const char*, std::optional<double>> times[] = {
      {"wall_s", r.wall_s}, {"user_s", r.user_s}, {"sys_s", r.sys_s}, {"ideal_s", r.ideal_s}, {"run_s", r.run_s}};
  for (const auto& [key, value] : times)
    if (value && !(*value >= 0))
      throw std::runtime_error(std::string("'") + key + "' is " + format_number(*value) + ", and no time is negative");
}

}  // namespace

record record_from_json(const json::object& o) {
  record r;
  r.schema = need_int<int>(o, "schema");
  r.scenario = need_str(o, "scenario");
  r.model = need_str(o, "model");
  r.params = *object_or_null(o, "params", true);
  r.rep = need_int<int>(o, "rep");
  const auto& ok = need(o, "ok");
  if (!ok.is_bool()) wrong("ok", ok, "a boolean");
  r.ok = ok.get_bool();
  r.error = str_or_null(o, "error");
  r.wall_s = need_num(o, "wall_s");
  r.user_s = need_num(o, "user_s");
  r.sys_s = need_num(o, "sys_s");
  r.max_rss_kib = need_int<long long>(o, "max_rss_kib");
  r.nvcsw = need_int<long long>(o, "nvcsw");
  r.nivcsw = need_int<long long>(o, "nivcsw");
  r.checksum = str_or_null(o, "checksum");
  const auto& ideal = need(o, "ideal_s");
  if (!ideal.is_null()) r.ideal_s = num(ideal, "ideal_s");
  if (auto* m = object_or_null(o, "metrics", false)) r.metrics = *m;
  if (auto* m = object_or_null(o, "machine", false)) r.machine = machine_from_json(*m);
  static const char* known[] = {"schema", "scenario", "model",  "params", "rep",    "ok",
                                "error",  "wall_s",   "user_s", "sys_s",  "max_rss_kib",
                                "nvcsw",  "nivcsw",   "checksum", "ideal_s", "metrics", "machine"};
  for (const auto& kv : o) {
    bool is_known = false;
    for (auto* k : known) is_known = is_known || kv.key() == k;
    if (!is_known && !detail::read_lab_key(r, kv.key(), kv.value())) r.extra[kv.key()] = kv.value();
  }
  check_plausible(r);
  return r;
}

record record_from_line(const std::string& line) {
  json::value v = json::parse(line);
  if (!v.is_object()) throw std::runtime_error("a record line must be a JSON object");
  return record_from_json(v.get_object());
}

double run_time_s(const record& r) { return r.run_s && *r.run_s > 0 ? *r.run_s : r.wall_s; }

std::optional<double> metric(const record& r, const std::string& key) {
  auto it = r.metrics.find(key);
  if (it == r.metrics.end() || it->value().is_null()) return std::nullopt;
  return num(it->value(), key.c_str());
}

}  // namespace lab
