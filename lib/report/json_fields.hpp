#pragma once
// Lenient field reads for the JSON the report did not write itself (trace files, the trace
// summary a record carries): a missing or mistyped field is the fallback, never an exception.
#include <string>

#include <boost/json/object.hpp>

namespace lab::report {

inline std::string text_of(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

inline double number_of(const boost::json::object& o, const char* key, double fallback = 0) {
  const auto* v = o.if_contains(key);
  return v && v->is_number() ? v->to_number<double>() : fallback;
}

inline const boost::json::object* object_of(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? &v->get_object() : nullptr;
}

}  // namespace lab::report
