#include "report/analysis.hpp"

#include <algorithm>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/advice.hpp"
#include "report/experiment_builder.hpp"
#include "report/format.hpp"

namespace lab::report {

namespace detail {

bool is_warmup(const record& r) { return r.warmup.value_or(false); }

}  // namespace detail

namespace {

std::string experiment_name(const record& r) { return r.experiment.value_or(""); }

}  // namespace

bool analysed_experiment::contender(std::size_t variant) const {
  return !(primary.serial_is_floor && is_baseline_model(variant_models[variant]));
}

std::string analysed_experiment::value_text(double v) const {
  return primary.wall() ? fmt::seconds(v) : fmt::metric(primary.key, v);
}

std::string analysed_experiment::title() const { return name.empty() ? scenario : name; }

int workload_class_rank(const std::string& c) {
  const auto& order = workload_classes();
  return static_cast<int>(std::find(order.begin(), order.end(), c) - order.begin());
}

std::optional<std::string> analysed_experiment::fixed_value(const std::string& key) const {
  for (const auto& [k, v] : fixed)
    if (k == key) return v;
  return std::nullopt;
}

std::optional<std::size_t> analysed_experiment::serial_variant() const {
  for (std::size_t v = 0; v < variant_models.size(); ++v)
    if (is_baseline_model(variant_models[v])) return v;
  return std::nullopt;
}

std::string describe(const analysed_experiment& e, const point& p) {
  std::vector<std::string> parts;
  for (std::size_t k = 0; k < e.axes.size(); ++k) parts.push_back(e.axes[k] + "=" + p.at[k].text);
  return join(parts, ", ");
}

const point* glance_point(const analysed_experiment& e) {
  return e.points.empty() ? nullptr : series_along_primary(e).front().points.back();
}

std::vector<point_series> series_along_primary(const analysed_experiment& e) {
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
  std::vector<fairness::moment_sample> moments;
  for (std::size_t i : members) {
    if (detail::is_warmup(records[i])) continue;
    ++c.runs;
    if (!records[i].ok) ++c.failed;
    if (auto s = fairness::sample_of(records[i])) samples.push_back(*s);
    if (auto m = fairness::moment_sample_of(records[i])) moments.push_back(*m);
  }
  c.result = fairness::judge(samples, moments);
  return c;
}

// Where identical work ran faster in one model than another, a CPU-bound margin smaller than
// that gap may be the gap itself: no winner is named on it. A variant the kernel placed on
// fewer CPUs than there are may have gained or lost what CPUs differ by at one moment (the
// check's simultaneous runs): a margin below that is not named either.
void demote_within_bias(analysed_experiment& e, const fairness::result& check) {
  const scenario_info* s = find_scenario_info(e.scenario);
  if (!e.primary.wall() || !s || !s->cpu_work) return;
  auto demote = [&](const point& p, comparison& v) {
    if (v.kind != verdict_kind::winner && v.kind != verdict_kind::tentative) return;
    const bool exposed = p.cells[v.best].cpu_exposed || p.cells[v.runner_up].cpu_exposed;
    const double bias = std::max(check.cpu_bias, exposed ? check.placement_margin : 1.0);
    if (bias > 1 && v.ratio <= bias) {
      v.kind = verdict_kind::tie;
      v.bias = bias;
    }
  };
  for (auto& p : e.points) {
    demote(p, p.verdict);
    if (p.against_baseline) demote(p, *p.against_baseline);
  }
}

// An experiment that runs an essay's work (a one-point experiment of its scenario, holding the
// essay's parameters) with both serial and async: async is judged against serial there too.
void judge_against_essay(analysed_experiment& e) {
  if (e.points.size() != 1) return;
  for (const auto& f : essay_figures()) {
    if (e.scenario != f.scenario ||
        !std::all_of(f.work.begin(), f.work.end(), [&](const auto& kv) { return e.fixed_value(kv.first) == kv.second; }))
      continue;
    const auto s = e.serial_variant();
    const auto a = std::find(e.variant_models.begin(), e.variant_models.end(), f.model);
    if (!s || a == e.variant_models.end()) return;
    e.essay = &f;
    point& p = e.points[0];
    const auto ai = static_cast<std::size_t>(a - e.variant_models.begin());
    if (p.cells[*s].measured() && p.cells[ai].measured())
      p.against_baseline = detail::compare_pair(e, p.cells, *s, ai);
    return;
  }
}

}  // namespace

namespace {

// lab advise's records: its predictions and its calibration are the Advice section's, not
// experiments; its verification's runs are an experiment and also checked against the predictions.
bool keep_advice(const record& r, analysis& a) {
  if (is_prediction_record(r)) {
    a.predictions.push_back(r);
    return true;
  }
  if (r.experiment && r.experiment->starts_with(calibration_prefix)) {
    a.calibration.push_back(r);
    return true;
  }
  if (r.ok && r.experiment && *r.experiment == verify_experiment) a.verification.push_back(r);
  return false;
}

}  // namespace

std::string host_of(const record& r) { return r.machine.host.empty() ? "unknown host" : r.machine.host; }

analysis analyze(const std::vector<record>& records) {
  analysis a;
  a.records = records.size();
  a.notes.resize(records.size());

  std::vector<std::string> hosts;
  std::vector<detail::record_group> groups;
  std::map<std::string, std::vector<std::size_t>> check_members;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const record& r = records[i];
    a.notes[i].counted = !detail::is_warmup(r);
    if (!a.notes[i].counted) ++a.warmups;
    else if (!r.ok) ++a.failed;
    const std::string host = host_of(r);
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
    if (keep_advice(r, a)) continue;
    const std::string name = experiment_name(r);
    auto g = std::find_if(groups.begin(), groups.end(), [&](const detail::record_group& x) {
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
      analysed_experiment e;
      detail::build_experiment(records, g, e, a.notes);
      for (const auto& m : a.machines)
        if (m.host == host) e.cpus = m.cpus;
      judge_against_essay(e);
      if (check) demote_within_bias(e, check->result);
      a.experiments.push_back(std::move(e));
    }
  }
  return a;
}

}  // namespace lab::report
