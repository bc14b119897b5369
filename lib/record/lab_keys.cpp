#include "record/lab_keys.hpp"

#include <functional>
#include <type_traits>
#include <vector>

#include "record/record_keys.hpp"

namespace lab::detail {

namespace json = boost::json;

namespace {

// A value of another type is not read as the field: the report ignored such values when these
// keys were free-form, and still does, and the record keeps them (in extra) so no line loses one.
template <class T>
std::optional<T> as(const json::value& v) {
  if constexpr (std::is_same_v<T, bool>) {
    if (v.is_bool()) return v.get_bool();
  } else if constexpr (std::is_same_v<T, double>) {
    if (v.is_number()) return v.to_number<double>();
  } else if constexpr (std::is_integral_v<T>) {
    if (v.is_int64() || v.is_uint64()) {
      boost::system::error_code ec;
      const T x = v.to_number<T>(ec);  // ec: out of T's range
      if (!ec) return x;
    }
  } else if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) return std::string(v.get_string());
  } else {
    static_assert(std::is_same_v<T, json::object>);
    if (v.is_object()) return v.get_object();
  }
  return std::nullopt;
}

struct lab_key {
  const char* name;
  std::function<bool(record&, const json::value&)> read;          // false: the value does not fit
  std::function<std::optional<json::value>(const record&)> write;  // nothing where the member is unset
};

template <class T>
lab_key typed(const char* name, std::optional<T> record::*member) {
  return {name,
          [member](record& r, const json::value& v) {
            r.*member = as<T>(v);
            return (r.*member).has_value();
          },
          [member](const record& r) -> std::optional<json::value> {
            if (!(r.*member)) return std::nullopt;
            // An object copies into the default memory resource, not into its own: a report's
            // records keep theirs in an arena that frees nothing until the report is done.
            if constexpr (std::is_same_v<T, json::object>) return json::value(*(r.*member), json::storage_ptr());
            else return json::value(*(r.*member));
          }};
}

// The task hash is null where the run had no task totals; the record holds that as "", like
// checksum. A hash is never "", so an empty string is not one and stays in extra as it was.
lab_key text_or_null(const char* name, std::optional<std::string> record::*member) {
  return {name,
          [member](record& r, const json::value& v) {
            if (v.is_null()) r.*member = "";
            if (v.is_string() && !v.get_string().empty()) r.*member = std::string(v.get_string());
            return (r.*member).has_value();
          },
          [member](const record& r) -> std::optional<json::value> {
            if (!(r.*member)) return std::nullopt;
            return (r.*member)->empty() ? json::value(nullptr) : json::value(*(r.*member));
          }};
}

// In the order the driver (run_point.cpp) and then the sweep (sweep.cpp) set them: the order
// these keys have always had in a results line.
const std::vector<lab_key>& lab_keys() {
  static const std::vector<lab_key> all{
      typed(record_keys::server, &record::server),
      typed(record_keys::cpu, &record::cpu),
      text_or_null(record_keys::task_hash, &record::task_hash),
      typed(record_keys::run_s, &record::run_s),
      typed(record_keys::code, &record::code),
      typed(record_keys::sched, &record::sched),
      typed(record_keys::trace, &record::trace),
      typed(record_keys::experiment, &record::experiment),
      typed(record_keys::config, &record::config),
      typed(record_keys::round, &record::round),
      typed(record_keys::order_seed, &record::order_seed),
      typed(record_keys::point, &record::point),
      typed(record_keys::warmup, &record::warmup),
      typed(record_keys::plan, &record::plan),
      typed(record_keys::sweep_s, &record::sweep_s),
      typed(record_keys::p99_margin, &record::p99_margin),
      typed(record_keys::shard, &record::shard),
      typed(record_keys::sweep_plan, &record::sweep_plan),
      typed(record_keys::lab_version, &record::lab_version),
  };
  return all;
}

}  // namespace

void write_lab_keys(const record& r, json::object& o) {
  for (const auto& k : lab_keys())
    if (auto v = k.write(r)) o[k.name] = std::move(*v);
}

bool read_lab_key(record& r, std::string_view key, const json::value& v) {
  for (const auto& k : lab_keys())
    if (key == k.name) return k.read(r, v);
  return false;
}

}  // namespace lab::detail
