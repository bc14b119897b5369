#include "record/record.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <stdexcept>

namespace lab {

namespace json = boost::json;

namespace {

const json::value& need(const json::object& o, const char* key) {
  auto it = o.find(key);
  if (it == o.end()) throw std::runtime_error(std::string("record has no '") + key + "'");
  return it->value();
}

double num(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  throw std::runtime_error("expected a number, got " + json::serialize(v));
}

std::string str_or_empty(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : ""; }

long long opt_int(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() && !it->value().is_null() ? static_cast<long long>(num(it->value())) : 0;
}

std::string opt_str(const json::object& o, const char* key) {
  auto it = o.find(key);
  return it != o.end() ? str_or_empty(it->value()) : "";
}

}  // namespace

json::object to_json(const machine_info& m) {
  return json::object{{"host", m.host},
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
}

machine_info machine_from_json(const json::object& o) {
  machine_info m;
  m.host = opt_str(o, "host");
  m.cpus = static_cast<int>(opt_int(o, "cpus"));
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
  return m;
}

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
  for (const auto& kv : r.extra)
    if (!o.contains(kv.key())) o[kv.key()] = kv.value();
  return o;
}

record record_from_json(const json::object& o) {
  record r;
  r.schema = static_cast<int>(num(need(o, "schema")));
  r.scenario = str_or_empty(need(o, "scenario"));
  r.model = str_or_empty(need(o, "model"));
  if (auto* p = need(o, "params").if_object()) r.params = *p;
  r.rep = static_cast<int>(num(need(o, "rep")));
  r.ok = need(o, "ok").as_bool();
  r.error = str_or_empty(need(o, "error"));
  r.wall_s = num(need(o, "wall_s"));
  r.user_s = num(need(o, "user_s"));
  r.sys_s = num(need(o, "sys_s"));
  r.max_rss_kib = static_cast<long long>(num(need(o, "max_rss_kib")));
  r.nvcsw = static_cast<long long>(num(need(o, "nvcsw")));
  r.nivcsw = static_cast<long long>(num(need(o, "nivcsw")));
  r.checksum = str_or_empty(need(o, "checksum"));
  const auto& ideal = need(o, "ideal_s");
  if (!ideal.is_null()) r.ideal_s = num(ideal);
  if (auto* m = need(o, "metrics").if_object()) r.metrics = *m;
  if (auto* m = need(o, "machine").if_object()) r.machine = machine_from_json(*m);
  static const char* known[] = {"schema", "scenario", "model",  "params", "rep",    "ok",
                                "error",  "wall_s",   "user_s", "sys_s",  "max_rss_kib",
                                "nvcsw",  "nivcsw",   "checksum", "ideal_s", "metrics", "machine"};
  for (const auto& kv : o) {
    bool is_known = false;
    for (auto* k : known) is_known = is_known || kv.key() == k;
    if (!is_known) r.extra[kv.key()] = kv.value();
  }
  return r;
}

record record_from_line(const std::string& line) {
  json::value v = json::parse(line);
  if (!v.is_object()) throw std::runtime_error("a record line must be a JSON object");
  return record_from_json(v.get_object());
}

std::optional<double> metric(const record& r, const std::string& key) {
  auto it = r.metrics.find(key);
  if (it == r.metrics.end() || it->value().is_null()) return std::nullopt;
  return num(it->value());
}

}  // namespace lab
