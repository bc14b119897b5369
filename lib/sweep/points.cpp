// Expanding a config's experiment into its points: swept lists ("1, 2, 8..64 x2") and the
// models times the cartesian product of the swept values (sweep/config.hpp).
#include <charconv>
#include <set>

#include "core/error.hpp"
#include "core/text.hpp"
#include "scenario/scenario.hpp"
#include "sweep/config.hpp"
#include "sweep/cpu_terms.hpp"

namespace lab {

namespace {

constexpr std::size_t max_values = 100000;     // one swept list, after expansion
constexpr std::size_t max_points = 1000000;    // one experiment, before reps

template <class Int>
bool parse_int(std::string_view s, Int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

std::string at(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

// ---- expanding "1, 2, 8..64 x2" ------------------------------------------------------------

// A range's bound: an integer, `cpus` or `N*cpus`.
bool parse_bound(const std::string& text, int cpus, long long& out) {
  const auto n = cpu_term(text, cpus);
  return parse_int(n ? *n : text, out);
}

void expand_range(const std::string& item, std::size_t dots, int cpus, std::vector<std::string>& out) {
  const std::string bad = "bad range " + quote(item) + ": ";
  const std::string from_text = trim(std::string_view(item).substr(0, dots));
  std::string rest = trim(std::string_view(item).substr(dots + 2));
  const auto op = rest.find_first_of("x+");
  if (op == std::string::npos)
    throw usage_error(bad + "give a step, " + quote(from_text + ".." + rest + " x2") + " (geometric) or " +
                      quote(from_text + ".." + rest + " +1") + " (arithmetic)");
  const std::string to_text = trim(std::string_view(rest).substr(0, op));
  const std::string step_text = trim(std::string_view(rest).substr(op + 1));
  long long from = 0, to = 0, step = 0;
  if (!parse_bound(from_text, cpus, from) || !parse_bound(to_text, cpus, to))
    throw usage_error(bad + "the bounds must be integers, cpus or N*cpus");
  if (!parse_int(step_text, step)) throw usage_error(bad + "the step must be an integer");
  if (from > to) throw usage_error(bad + "the start is above the end");
  const bool geometric = rest[op] == 'x';
  if (geometric && from < 1) throw usage_error(bad + "a geometric range must start at 1 or more");
  if (geometric && step < 2) throw usage_error(bad + "the factor must be at least 2");
  if (!geometric && step < 1) throw usage_error(bad + "the step must be at least 1");
  for (long long v = from;;) {
    if (out.size() >= max_values)
      throw usage_error("range " + quote(item) + " expands to more than " + std::to_string(max_values) + " values");
    out.push_back(std::to_string(v));
    // Stop before the next value would pass `to` (or overflow).
    if (geometric ? v > to / step : v > to - step) break;
    v = geometric ? v * step : v + step;
  }
}

}  // namespace

std::vector<std::string> expand_values(std::string_view text, int cpus) {
  std::vector<std::string> out;
  if (trim(text).empty()) throw usage_error("empty sweep: give values ('1, 2, 4') or a range ('1..64 x2')");
  for (const auto& raw : split(text, ',')) {
    const std::string item = trim(raw);
    if (item.empty()) throw usage_error("empty item in " + quote(text));
    if (auto dots = item.find(".."); dots != std::string::npos)
      expand_range(item, dots, cpus, out);
    else
      out.push_back(cpu_term(item, cpus).value_or(item));
    if (out.size() > max_values)
      throw usage_error(quote(text) + " expands to more than " + std::to_string(max_values) + " values");
  }
  return out;
}

std::vector<sweep_point> expand_points(const experiment& e) {
  const scenario_spec& spec = find_scenario(e.scenario).spec;
  std::size_t combos = 1;
  for (const auto& s : e.swept) {
    if (s.values.empty()) throw usage_error(at(e.file, s.line) + "key 'sweep." + s.key + "': empty sweep");
    if (combos > max_points / s.values.size())
      throw usage_error(at(e.file, e.line) + "experiment '" + e.name + "' has more than " +
                        std::to_string(max_points) + " points");
    combos *= s.values.size();
  }
  std::vector<sweep_point> points;
  for (const auto& model : e.models) {
    std::set<std::map<std::string, std::string>> seen;
    const auto overrides = e.model_sets.find(model);
    for (std::size_t c = 0; c < combos; ++c) {
      assignments sets = e.fixed;
      std::size_t rest = c;  // mixed-radix digits of c; the last swept key varies fastest
      std::vector<std::size_t> pick(e.swept.size());
      for (std::size_t i = e.swept.size(); i-- > 0;) {
        pick[i] = rest % e.swept[i].values.size();
        rest /= e.swept[i].values.size();
      }
      for (std::size_t i = 0; i < e.swept.size(); ++i) sets.emplace_back(e.swept[i].key, e.swept[i].values[pick[i]]);
      if (overrides != e.model_sets.end()) sets.insert(sets.end(), overrides->second.begin(), overrides->second.end());
      sweep_point p;
      p.model = model;
      try {
        p.values = resolve(spec, model, sets);
      } catch (const usage_error& err) {
        throw usage_error(at(e.file, e.line) + "experiment '" + e.name + "', model '" + model + "': " + err.what());
      }
      if (!seen.insert(p.values.values()).second) continue;
      std::vector<std::string> label;
      for (const auto& s : e.swept)
        if (p.values.has(s.key)) label.push_back(s.key + "=" + p.values.text(s.key));
      p.label = join(label, " ");
      points.push_back(std::move(p));
    }
  }
  return points;
}

std::size_t runs_bound(const experiment& e) {
  // Saturating: a product of a few 100000-value lists overflows size_t.
  std::size_t runs = e.models.size() * static_cast<std::size_t>(std::max(e.reps, 0));
  for (const auto& sw : e.swept) {
    if (!sw.values.empty() && runs > max_runs / sw.values.size()) return max_runs + 1;
    runs *= sw.values.size();
  }
  return runs;
}

}  // namespace lab
