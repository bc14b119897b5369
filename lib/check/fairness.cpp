#include "check/fairness.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "catalog/models.hpp"
#include "check/check_text.hpp"
#include "catalog/scenarios.hpp"
#include "stats/stats.hpp"

namespace lab::fairness {

const std::vector<item>& items() {
  static const std::vector<item> all = [] {
    std::vector<item> found;
    for (const scenario_info& s : scenario_catalog())
      for (const check_item& c : s.check_items) found.push_back({c, s.name});
    return found;
  }();
  return all;
}

namespace {

std::string text_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<double> number_of(const boost::json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_number()) return std::nullopt;
  return v->to_number<double>();
}

std::string item_of(const record& r) {
  const std::string name = r.experiment.value_or("");
  return is_check_experiment(name) ? name.substr(experiment_prefix.size()) : std::string();
}

std::optional<double> figure_of(const record& r, const item& it) {
  const auto figure = metric(r, it.figure);
  if (it.figure_plus.empty() || !figure) return figure;
  const auto plus = number_of(r.params, it.figure_plus);
  if (!plus) return std::nullopt;
  return *figure + *plus;
}

std::string code_of(const record& r) {
  if (!r.code) return "";
  const auto offset = number_of(*r.code, "kernel_offset");
  char hex[32] = "";
  if (offset) std::snprintf(hex, sizeof hex, "+0x%llx", static_cast<unsigned long long>(*offset));
  return text_of(*r.code, "library") + hex;
}

std::string percent(double ratio) { return percent_text(ratio - 1); }

}  // namespace

bool is_check_record(const record& r) { return !item_of(r).empty(); }

std::optional<sample> sample_of(const record& r) {
  const std::string name = item_of(r);
  if (name.empty() || !r.ok) return std::nullopt;
  const auto it = std::find_if(items().begin(), items().end(), [&](const item& i) { return i.name == name; });
  if (it == items().end()) return std::nullopt;
  const auto value = figure_of(r, *it);
  if (!value) return std::nullopt;
  std::string variant = r.model;
  if (const auto spawn = text_of(r.params, param_names::spawn); model_takes(r.model, param_names::spawn) && !spawn.empty())
    variant += " (" + spawn + ")";
  return sample{name, variant, *value, code_of(r), r.cpu.value_or(-1)};
}

namespace {

// The widest run-to-run spread of any variant: where it passes the tolerance, a gap of the
// tolerance's size can be neither shown nor ruled out.
void judge_noise(result& res, double tolerance) {
  for (const auto& ir : res.items)
    for (const auto& v : ir.variants)
      if (v.n > 1 && v.cv > res.widest_cv) {
        res.widest_cv = v.cv;
        res.widest = ir.item + ", " + v.variant;
      }
  res.too_noisy = res.widest_cv > tolerance;
  res.runs_needed = runs_to_resolve(res.widest_cv, tolerance);
}

// Past this many runs a model, --reps is no practical remedy: quieten the machine first.
constexpr std::size_t practical_reps = 100;

std::string too_noisy_verdict(const result& res, double tolerance) {
  const std::string runs = std::to_string(res.runs_needed);
  const std::string quieten = "Close other programs, pin the lab to quiet CPUs (taskset -c)";
  return "no verdict: the machine is too noisy to judge fairness at " + percent(1 + tolerance) + ": runs spread " +
         percent(1 + res.widest_cv) + " (CV, " + res.widest + "), wider than the tolerance; about " + runs +
         " runs a model would tell a " + percent(1 + tolerance) + " gap from noise. " +
         (res.runs_needed <= practical_reps ? quieten + ", or run lab check --reps " + runs
                                            : quieten + " and run lab check again: that many runs is no remedy");
}

// One item's figures per variant, fastest first, each against the fastest.
item_result judge_item(const item& it, const std::vector<sample>& samples, double tolerance, double alpha) {
  item_result ir{it.name, it.unit, it.cpu_bound, {}};
  std::map<std::string, std::vector<double>> values;
  for (const auto& s : samples) {
    if (s.item != it.name) continue;
    if (!values.count(s.variant)) ir.variants.push_back({s.variant});
    values[s.variant].push_back(s.value);
  }
  if (ir.variants.empty()) return ir;
  for (auto& v : ir.variants) {
    const auto& xs = values[v.variant];
    v.n = xs.size();
    v.median = stats::median(xs);
    v.cv = stats::cv(xs);
  }
  std::stable_sort(ir.variants.begin(), ir.variants.end(),
                   [](const auto& a, const auto& b) { return a.median < b.median; });  // fastest first
  const variant_figure& fastest = ir.variants.front();
  const auto& best = values[fastest.variant];
  for (auto& v : ir.variants) {
    v.ratio = fastest.median > 0 ? v.median / fastest.median : 1;
    v.p = &v == &fastest ? 1 : stats::mann_whitney_p(values[v.variant], best);
    v.off = v.ratio > 1 + tolerance && v.p < alpha;
  }
  return ir;
}

struct gap {
  double ratio = 1;
  std::string where;  // "ITEM, VARIANT"
};

gap largest_gap(const std::vector<item_result>& items) {
  gap g;
  for (const auto& ir : items)
    for (const auto& v : ir.variants)
      if (v.ratio > g.ratio) g = {v.ratio, ir.item + ", " + v.variant};
  return g;
}

// The one line: fair, or who is off and by how much; and the CPUs where they differ.
std::string verdict_of(const result& res, std::size_t locations, const gap& largest, double tolerance) {
  const variant_figure* worst = nullptr;
  const item_result* worst_item = nullptr;
  for (const auto& ir : res.items)
    for (const auto& v : ir.variants)
      if (v.off && (!worst || v.ratio > worst->ratio)) {
        worst = &v;
        worst_item = &ir;
      }
  std::string verdict;
  if (res.items.empty()) {
    verdict = "no verdict: no check run succeeded";
  } else if (worst) {
    const std::string p = p_text(worst->p);
    verdict = "NOT fair: " + worst->variant + " is " + percent(worst->ratio) + " slower than " +
              worst_item->variants.front().variant + " on identical work (" + worst_item->item + ", p = " + p + ")";
    if (!res.same_code) verdict += "; the models ran different copies of the kernel";
  } else if (!res.same_code) {
    verdict = "NOT fair: the models ran different copies of the kernel (" + std::to_string(locations) + " locations)";
  } else if (res.too_noisy) {
    verdict = too_noisy_verdict(res, tolerance);
  } else {
    verdict = "fair: on identical work every model is within " + percent(1 + tolerance) +
              " of the fastest or indistinguishable from it";
    if (largest.ratio > 1) verdict += " (largest gap " + percent(largest.ratio) + ", " + largest.where + ")";
  }
  if (const std::string cpus = describe(res.cpus, tolerance); !cpus.empty())
    verdict += (res.cpus.differ ? "; but " : "; ") + cpus;
  return verdict;
}

}  // namespace

std::size_t runs_to_resolve(double cv, double tolerance) {
  if (tolerance <= 0) return 0;
  const double root = 2 * 1.2533 * std::sqrt(2.0) * cv / tolerance;
  return static_cast<std::size_t>(std::ceil(root * root));
}

result judge(const std::vector<sample>& samples, const std::vector<moment_sample>& moments, double tolerance,
             double alpha) {
  result res;
  res.tolerance = tolerance;
  std::vector<std::string> codes;
  for (const auto& s : samples)
    if (!s.code.empty() && std::find(codes.begin(), codes.end(), s.code) == codes.end()) codes.push_back(s.code);
  res.same_code = codes.size() <= 1;
  for (const auto& it : items())
    if (auto ir = judge_item(it, samples, tolerance, alpha); !ir.variants.empty()) res.items.push_back(std::move(ir));
  for (const auto& ir : res.items)
    for (const auto& v : ir.variants)
      if (v.off) {
        res.fair = false;
        if (ir.cpu_bound) res.cpu_bias = std::max(res.cpu_bias, v.ratio);
      }
  const gap largest = largest_gap(res.items);
  if (!res.same_code) {
    res.fair = false;
    res.cpu_bias = std::max(res.cpu_bias, largest.ratio);
  }
  res.cpus = compare_cpus(moments, tolerance, alpha);
  if (res.cpus.differ) {
    res.cpu_spread = res.cpus.spread;
    res.slow_cpu = res.cpus.slow_cpu;
    res.fast_cpu = res.cpus.fast_cpu;
  }
  res.placement_margin = res.cpus.differ ? res.cpus.spread : res.cpus.within;
  judge_noise(res, tolerance);
  if (res.items.empty() || res.too_noisy) res.fair = false;
  res.verdict = verdict_of(res, codes.size(), largest, tolerance);
  return res;
}

}  // namespace lab::fairness
