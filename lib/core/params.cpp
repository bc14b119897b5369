#include "core/params.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {

// The scenario's answer for a model: null for an unknown one, else why it does not run it ("" = it does).
const std::string* fit_of(const scenario_spec& sc, std::string_view model) {
  for (const auto& [name, why] : sc.model_fits)
    if (name == model) return &why;
  return nullptr;
}

std::optional<std::int64_t> parse_integer(std::string_view s) {
  std::int64_t v = 0;
  // Allow 1e6-style and 1_000_000-style spellings, common in sample counts.
  std::string clean;
  for (char c : s)
    if (c != '_') clean += c;
  auto [p, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), v);
  if (ec == std::errc() && p == clean.data() + clean.size()) return v;
  double d = 0;
  auto [q, ec2] = std::from_chars(clean.data(), clean.data() + clean.size(), d);
  if (ec2 == std::errc() && q == clean.data() + clean.size() && std::isfinite(d) &&
      d == std::floor(d) && std::fabs(d) < 9.2e18)
    return static_cast<std::int64_t>(d);
  return std::nullopt;
}

std::optional<double> parse_number(std::string_view s) {
  double d = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec == std::errc() && p == s.data() + s.size() && std::isfinite(d)) return d;
  return std::nullopt;
}

bool applies(const param_spec& p, std::string_view model) {
  return p.models.empty() || std::find(p.models.begin(), p.models.end(), model) != p.models.end();
}

// Canonical text of a valid value ("1e6" becomes "1000000"), or a usage_error.
std::string validate(const scenario_spec& sc, const param_spec& p, const std::string& value) {
  const std::string where = "parameter '" + p.name + "' of scenario '" + sc.name + "'";
  switch (p.kind) {
    case param_kind::integer: {
      auto v = parse_integer(value);
      if (!v) throw usage_error("bad value " + quote(value) + " for " + where + ": expected an integer");
      if (*v < p.min || *v > p.max)
        throw usage_error("value " + quote(value) + " for " + where + " is out of range [" +
                          format_number(p.min) + ", " + format_number(p.max) + "]");
      return std::to_string(*v);
    }
    case param_kind::number: {
      auto v = parse_number(value);
      if (!v) throw usage_error("bad value " + quote(value) + " for " + where + ": expected a number");
      if (*v < p.min || *v > p.max)
        throw usage_error("value " + quote(value) + " for " + where + " is out of range [" +
                          format_number(p.min) + ", " + format_number(p.max) + "]");
      return value;
    }
    case param_kind::choice:
      if (std::find(p.choices.begin(), p.choices.end(), value) == p.choices.end())
        throw usage_error("bad value " + quote(value) + " for " + where + " (choose " +
                          join(p.choices, ", ") + ")");
      return value;
    case param_kind::text:
      // The default itself is always valid: an empty default means "unset" (server).
      if (!p.check_text || value == p.default_value) return value;
      try {
        return p.check_text(value);
      } catch (const usage_error& e) {
        throw usage_error("bad value " + quote(value) + " for " + where + ": " + e.what());
      }
  }
  return value;
}

}  // namespace

std::int64_t params::integer(std::string_view name) const {
  auto v = parse_integer(text(name));
  if (!v) throw usage_error("parameter " + quote(name) + " is not an integer");
  return *v;
}

double params::number(std::string_view name) const {
  auto v = parse_number(text(name));
  if (!v) throw usage_error("parameter " + quote(name) + " is not a number");
  return *v;
}

const std::string& params::text(std::string_view name) const {
  auto it = values_.find(std::string(name));
  if (it == values_.end()) throw usage_error("missing parameter " + quote(name));
  return it->second;
}

assignments params::as_assignments() const { return {values_.begin(), values_.end()}; }

std::vector<std::string> scenario_spec::models() const {
  std::vector<std::string> names;
  for (const auto& [name, why_not] : model_fits)
    if (why_not.empty()) names.push_back(name);
  return names;
}

params resolve(const scenario_spec& sc, std::string_view model, const assignments& sets, bool settle) {
  const std::string* why_not = fit_of(sc, model);
  if (!why_not) {
    std::vector<std::string> known;
    for (const auto& fit : sc.model_fits) known.push_back(fit.first);
    throw unknown_choice("model", model, known);
  }
  if (!why_not->empty())
    throw usage_error("scenario '" + sc.name + "' does not run on model '" + std::string(model) +
                      "' (it runs on " + join(sc.models(), ", ") + "): " + *why_not);
  std::map<std::string, std::string> values;
  for (const auto& p : sc.params)
    if (applies(p, model)) values[p.name] = p.default_value;
  for (const auto& [key, value] : sets) {
    auto it = std::find_if(sc.params.begin(), sc.params.end(),
                           [&key = key](const param_spec& p) { return p.name == key; });  // clang 14: no binding captures
    if (it == sc.params.end()) {
      std::vector<std::string> names;
      for (const auto& p : sc.params) names.push_back(p.name);
      throw usage_error("unknown parameter " + quote(key) + " for scenario '" + sc.name +
                        "' (valid: " + join(names, ", ") + ")");
    }
    const std::string canonical = validate(sc, *it, value);
    if (applies(*it, model)) values[key] = canonical;
  }
  if (settle && sc.settle) sc.settle(model, values);
  return params(std::move(values));
}

std::pair<std::string, std::string> split_assignment(std::string_view text) {
  auto eq = text.find('=');
  if (eq == std::string_view::npos || eq == 0)
    throw usage_error("expected key=value, got " + quote(text));
  return {std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace lab
