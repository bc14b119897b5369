#include "report/analysis.hpp"

#include <algorithm>
#include <cmath>
#include <set>
#include <tuple>

#include "core/params.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "scenario/scenario.hpp"
#include "stats/paired.hpp"
#include "stats/sequential.hpp"

namespace lab::report {

namespace {

// Parameters that make a variant of one model rather than a point of the experiment. The
// registry knows the scenarios of this build; records from a newer lab fall back to the
// model-specific parameters (docs/cli.md, `lab list`). The exception is the parameter a scenario is
// about: `yield` sweeps async's yield_every, and threads (without it) sit beside every
// point of that curve as serial does along `workers`.
bool known_model_specific(const std::string& key) {
  static const std::set<std::string> known{"spawn", "loop_threads", "yield_every", "stack_kib"};
  return known.count(key) != 0;
}

bool is_model_specific(const std::string& scenario, const std::string& key) {
  if (scenario == "yield" && key == "yield_every") return false;
  for (const auto& s : scenarios())
    if (s.spec.name == scenario)
      for (const auto& p : s.spec.params)
        if (p.name == key) return p.models.size() == 1 || known_model_specific(key);
  return known_model_specific(key);
}

// Axes listed first when two are swept over as many values: the concurrency knobs.
int axis_preference(const std::string& key) {
  static const std::vector<std::string> order{"workers", "concurrency", "units", "yield_every",
                                              "requests", "tasks", "round_trips"};
  auto it = std::find(order.begin(), order.end(), key);
  return static_cast<int>(it - order.begin());
}

int model_rank(const std::string& model) {
  const auto& names = model_names();
  return static_cast<int>(std::find(names.begin(), names.end(), model) - names.begin());
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

bool is_warmup(const record& r) {
  auto it = r.extra.find("warmup");
  return it != r.extra.end() && it->value().is_bool() && it->value().get_bool();
}

std::string experiment_name(const record& r) {
  auto it = r.extra.find("experiment");
  return it != r.extra.end() && it->value().is_string() ? std::string(it->value().get_string()) : "";
}

std::optional<double> number_in(const boost::json::object& o, const std::string& key) {
  auto it = o.find(key);
  if (it == o.end() || !it->value().is_number()) return std::nullopt;
  return it->value().to_number<double>();
}

double median_of(const std::vector<double>& xs) { return xs.empty() ? 0.0 : stats::median(xs); }

// The cell's summary; `outlier_records` receives the input indices of its outlier runs.
cell summarize_cell(const std::vector<record>& records, const std::vector<std::size_t>& members,
                    const primary_metric& primary, std::vector<std::size_t>& outlier_records) {
  cell c;
  std::vector<double> cpu, rss, eff, ideals;
  std::vector<std::size_t> value_records;
  std::map<std::string, std::vector<double>> metrics;
  std::map<std::string, std::set<std::string>> texts;
  for (std::size_t i : members) {
    const record& r = records[i];
    ++c.runs;
    if (!r.ok) {
      auto it = std::find_if(c.errors.begin(), c.errors.end(), [&](const auto& e) { return e.first == r.error; });
      if (it == c.errors.end()) c.errors.emplace_back(r.error, 1);
      else ++it->second;
      continue;
    }
    ++c.ok;
    const auto units = number_in(r.metrics, "units");
    if (!r.extra.contains("cpu") && units && *units < r.machine.cpus) c.cpu_exposed = true;
    c.walls.push_back(r.wall_s);
    cpu.push_back(r.user_s + r.sys_s);
    rss.push_back(static_cast<double>(r.max_rss_kib));
    // Against the time inside the model's process (its units' creation, the work and their
    // teardown), not the driver's wall, which adds the model executable's own start and exit
    // (about 10 ms on this project's VM, alike in every model) to every run.
    const double inside = number_in(r.extra, "run_s").value_or(r.wall_s);
    if (r.ideal_s && inside > 0) eff.push_back(*r.ideal_s / inside);
    if (r.ideal_s) ideals.push_back(*r.ideal_s);
    for (const auto& kv : r.metrics) {
      if (auto v = number_in(r.metrics, kv.key())) metrics[kv.key()].push_back(*v);
      else if (kv.value().is_string()) texts[kv.key()].insert(std::string(kv.value().get_string()));
    }
    const auto v = primary.wall() ? std::optional(r.wall_s) : number_in(r.metrics, primary.key);
    if (v && std::isfinite(*v)) {
      c.values.push_back(*v);
      c.rounds.push_back(r.rep);
      value_records.push_back(i);
    }
  }
  c.wall = stats::summarize(c.walls);
  c.value = stats::summarize(c.values);
  c.cpu_s = median_of(cpu);
  c.rss_kib = median_of(rss);
  if (!eff.empty()) c.efficiency = stats::median(eff);
  if (!ideals.empty()) c.ideal_s = stats::median(ideals);
  for (const auto& [key, values] : metrics) c.metrics[key] = stats::median(values);
  for (const auto& [key, values] : texts) c.texts[key] = join({values.begin(), values.end()}, "/");
  for (std::size_t k : c.value.outliers) {
    outlier_records.push_back(value_records[k]);
    c.outlier_devs.push_back(c.value.median != 0 ? c.values[k] / c.value.median - 1 : 0.0);
  }
  return c;
}

comparison compare(const experiment& e, const std::vector<cell>& cells) {
  std::vector<std::size_t> ranked;
  for (std::size_t v = 0; v < cells.size(); ++v)
    if (cells[v].measured() && e.contender(v)) ranked.push_back(v);
  std::stable_sort(ranked.begin(), ranked.end(),
                   [&](std::size_t a, std::size_t b) { return e.better(cells[a].value.median, cells[b].value.median); });
  comparison c;
  if (ranked.size() < 2) {
    if (!ranked.empty()) c.best = c.runner_up = ranked[0];
    return c;
  }
  const cell& best = cells[ranked[0]];
  const cell& next = cells[ranked[1]];
  c.best = ranked[0];
  c.runner_up = ranked[1];
  const double hi = std::max(std::fabs(best.value.median), std::fabs(next.value.median));
  const double lo = std::min(std::fabs(best.value.median), std::fabs(next.value.median));
  c.ratio = lo > 0 ? hi / lo : 1.0;
  c.p = stats::mann_whitney_p(best.values, next.values);
  c.min_p = stats::mann_whitney_min_p(best.values.size(), next.values.size());
  c.n_best = best.values.size();
  c.n_runner_up = next.values.size();
  double noise = std::max({min_effect, best.value.cv, next.value.cv});
  const auto j = stats::judge_pair(best.values, best.rounds, next.values, next.rounds, 0.05, min_effect, noise);
  bool separated = e.primary.lower_is_better ? best.value.max < next.value.min : best.value.min > next.value.max;
  c.ratio_lo = j.ratio.lo;
  c.ratio_hi = j.ratio.hi;
  if (j.pairs > 0) {  // paired by round: the per-round ratio and its test decide
    // Where the pairs order the two the other way than the medians, the pairs name the best.
    if (e.primary.lower_is_better ? j.ratio.estimate < 1 : j.ratio.estimate > 1) {
      std::swap(c.best, c.runner_up);
      std::swap(c.n_best, c.n_runner_up);
      c.ratio_lo = 1 / j.ratio.hi;
      c.ratio_hi = 1 / j.ratio.lo;
    }
    c.pairs = j.pairs;
    c.p = j.p;
    c.min_p = stats::signed_rank_min_p(j.pairs);
    c.ratio = j.ratio.estimate >= 1 ? j.ratio.estimate : 1 / j.ratio.estimate;
    noise = j.noise;
    separated = false;
  }
  if (c.ratio - 1 <= noise) c.kind = outcome::tie;
  else if (c.p < 0.05) c.kind = outcome::winner;
  else if (c.min_p >= 0.05 && separated) c.kind = outcome::tentative;
  else c.kind = outcome::tie;
  c.equivalent = c.kind == outcome::tie && j.kind == stats::pair_verdict::equivalent;
  return c;
}

struct group {
  std::string host, name, scenario;
  std::vector<std::size_t> members;
};

void build_experiment(const std::vector<record>& records, const group& g, experiment& e,
                      std::vector<record_note>& notes) {
  e.host = g.host;
  e.name = g.name;
  e.scenario = g.scenario;
  e.primary = primary_of(g.scenario);

  std::set<std::string> models, keys;
  for (std::size_t i : g.members) {
    models.insert(records[i].model);
    for (const auto& kv : records[i].params) keys.insert(kv.key());
  }
  std::set<std::string> variant_keys;
  if (models.size() > 1)
    for (const auto& k : keys)
      if (is_model_specific(e.scenario, k)) variant_keys.insert(k);

  // Distinct values of every parameter, and of the variant ones per model.
  std::map<std::string, std::set<std::string>> values;
  std::map<std::pair<std::string, std::string>, std::set<std::string>> per_model;
  for (std::size_t i : g.members)
    for (const auto& kv : records[i].params) {
      const std::string text = fmt::param(kv.value());
      values[kv.key()].insert(text);
      per_model[{records[i].model, kv.key()}].insert(text);
    }
  for (const auto& k : keys) {
    if (values[k].size() == 1) e.fixed.emplace_back(k, *values[k].begin());
    else if (!variant_keys.count(k)) e.axes.push_back(k);
  }
  std::stable_sort(e.axes.begin(), e.axes.end(), [&](const std::string& a, const std::string& b) {
    return std::make_tuple(-static_cast<long>(values[a].size()), axis_preference(a), a) <
           std::make_tuple(-static_cast<long>(values[b].size()), axis_preference(b), b);
  });
  if (e.axes.size() > 2)  // after the primary axis, the rest by name
    std::sort(e.axes.begin() + 1, e.axes.end());

  // Variants: a label per record, ordered by model then by their parameter values.
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
      else if (per_model[{r.model, k}].size() > 1) parts.push_back(k + "=" + v.text);
    }
    std::string label = r.model + (parts.empty() ? "" : " (" + join(parts, ", ") + ")");
    label_of[i] = label;
    variant_order.emplace(label, key);
  }
  std::vector<std::string> labels;
  for (const auto& [label, _] : variant_order) labels.push_back(label);
  std::stable_sort(labels.begin(), labels.end(), [&](const std::string& a, const std::string& b) {
    const auto& ka = variant_order[a];
    const auto& kb = variant_order[b];
    if (ka.rank != kb.rank) return ka.rank < kb.rank;
    if (less(ka.values, kb.values)) return true;
    if (less(kb.values, ka.values)) return false;
    return a < b;
  });
  e.variants = labels;
  for (const auto& label : labels) e.variant_models.push_back(label.substr(0, label.find(' ')));

  // Points: the distinct coordinates of records that have every axis; a record missing an
  // axis joins every point agreeing with it, or makes its own point when none does.
  auto coords = [&](std::size_t i) {
    std::vector<std::optional<axis_value>> c;
    for (const auto& a : e.axes) {
      auto it = records[i].params.find(a);
      c.push_back(it == records[i].params.end() ? std::nullopt : std::optional(value_of(it->value())));
    }
    return c;
  };
  auto matches = [](const std::vector<std::optional<axis_value>>& c, const std::vector<axis_value>& at) {
    for (std::size_t k = 0; k < c.size(); ++k)
      if (c[k] && c[k]->text != at[k].text) return false;
    return true;
  };
  auto key_of = [](const std::vector<axis_value>& at) {
    std::string k;
    for (const auto& v : at) k += v.text + '\x1f';
    return k;
  };
  std::vector<std::vector<std::optional<axis_value>>> member_coords;
  for (std::size_t i : g.members) member_coords.push_back(coords(i));
  auto complete = [](const std::vector<std::optional<axis_value>>& c) {
    return std::all_of(c.begin(), c.end(), [](const auto& v) { return v.has_value(); });
  };
  std::vector<std::vector<axis_value>> coordinates;
  std::map<std::string, std::size_t> point_of;  // key_of(coordinates) -> index
  auto add_point = [&](const std::vector<axis_value>& at) {
    if (point_of.emplace(key_of(at), coordinates.size()).second) coordinates.push_back(at);
  };
  for (const auto& c : member_coords)
    if (complete(c)) {
      std::vector<axis_value> at;
      for (const auto& v : c) at.push_back(*v);
      add_point(at);
    }
  for (const auto& c : member_coords) {
    if (complete(c)) continue;
    if (std::none_of(coordinates.begin(), coordinates.end(), [&](const auto& at) { return matches(c, at); })) {
      std::vector<axis_value> at;
      for (const auto& v : c) at.push_back(v ? *v : axis_value{"—", std::nullopt});
      add_point(at);
    }
  }
  std::sort(coordinates.begin(), coordinates.end(), [](const auto& a, const auto& b) { return less(a, b); });
  point_of.clear();
  for (std::size_t k = 0; k < coordinates.size(); ++k) point_of[key_of(coordinates[k])] = k;

  // Each counted record into its (point, variant) bucket; one without every axis into each
  // point that agrees with it.
  std::map<std::string, std::size_t> variant_of;
  for (std::size_t v = 0; v < e.variants.size(); ++v) variant_of[e.variants[v]] = v;
  std::vector<std::vector<std::vector<std::size_t>>> buckets(
      coordinates.size(), std::vector<std::vector<std::size_t>>(e.variants.size()));
  for (std::size_t m = 0; m < g.members.size(); ++m) {
    const std::size_t i = g.members[m];
    if (!notes[i].counted) continue;
    const std::size_t v = variant_of[label_of[i]];
    const auto& c = member_coords[m];
    if (complete(c)) {
      std::vector<axis_value> at;
      for (const auto& x : c) at.push_back(*x);
      buckets[point_of[key_of(at)]][v].push_back(i);
    } else {
      for (std::size_t k = 0; k < coordinates.size(); ++k)
        if (matches(c, coordinates[k])) buckets[k][v].push_back(i);
    }
  }

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

  e.everywhere.assign(e.variants.size(), !e.axes.empty());
  if (!e.axes.empty())
    for (std::size_t i : g.members)
      if (records[i].params.contains(e.axes[0])) e.everywhere[variant_of[label_of[i]]] = false;

  std::set<std::string> metric_keys;
  for (std::size_t i : g.members) {
    const record& r = records[i];
    notes[i].experiment = e.title();
    notes[i].variant = label_of[i];
    if (!notes[i].counted) continue;
    ++e.runs;
    if (!r.ok) ++e.failed;
    for (const auto& kv : r.metrics)
      if (kv.value().is_number()) metric_keys.insert(kv.key());
  }
  e.metric_keys.assign(metric_keys.begin(), metric_keys.end());
}

}  // namespace

const primary_metric& primary_of(const std::string& scenario) {
  static const primary_metric wall{"", true, "wall time", " median", "fastest", "faster", false, true, {}};
  static const std::map<std::string, primary_metric> table{
      {"spawn",
       {"per_unit_ns", true, "cost per unit", " per unit", "cheapest", "cheaper", true, false,
        {"per_unit_r2", "mem_per_unit_kib", "mem_method", "kernel_stack_per_unit_kib", "page_tables_per_unit_kib",
         "alive_when_sampled"}}},
      {"switch",
       {"switch_ns", true, "time per one-way hand-off", " per hand-off", "cheapest", "cheaper", true, false,
        {"mechanism", "ctx_switches_per_handoff"}}},
      {"yield",
       {"io_latency_ms", true, "I/O latency", " I/O latency", "most responsive", "lower", false, false,
        {"io_ideal_ms", "cpu_slowdown", "yields", "ns_per_yield"}}},
      {"io", {"", true, "wall time", " median", "fastest", "faster", false, true, {"p50_ms", "p99_ms"}}},
      {"mixed", {"", true, "wall time", " median", "fastest", "faster", false, true, {"server_s", "local_s"}}},
  };
  auto it = table.find(scenario);
  return it == table.end() ? wall : it->second;
}

bool experiment::contender(std::size_t variant) const {
  return !(primary.serial_is_floor && variant_models[variant] == "serial");
}

std::string experiment::value_text(double v) const {
  return primary.wall() ? fmt::seconds(v) : fmt::metric(primary.key, v);
}

std::string experiment::title() const { return name.empty() ? scenario : name; }

std::string experiment::workload_class() const {
  if (scenario == "cpu") return "CPU-bound";
  if (scenario == "sleep" || scenario == "io") return "Many waits";
  if (scenario == "mixed") return "Mixed CPU and I/O";
  if (scenario == "spawn" || scenario == "switch") return "Many units";
  if (scenario == "yield") return "Yielding";
  return scenario;
}

int workload_class_rank(const std::string& c) {
  static const std::vector<std::string> order{"CPU-bound", "Many waits", "Mixed CPU and I/O", "Many units",
                                              "Yielding"};
  return static_cast<int>(std::find(order.begin(), order.end(), c) - order.begin());
}

std::optional<std::string> experiment::fixed_value(const std::string& key) const {
  for (const auto& [k, v] : fixed)
    if (k == key) return v;
  return std::nullopt;
}

std::optional<std::size_t> experiment::serial_variant() const {
  for (std::size_t v = 0; v < variant_models.size(); ++v)
    if (variant_models[v] == "serial") return v;
  return std::nullopt;
}

std::string describe(const experiment& e, const point& p) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < e.axes.size(); ++k) parts.push_back(e.axes[k] + "=" + p.at[k].text);
  return join(parts, ", ");
}

std::vector<point_series> series_along_primary(const experiment& e) {
  std::vector<point_series> out;
  for (const auto& p : e.points) {
    std::vector<std::string> parts;
    for (std::size_t k = 1; k < e.axes.size(); ++k) parts.push_back(e.axes[k] + "=" + p.at[k].text);
    const std::string label = join(parts, ", ");
    auto it = std::find_if(out.begin(), out.end(), [&](const point_series& s) { return s.label == label; });
    if (it == out.end()) {
      out.push_back({label, {}});
      it = out.end() - 1;
    }
    it->points.push_back(&p);
  }
  // Points are sorted with the primary axis most significant; within a series that is the
  // order along it.
  return out;
}

namespace {

host_check judge_check(const std::vector<record>& records, const std::string& host,
                       const std::vector<std::size_t>& members) {
  host_check c;
  c.host = host;
  std::vector<fairness::sample> samples;
  for (std::size_t i : members) {
    if (is_warmup(records[i])) continue;
    ++c.runs;
    if (!records[i].ok) ++c.failed;
    if (auto s = fairness::sample_of(records[i])) samples.push_back(*s);
  }
  c.result = fairness::judge(samples);
  return c;
}

// Where identical work ran faster in one model than another, a CPU-bound margin smaller than
// that gap may be the gap itself: no winner is named on it. Where the CPUs differ, the same
// holds for a comparison with a variant the kernel placed on fewer CPUs than there are.
void demote_within_bias(experiment& e, const fairness::result& check) {
  const auto cls = e.workload_class();
  if (!e.primary.wall() || (cls != "CPU-bound" && cls != "Mixed CPU and I/O")) return;
  for (auto& p : e.points) {
    if (p.verdict.kind != outcome::winner && p.verdict.kind != outcome::tentative) continue;
    const bool exposed = p.cells[p.verdict.best].cpu_exposed || p.cells[p.verdict.runner_up].cpu_exposed;
    const double bias = std::max(check.cpu_bias, exposed ? check.cpu_spread : 1.0);
    if (bias > 1 && p.verdict.ratio <= bias) {
      p.verdict.kind = outcome::tie;
      p.verdict.bias = bias;
    }
  }
}

}  // namespace

analysis analyze(const std::vector<record>& records) {
  analysis a;
  a.records = records.size();
  a.notes.resize(records.size());

  std::vector<std::string> hosts;
  std::vector<group> groups;
  std::map<std::string, std::vector<std::size_t>> check_members;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const record& r = records[i];
    a.notes[i].counted = !is_warmup(r);
    if (!a.notes[i].counted) ++a.warmups;
    else if (!r.ok) ++a.failed;
    const std::string host = r.machine.host.empty() ? "unknown host" : r.machine.host;
    auto h = std::find(hosts.begin(), hosts.end(), host);
    if (h == hosts.end()) {
      hosts.push_back(host);
      a.machines.push_back(r.machine);
      a.machines.back().host = host;
    } else if (auto& m = a.machines[static_cast<std::size_t>(h - hosts.begin())];
               m.cpu_model.empty() && !r.machine.cpu_model.empty()) {
      m = r.machine;  // a failed run may not have read the machine; a later one did
      m.host = host;
    }
    if (fairness::is_check_record(r)) {
      check_members[host].push_back(i);
      continue;
    }
    const std::string name = experiment_name(r);
    auto g = std::find_if(groups.begin(), groups.end(), [&](const group& x) {
      return x.host == host && x.name == name && x.scenario == r.scenario;
    });
    if (g == groups.end()) {
      groups.push_back({host, name, r.scenario, {}});
      g = groups.end() - 1;
    }
    g->members.push_back(i);
  }

  for (const auto& host : hosts) {
    const host_check* check = nullptr;
    if (auto it = check_members.find(host); it != check_members.end()) {
      a.checks.push_back(judge_check(records, host, it->second));
      check = &a.checks.back();
    }
    for (const auto& g : groups) {
      if (g.host != host) continue;
      experiment e;
      build_experiment(records, g, e, a.notes);
      for (const auto& m : a.machines)
        if (m.host == host) e.cpus = m.cpus;
      if (check) demote_within_bias(e, check->result);
      a.experiments.push_back(std::move(e));
    }
  }
  return a;
}

}  // namespace lab::report
