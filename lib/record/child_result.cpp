#include "record/child_result.hpp"

#include <stdexcept>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "core/text.hpp"
#include "record/record_keys.hpp"

namespace lab {

namespace json = boost::json;

namespace {
json::value text_or_null(const std::string& s) { return s.empty() ? json::value(nullptr) : json::value(s); }
}  // namespace

std::string to_result_line(const outcome& o) {
  json::object j;
  j["ok"] = o.ok;
  j["error"] = o.ok ? json::value(nullptr) : json::value(o.error);
  j["checksum"] = text_or_null(o.checksum);
  j["task_hash"] = text_or_null(o.task_hash);
  j["ideal_s"] = o.ideal_s ? json::value(*o.ideal_s) : json::value(nullptr);
  j["run_s"] = o.run_s;
  j["metrics"] = o.metrics;
  if (!o.code.empty()) j["code"] = o.code;
  if (!o.trace.empty()) j["trace"] = o.trace;
  if (!o.sched.empty()) j[record_keys::sched] = o.sched;
  return valid_utf8(json::serialize(j));
}

outcome outcome_from_result_line(std::string_view line) {
  // Said in words: Boost.JSON's exceptions carry a source location, which tells a user nothing.
  boost::system::error_code ec;
  const json::value v = json::parse(line, ec);
  if (ec) throw std::runtime_error(ec.message());
  const json::object* o = v.if_object();
  const json::value* ok = o ? o->if_contains("ok") : nullptr;
  if (!ok || !ok->is_bool()) throw std::runtime_error("no boolean 'ok'");
  auto field = [&](const char* key) -> const json::value& {
    static const json::value null;
    const json::value* f = o->if_contains(key);
    return f ? *f : null;
  };
  outcome out;
  out.ok = ok->get_bool();
  if (!out.ok) out.error = field("error").is_string() ? std::string(field("error").get_string()) : "failed without a reason";
  if (field("checksum").is_string()) out.checksum = field("checksum").get_string();
  if (field("task_hash").is_string()) out.task_hash = field("task_hash").get_string();
  if (field("ideal_s").is_number()) out.ideal_s = field("ideal_s").to_number<double>();
  if (field("run_s").is_number()) out.run_s = field("run_s").to_number<double>();
  if (field("metrics").is_object()) out.metrics = field("metrics").get_object();
  if (field("code").is_object()) out.code = field("code").get_object();
  if (field("trace").is_object()) out.trace = field("trace").get_object();
  if (field(record_keys::sched).is_object()) out.sched = field(record_keys::sched).get_object();
  return out;
}

}  // namespace lab
