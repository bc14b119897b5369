// One experiment from its records: which parameters make variants and which make points,
// the variants' labels and order, the points along the axes, and each run's bucket.
#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/experiment_builder.hpp"
#include "report/format.hpp"

namespace lab::report::detail {

namespace {

// Parameters that make a variant of one model rather than a point of the experiment: the
// catalog's, for the scenario and for every model (records from a newer lab fall back to the
// latter). The exception is a parameter the scenario is about: `yield` sweeps async's
// yield_every, and threads (without it) sit beside every point of that curve as serial does
// along `workers`.
bool is_model_specific(const std::string& scenario, const std::string& key) {
  auto has = [&](const std::vector<std::string>& keys) { return std::find(keys.begin(), keys.end(), key) != keys.end(); };
  if (const scenario_info* s = find_scenario_info(scenario)) {
    if (has(s->axis_params)) return false;
    if (has(s->variant_params)) return true;
  }
  return has(model_variant_params());
}

int axis_preference(const std::string& key) {
  const auto& order = preferred_axes();
  return static_cast<int>(std::find(order.begin(), order.end(), key) - order.begin());
}

axis_value value_of(const boost::json::value& v) {
  axis_value a{fmt::param(v), std::nullopt};
  if (v.is_number()) a.num = v.to_number<double>();
  return a;
}

// Numbers in numeric order before text in text order.
bool less(const axis_value& l, const axis_value& r) {
  if (l.num && r.num) return *l.num < *r.num;
  if (l.num != r.num) return l.num.has_value();
  return l.text < r.text;
}

bool less(const std::vector<axis_value>& l, const std::vector<axis_value>& r) {
  return std::lexicographical_compare(l.begin(), l.end(), r.begin(), r.end(),
                                      [](const axis_value& a, const axis_value& b) { return less(a, b); });
}

using coordinate = std::vector<std::optional<axis_value>>;  // nullopt: the record lacks the axis
using value_sets = std::map<std::string, std::set<std::string>>;
using model_value_sets = std::map<std::pair<std::string, std::string>, std::set<std::string>>;

std::set<std::string> variant_keys_of(const std::vector<record>& records, const record_group& g) {
  std::set<std::string> models, keys, variant_keys;
  for (std::size_t i : g.members) {
    models.insert(records[i].model);
    for (const auto& kv : records[i].params) keys.insert(kv.key());
  }
  if (models.size() > 1)
    for (const auto& k : keys)
      if (is_model_specific(g.scenario, k)) variant_keys.insert(k);
  return variant_keys;
}

// The fixed parameters and the axes, the primary (most values, then the preferred) first;
// returns the distinct values of each parameter per model.
model_value_sets place_parameters(const std::vector<record>& records, const record_group& g,
                                  const std::set<std::string>& variant_keys, analysed_experiment& e) {
  value_sets values;
  model_value_sets per_model;
  for (std::size_t i : g.members)
    for (const auto& kv : records[i].params) {
      const std::string text = fmt::param(kv.value());
      values[kv.key()].insert(text);
      per_model[{records[i].model, kv.key()}].insert(text);
    }
  for (const auto& [k, distinct] : values) {
    if (distinct.size() == 1) e.fixed.emplace_back(k, *distinct.begin());
    else if (!variant_keys.count(k)) e.axes.push_back(k);
  }
  std::stable_sort(e.axes.begin(), e.axes.end(), [&](const std::string& a, const std::string& b) {
    return std::make_tuple(-static_cast<long>(values[a].size()), axis_preference(a), a) <
           std::make_tuple(-static_cast<long>(values[b].size()), axis_preference(b), b);
  });
  if (e.axes.size() > 2)  // after the primary axis, the rest by name
    std::sort(e.axes.begin() + 1, e.axes.end());
  return per_model;
}

// Variants: a label per record, ordered by model then by their parameter values. Returns
// each member's variant index.
std::map<std::size_t, std::size_t> label_variants(const std::vector<record>& records, const record_group& g,
                                                  const std::set<std::string>& variant_keys,
                                                  const model_value_sets& per_model, analysed_experiment& e) {
  struct variant_sort {
    int rank;
    std::vector<axis_value> values;
  };
  std::map<std::string, variant_sort> variant_order;
  std::map<std::size_t, std::string> label_of;
  for (std::size_t i : g.members) {
    const record& r = records[i];
    std::vector<std::string> parts;
    variant_sort key{model_rank(r.model), {}};
    for (const auto& k : variant_keys) {
      auto it = r.params.find(k);
      if (it == r.params.end()) continue;
      const axis_value v = value_of(it->value());
      key.values.push_back(v);
      if (!v.num) parts.push_back(v.text);
      else if (per_model.at({r.model, k}).size() > 1) parts.push_back(k + "=" + v.text);
    }
    label_of[i] = r.model + (parts.empty() ? "" : " (" + join(parts, ", ") + ")");
    variant_order.emplace(label_of[i], key);
  }
  for (const auto& [label, _] : variant_order) e.variants.push_back(label);
  std::stable_sort(e.variants.begin(), e.variants.end(), [&](const std::string& a, const std::string& b) {
    const auto& ka = variant_order[a];
    const auto& kb = variant_order[b];
    if (ka.rank != kb.rank) return ka.rank < kb.rank;
    if (less(ka.values, kb.values)) return true;
    if (less(kb.values, ka.values)) return false;
    return a < b;
  });
  std::map<std::string, std::size_t> index;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    index[e.variants[v]] = v;
    e.variant_models.push_back(e.variants[v].substr(0, e.variants[v].find(' ')));
  }
  std::map<std::size_t, std::size_t> variant_of;
  for (const auto& [i, label] : label_of) variant_of[i] = index[label];
  return variant_of;
}

bool complete(const coordinate& c) {
  return std::all_of(c.begin(), c.end(), [](const auto& v) { return v.has_value(); });
}

bool matches(const coordinate& c, const std::vector<axis_value>& at) {
  for (std::size_t k = 0; k < c.size(); ++k)
    if (c[k] && c[k]->text != at[k].text) return false;
  return true;
}

std::vector<axis_value> filled(const coordinate& c) {
  std::vector<axis_value> at;
  for (const auto& v : c) at.push_back(v ? *v : axis_value{"—", std::nullopt});
  return at;
}

// The points: the distinct coordinates of records that have every axis; a record missing an
// axis joins every point agreeing with it, or makes its own point when none does. Sorted.
std::vector<std::vector<axis_value>> points_of(const std::vector<coordinate>& member_coords) {
  std::vector<std::vector<axis_value>> points;
  auto add = [&](const std::vector<axis_value>& at) {
    const bool known = std::any_of(points.begin(), points.end(), [&](const auto& p) {
      return std::equal(p.begin(), p.end(), at.begin(), at.end(),
                        [](const axis_value& a, const axis_value& b) { return a.text == b.text; });
    });
    if (!known) points.push_back(at);
  };
  for (const auto& c : member_coords)
    if (complete(c)) add(filled(c));
  for (const auto& c : member_coords)
    if (!complete(c) && std::none_of(points.begin(), points.end(), [&](const auto& at) { return matches(c, at); }))
      add(filled(c));
  std::sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return less(a, b); });
  return points;
}

// Each cell's summary, the notes' noise and outlier flags, and the verdict at each point.
void summarize_points(const std::vector<record>& records, const std::vector<std::vector<axis_value>>& coordinates,
                      const std::vector<std::vector<std::vector<std::size_t>>>& buckets, analysed_experiment& e,
                      std::vector<record_note>& notes) {
  const auto serial = e.serial_variant();
  for (std::size_t k = 0; k < coordinates.size(); ++k) {
    point p;
    p.at = coordinates[k];
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      std::vector<std::size_t> outliers;
      cell c = summarize_cell(records, buckets[k][v], e.primary, outliers);
      for (std::size_t i : buckets[k][v]) notes[i].noisy = notes[i].noisy || c.noisy();
      for (std::size_t i : outliers) notes[i].outlier = true;
      p.cells.push_back(std::move(c));
    }
    if (serial && p.cells[*serial].ok > 0 && e.primary.wall())
      for (auto& c : p.cells)
        if (c.ok > 0 && c.wall.median > 0) c.speedup = p.cells[*serial].wall.median / c.wall.median;
    p.verdict = compare(e, p.cells);
    e.points.push_back(std::move(p));
  }
}

// The counts, the metrics reported, and each note's experiment and variant.
void note_members(const std::vector<record>& records, const record_group& g,
                  const std::map<std::size_t, std::size_t>& variant_of, analysed_experiment& e,
                  std::vector<record_note>& notes) {
  e.everywhere.assign(e.variants.size(), !e.axes.empty());
  std::set<std::string> metric_keys;
  for (std::size_t i : g.members) {
    const record& r = records[i];
    if (!e.axes.empty() && r.params.contains(e.axes[0])) e.everywhere[variant_of.at(i)] = false;
    notes[i].experiment = e.title();
    notes[i].variant = e.variants[variant_of.at(i)];
    if (!notes[i].counted) continue;
    ++e.runs;
    if (!r.ok) ++e.failed;
    for (const auto& kv : r.metrics)
      if (kv.value().is_number()) metric_keys.insert(kv.key());
  }
  e.metric_keys.assign(metric_keys.begin(), metric_keys.end());
}

}  // namespace

void build_experiment(const std::vector<record>& records, const record_group& g, analysed_experiment& e,
                      std::vector<record_note>& notes) {
  e.host = g.host;
  e.name = g.name;
  e.scenario = g.scenario;
  e.primary = primary_of(g.scenario);
  for (std::size_t i : g.members)
    if (records[i].p99_margin) e.p99_margin = *records[i].p99_margin;
  const auto variant_keys = variant_keys_of(records, g);
  const auto per_model = place_parameters(records, g, variant_keys, e);
  const auto variant_of = label_variants(records, g, variant_keys, per_model, e);

  std::vector<coordinate> member_coords;
  for (std::size_t i : g.members) {
    coordinate c;
    for (const auto& a : e.axes) {
      auto it = records[i].params.find(a);
      c.push_back(it == records[i].params.end() ? std::nullopt : std::optional(value_of(it->value())));
    }
    member_coords.push_back(std::move(c));
  }
  const auto coordinates = points_of(member_coords);

  // Each counted record into its (point, variant) bucket; one without every axis into each
  // point that agrees with it.
  std::vector<std::vector<std::vector<std::size_t>>> buckets(
      coordinates.size(), std::vector<std::vector<std::size_t>>(e.variants.size()));
  for (std::size_t m = 0; m < g.members.size(); ++m) {
    const std::size_t i = g.members[m];
    if (!notes[i].counted) continue;
    const auto& c = member_coords[m];
    for (std::size_t k = 0; k < coordinates.size(); ++k)  // a complete one matches its own point only
      if (matches(c, coordinates[k])) buckets[k][variant_of.at(i)].push_back(i);
  }
  summarize_points(records, coordinates, buckets, e, notes);
  note_members(records, g, variant_of, e, notes);
}

}  // namespace lab::report::detail
