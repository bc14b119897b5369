// `lab advise`'s results in the report: the prediction at the target, the verification
// (predicted against measured on this machine) and the curves it rests on.
#include <algorithm>
#include <cmath>
#include <map>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "report/advice.hpp"
#include "report/format.hpp"
#include "report/json_fields.hpp"
#include "report/prose.hpp"
#include "stats/usl.hpp"

namespace lab::report {

namespace k = metric_keys;
using fmt::count, fmt::sig, fmt::seconds, fmt::kib, fmt::percent, prose::code;

bool is_prediction_record(const record& r) { return r.experiment && *r.experiment == prediction_experiment; }

double speed_beside(const record& r) {
  const auto* v = r.extra.if_contains(speed_beside_key);
  return v && v->is_number() ? v->to_number<double>() : 0;
}

const record* median_run(std::vector<const record*>& runs) {
  if (runs.empty()) return nullptr;
  auto throughput = [](const record* r) { return metric(*r, metric_keys::throughput_tps).value_or(0); };
  std::sort(runs.begin(), runs.end(), [&](const record* x, const record* y) { return throughput(x) < throughput(y); });
  return runs[(runs.size() - 1) / 2];
}

std::string variant_label(std::string_view model, int cpu_pool, int loop_threads) {
  std::string s(model);
  if (cpu_pool > 0) s += " (cpu_pool=" + std::to_string(cpu_pool) + ")";
  else if (loop_threads > 1) s += " (loop_threads=" + std::to_string(loop_threads) + ")";
  return s;
}

namespace {

const boost::json::object& prediction_of(const record& r) {
  static const boost::json::object none;
  const auto* p = object_of(r.extra, "prediction");
  return p ? *p : none;
}

double number_param(const record& r, const char* key) { return number_of(r.params, key); }

std::string label_of(const record& r) {
  return variant_label(r.model, static_cast<int>(number_param(r, "cpu_pool")), static_cast<int>(number_param(r, "loop_threads")));
}

double m(const record& r, const char* key) { return metric(r, key).value_or(0); }

table target_table(std::vector<const record*> rows) {
  std::stable_sort(rows.begin(), rows.end(), [](auto* a, auto* b) { return m(*a, k::throughput_tps) > m(*b, k::throughput_tps); });
  table t;
  t.header = {"variant", "tasks/s", "p50", "p99", "CPU per task", "memory", "binds first"};
  t.numeric = {false, true, true, true, true, true, false};
  for (const auto* r : rows)
    t.rows.push_back({label_of(*r), sig(m(*r, k::throughput_tps)), seconds(m(*r, k::p50_ms) / 1e3), seconds(m(*r, k::p99_ms) / 1e3),
                      seconds(m(*r, k::cpu_ms) / 1e3), kib(m(*r, k::mem_peak_kib)), text_of(prediction_of(*r), "binds")});
  return t;
}

// The measured run of the verification at the prediction's variant and concurrency: of several
// (lab advise repeats the largest concurrency), the median by throughput, as the advice reads it.
const record* measured_for(const record& p, const std::vector<record>& all) {
  std::vector<const record*> runs;
  for (const auto& r : all)
    if (r.ok && r.experiment && *r.experiment == verify_experiment && label_of(r) == label_of(p) &&
        (is_baseline_model(r.model) || number_param(r, "concurrency") == number_param(p, "concurrency")))
      runs.push_back(&r);
  return median_run(runs);
}

table verification_table(const std::vector<const record*>& verifies, const std::vector<record>& all, double& worst) {
  table t;
  t.header = {"variant", "in flight", "predicted tasks/s", "measured", "error", "p99 predicted", "p99 measured"};
  t.numeric = {false, true, true, true, true, true, true};
  for (const auto* p : verifies) {
    const record* got = measured_for(*p, all);
    const double x = got ? m(*got, k::throughput_tps) : 0;
    const double err = x > 0 ? m(*p, k::throughput_tps) / x - 1 : 0;
    if (x > 0) worst = std::max(worst, std::abs(err));
    t.rows.push_back({label_of(*p), count(number_param(*p, "concurrency")), sig(m(*p, k::throughput_tps)),
                      x > 0 ? sig(x) : "—", x > 0 ? prose::signed_percent(err) : "—",
                      seconds(m(*p, k::p99_ms) / 1e3), got ? seconds(m(*got, k::p99_ms) / 1e3) : "—"});
  }
  return t;
}

// The Universal Scalability Law fitted to a variant's measured points: dotted, where it has three
// concurrencies or more.
void add_usl_fits(chart& c, const std::map<std::string, chart_series>& measured) {
  for (const auto& [label, pts] : measured) {
    const auto fit = stats::fit_usl(pts.x, pts.y);
    if (!fit) continue;
    chart_series s;
    s.title = label + " USL fit (σ " + sig(fit->sigma) + ", κ " + sig(fit->kappa) + ", R² " + fmt::r2(fit->r2) + ")";
    s.color = pts.color;
    s.dash = 3;
    const double top = *std::max_element(pts.x.begin(), pts.x.end());
    for (double n = 1; n <= top * 1.0001; n *= 1.5) s.x.push_back(n), s.y.push_back(fit->at(n));
    c.series.push_back(std::move(s));
  }
}

// Predicted as a line per variant along concurrency, measured as points of the same colour.
chart curve_chart(const std::vector<const record*>& curve, const std::vector<record>& all, const char* key, double scale,
                  const std::string& title, const std::string& y_label) {
  chart c;
  c.title = title;
  c.x_label = "units in flight";
  c.y_label = y_label;
  c.log_x = true;
  std::map<std::string, chart_series> lines, points;
  for (const auto* r : curve) {
    auto& s = lines[label_of(*r)];
    s.title = label_of(*r) + " predicted";
    s.color = model_rank(r->model) + (number_param(*r, "cpu_pool") > 0 ? 1 : 0);
    s.x.push_back(number_param(*r, "concurrency"));
    s.y.push_back(m(*r, key) * scale);
  }
  for (const auto& r : all)
    if (r.ok && r.experiment && *r.experiment == verify_experiment && lines.count(label_of(r))) {
      auto& s = points[label_of(r)];
      s.title = label_of(r) + " measured";
      s.color = lines[label_of(r)].color;
      s.points_only = true;
      s.x.push_back(std::max(1.0, number_param(r, "concurrency")));
      s.y.push_back(m(r, key) * scale);
    }
  for (auto& [_, s] : lines) c.series.push_back(std::move(s));
  if (key == std::string(k::throughput_tps)) add_usl_fits(c, points);
  for (auto& [_, s] : points) c.series.push_back(std::move(s));
  c.caption = "Lines: the model's prediction at the target's CPUs. Points: measured here (lab advise's verification)" +
              std::string(key == std::string(k::throughput_tps) ? "; dotted: the USL fitted to them." : ".");
  if (key == std::string(k::mem_peak_kib))
    c.caption += " procs' measured memory is the RSS summed over its processes, every shared page counted in each; "
                 "the prediction counts a process's own pages (PSS), as spawn measures them.";
  return c;
}

// Per model, the calibration's figures the prediction uses most: a unit's cost and memory, a hand-off.
table costs_table(const std::vector<record>& calibration) {
  std::map<std::string, std::vector<std::string>> rows;
  const std::string spawn = std::string(calibration_prefix) + "spawn", hand_off = std::string(calibration_prefix) + "switch";
  for (const auto& r : calibration) {
    auto& row = rows.try_emplace(r.model, std::vector<std::string>{r.model, "—", "—", "—"}).first->second;
    if (!r.ok) continue;
    if (*r.experiment == spawn) {
      if (auto ns = metric(r, k::per_unit_ns)) row[1] = seconds(*ns * 1e-9);
      if (auto kb = metric(r, k::mem_per_unit_kib)) row[2] = kib(*kb);
    } else if (*r.experiment == hand_off) {
      if (auto ns = metric(r, k::switch_ns)) row[3] = seconds(*ns * 1e-9);
    }
  }
  table t;
  t.header = {"model", "start a unit", "memory per unit", "one hand-off"};
  t.numeric = {false, true, true, true};
  for (auto& [model, row] : rows) t.rows.push_back(std::move(row));
  std::stable_sort(t.rows.begin(), t.rows.end(), [](const auto& a, const auto& b) { return model_rank(a[0]) < model_rank(b[0]); });
  t.notes.push_back("Measured by lab advise's calibration (docs/advise.md lists every cost and how it is measured).");
  return t;
}

}  // namespace

std::vector<block> advice_section(const std::vector<record>& predictions, const std::vector<record>& all,
                                  const std::vector<record>& calibration, const std::string& host) {
  std::vector<const record*> target, curve, verifies;
  for (const auto& r : predictions) {
    const auto role = text_of(prediction_of(r), "role");
    (role == "target" ? target : role == "curve" ? curve : verifies).push_back(&r);
    if (role == "target") curve.push_back(&r);
  }
  if (target.empty()) return {};
  std::vector<block> out{heading(2, "Advice: " + code(target.front()->config.value_or("your profile")) +
                                       (host.empty() ? "" : " on " + code(host)))};
  const auto& t0 = *target.front();
  const auto& facts = prediction_of(t0);
  out.push_back(paragraph("Predicted for " + count(number_of(facts, "target_concurrency", number_param(t0, "concurrency"))) +
                          " units in flight on " + count(number_of(facts, "cpus")) + " CPUs" +
                          (number_param(t0, "tasks") > 0
                               ? ", a run of " + count(number_param(t0, "tasks")) + " tasks simulated as run"
                               : std::string()) +
                          ", from this machine's measured costs (lab advise; the model is in docs/advise.md): " +
                          code(text_of(t0.params, "steps")) + "."));
  out.push_back(table_block(target_table(target)));
  if (!calibration.empty()) out.push_back(table_block(costs_table(calibration)));
  std::sort(curve.begin(), curve.end(), [](auto* a, auto* b) { return number_param(*a, "concurrency") < number_param(*b, "concurrency"); });
  out.push_back(chart_block(curve_chart(curve, all, k::throughput_tps, 1, "Throughput against units in flight", "tasks/s")));
  out.push_back(chart_block(curve_chart(curve, all, k::mem_peak_kib, 1.0 / 1024, "Memory against units in flight", "MiB")));
  if (verifies.empty()) return out;
  double worst = 0;
  out.push_back(heading(3, "Verified on this machine"));
  out.push_back(table_block(verification_table(verifies, all, worst)));
  out.push_back(paragraph("Largest error of the predicted throughput: " + percent(worst) +
                          (worst <= 0.25 ? ", within the 25% the lab aims for." : ", past the 25% the lab aims for: `lab advise` names the term that missed.")));
  return out;
}

}  // namespace lab::report
