#include "advise/advice_writer.hpp"

#include <algorithm>
#include <cmath>
#include <iomanip>

#include "advise/verify.hpp"
#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "stats/stats.hpp"

namespace lab::advise {

namespace {

namespace f = report::fmt;

void row(std::ostream& out, const std::vector<std::string>& cells, const std::vector<int>& widths) {
  out << " ";
  for (std::size_t i = 0; i < cells.size(); ++i)
    out << ' ' << (i == 0 ? std::left : std::right) << std::setw(widths[i]) << cells[i];
  out << '\n';
}

void write_workload(std::ostream& out, const advice& a) {
  const auto& d = a.demand;
  out << "Profile " << a.profile.name << ": " << a.profile.steps << "\n  per task: " << f::seconds(d.cpu_s + d.locked_s)
      << " of CPU" << (d.locked_s > 0 ? " (" + f::seconds(d.locked_s) + " under the lock)" : "") << ", "
      << f::count(d.requests) << " requests, " << f::count(d.sleeps) << " sleeps, " << f::seconds(d.wait_s)
      << " waiting" << (d.memory_kib > 0 ? ", " + f::kib(d.memory_kib) + " held" : "") << "\n\n";
}

void write_costs(std::ostream& out, const advice& a, const advise_request& r) {
  const auto& c = a.costs;
  out << "Costs of " << c.host << " (" << c.cpus << " CPUs), "
      << (r.costs_file.empty() ? "calibrated in " : "read from " + r.costs_file + ", calibrated in ")
      << f::seconds(c.calibration_s) << ":\n";
  const std::string at_scale = "at " + f::count(c.scale_units);
  const std::vector<int> w{10, 12, 12, 10, 14, 14};
  row(out, {"model", "spawn/unit", "memory/unit", "switch", "request CPU", c.scale_units > 0 ? at_scale : ""}, w);
  auto optional = [](const std::optional<double>& s) { return s ? f::seconds(*s) : std::string("—"); };
  for (const auto& [model, m] : c.models)
    row(out, {model, f::seconds(m.spawn_s), f::kib(m.mem_per_unit_kib), optional(m.switch_s), optional(m.request_cpu_s),
              c.scale_units > 0 ? optional(m.request_cpu_at_scale_s) : ""},
        w);
  out << "  (request CPU: the client's per round trip on a fresh connection, " << f::count(c.few_units) << " in flight"
      << (c.scale_units > 0 ? " and " + at_scale + ", each waiting 20 ms" : "") << ")\n";
  out << "  kernel " << f::sig(c.ns_per_sample) << " ns/sample"
      << (c.speed_max > c.speed_min ? " (probed beside each run: " + f::sig(c.speed_min) + "–" + f::sig(c.speed_max) +
                                          "; every cost is taken at the median)"
                                    : "")
      << "; server " << f::seconds(c.server_cpu_per_request_s)
      << (c.scale_units > 0 ? " (" + f::seconds(c.server_cpu_per_request_at_scale_s) + " " + at_scale + ")" : "")
      << " CPU/request, " << f::sig(c.server_ns_per_sample) << " ns/sample computing; memory "
      << f::seconds(c.memory_s_per_kib * 1024) << " per MiB held";
  for (const auto& q : c.run_queue)
    out << "; " << f::count(q.units_per_cpu) << "/CPU: wait " << f::percent(q.wait_per_cpu_s) << " of CPU, p99/p50 "
        << f::ratio(q.tail);
  out << "\n";
  // Measured just now beside other programs, the costs carry their share: the run queue most.
  if (r.costs_file.empty() && a.others_at_start > 0.5 * c.cpus)
    out << "  (calibrated while the machine was busy: " << f::sig(a.others_at_start)
        << " threads of other programs running on " << c.cpus
        << " CPUs; the run queue's wait and tail, and every cost, include other programs' share: calibrate on a "
           "quiet machine and reuse it with --costs)\n";
  out << "\n";
}

void write_predictions(std::ostream& out, const advice& a) {
  const auto& t = a.tgt;
  const bool simulated = t.tasks && std::any_of(a.variants.begin(), a.variants.end(),
                                                [](const variant_advice& va) { return va.at_target.simulated; });
  out << "Predicted at " << f::count(t.concurrency.value_or(1)) << " in flight" << (t.rate ? " offered " + f::sig(*t.rate) + "/s" : "")
      << " on " << t.cpus << " CPUs" << (t.memory_kib ? ", memory budget " + f::kib(*t.memory_kib) : "")
      << (simulated ? ", a run of " + f::count(*t.tasks) + " tasks (simulated as run)" : "") << ":\n";
  const std::vector<int> w{22, 10, 10, 10, 10, 11};
  row(out, {"variant", "tasks/s", "p50", "p99", "CPU/task", "memory"}, w);
  for (const auto& va : a.variants) {
    const auto& p = va.at_target;
    if (!va.not_predicted.empty()) {
      out << "  " << p.v.label() << ": not predicted: " << va.not_predicted << '\n';
      continue;
    }
    row(out, {p.v.label(), f::sig(p.throughput), f::seconds(p.p50_s), f::seconds(p.p99_s), f::seconds(p.cpu_per_task_s),
              f::kib(p.memory_kib)}, w);
    out << "      binds first: " << p.binds << (p.reachable ? " (" + f::percent(p.binds_at) + " busy)" : "") << '\n';
  }
  out << '\n' << a.choice << '\n';
  if (!a.runner_up.empty()) out << a.runner_up << '\n';
  out << '\n';
}

// Why the choice missed, in figures: the measured best's error and the one ranked first's, and
// how far apart the two were measured (a miss between variants measured 3% apart is a near-tie
// the model's errors cannot separate; one 20% apart is the model's).
void write_choice_miss(std::ostream& out, const advice& a, const std::vector<const checked_point*>& here,
                       const checked_point& measured, double predicted_top) {
  const checked_point* ranked = nullptr;
  for (const auto* p : here)
    if (p->predicted.throughput == predicted_top) ranked = p;
  if (!ranked || !ranked->throughput || !measured.error_ratio() || !ranked->error_ratio()) return;
  const auto* worse = std::abs(*ranked->error_ratio()) >= std::abs(*measured.error_ratio()) ? ranked : &measured;
  out << "  " << ranked->v.label() << ", ranked first, was measured " << f::percent(1 - *ranked->throughput / *measured.throughput)
      << " behind " << measured.v.label() << "; the model was " << report::prose::signed_percent(*ranked->error_ratio())
      << " off for " << ranked->v.label() << " and " << report::prose::signed_percent(*measured.error_ratio()) << " for "
      << measured.v.label() << "; the term that missed for " << worse->v.label() << ": " << missed_term(a, *worse) << ".\n";
}

// Two variants' runs at one point overlap: the slower one's fastest run is at least the
// faster one's slowest. With one run each nothing overlaps.
bool runs_overlap(const checked_point& slower, const checked_point& faster) {
  return slower.runs.size() > 1 && faster.runs.size() > 1 && slower.runs.back() >= faster.runs.front();
}

std::string range(const std::vector<double>& runs) { return f::sig(runs.front()) + "–" + f::sig(runs.back()); }

// At the largest concurrency verified: was the measured best among the variants the model ranks
// first (those within 2% of its best prediction: a predicted tie)?
void write_best_here(std::ostream& out, const advice& a) {
  std::vector<const checked_point*> here;
  for (const auto& p : a.checked)
    if (p.units == a.verified_units || is_baseline_model(p.v.model)) here.push_back(&p);
  const checked_point* measured = nullptr;
  double predicted_top = 0;
  for (const auto* p : here) {
    predicted_top = std::max(predicted_top, p->predicted.throughput);
    if (p->throughput && (!measured || *p->throughput > *measured->throughput)) measured = p;
  }
  if (!measured) return;
  std::vector<std::string> first;
  bool matched = false;
  const checked_point* overlapping = nullptr;
  for (const auto* p : here)
    if (p->predicted.throughput >= predicted_top * (1 - stats::min_effect)) {
      first.push_back(p->v.label());
      matched = matched || p == measured ||
                (p->throughput && *p->throughput >= *measured->throughput * (1 - stats::min_effect));
      if (!overlapping && runs_overlap(*p, *measured)) overlapping = p;
    }
  out << "At " << f::count(a.verified_units) << " in flight the model ranks first " << join(first, ", ")
      << (first.size() > 1 ? " (a predicted tie)" : "") << "; measured, " << measured->v.label() << " was fastest ("
      << f::sig(*measured->throughput) << " tasks/s" << (measured->runs.size() > 1 ? ", the median of its runs" : "")
      << "): ";
  if (matched) out << "the prediction named it, or one within 2% of it.\n";
  else if (overlapping)
    out << "the prediction's first was measured behind it, but their runs overlap (" << overlapping->v.label() << " "
        << range(overlapping->runs) << ", " << measured->v.label() << " " << range(measured->runs) << " tasks/s, "
        << overlapping->runs.size() << " runs each): a tie within this machine's noise.\n";
  else out << "the prediction missed it.\n";
  if (!matched) write_choice_miss(out, a, here, *measured, predicted_top);
}

// The kernel's speed beside the runs against the calibration's: the verification predicts each
// point on the machine its run met, so a VM that slowed between the two is not the model's error;
// what the calibration's speed alone would have predicted is said too.
void write_speed(std::ostream& out, const advice& a) {
  double lo = 0, hi = 0, worst = 0;
  for (const auto& p : a.checked) {
    if (p.speed_ns <= 0) continue;
    lo = lo > 0 ? std::min(lo, p.speed_ns) : p.speed_ns;
    hi = std::max(hi, p.speed_ns);
    if (p.throughput && *p.throughput > 0) worst = std::max(worst, std::abs(p.predicted_at_calibration / *p.throughput - 1));
  }
  if (lo <= 0) return;
  out << "The kernel ran at " << f::sig(lo) << (hi > lo ? "–" + f::sig(hi) : "") << " ns/sample beside the runs (calibration: "
      << f::sig(a.costs.ns_per_sample) << "); each point is predicted at the speed probed beside its run. At the "
      << "calibration's speed the largest error would be " << f::percent(worst) << ".\n";
}

void write_verification(std::ostream& out, const advice& a) {
  out << "Verified here on " << a.costs.cpus << " CPUs, up to " << f::count(a.verified_units) << " in flight"
      << (a.verified_limit.empty() ? "" : " (capped by " + a.verified_limit + ")") << ": predicted against measured\n";
  if (a.others_at_start > 0.5 * a.costs.cpus)
    out << "  (the machine was busy: " << f::sig(a.others_at_start) << " threads of other programs running on "
        << a.costs.cpus << " CPUs as lab advise began; measured figures are low by what other programs took)\n";
  const std::vector<int> w{22, 9, 11, 11, 8, 10, 10};
  row(out, {"variant", "in flight", "predicted", "measured", "error", "p99 pred", "p99 meas"}, w);
  double worst = 0;
  const checked_point* worst_point = nullptr;
  for (const auto& p : a.checked) {
    const auto e = p.error_ratio();
    row(out, {p.v.label(), f::count(p.units), f::sig(p.predicted.throughput), p.throughput ? f::sig(*p.throughput) : "failed",
              e ? report::prose::signed_percent(*e) : "—", f::seconds(p.predicted.p99_s),
              p.p99_s ? f::seconds(*p.p99_s) : "—"}, w);
    if (e && std::abs(*e) > worst) worst = std::abs(*e), worst_point = &p;
    if (!p.error.empty()) out << "      " << p.error << '\n';
  }
  for (const auto& va : a.variants)
    if (va.usl)
      out << "  USL " << va.at_target.v.label() << ": sigma " << f::sig(va.usl->sigma) << ", kappa " << f::sig(va.usl->kappa)
          << ", R² " << f::r2(va.usl->r2) << ", " << f::sig(va.usl->at(a.tgt.concurrency.value_or(1)))
          << " tasks/s at the target's concurrency\n";
  write_best_here(out, a);
  write_speed(out, a);
  if (worst_point)
    out << "Largest error " << f::percent(worst) << " (" << worst_point->v.label() << " at " << f::count(worst_point->units)
        << ")" << (worst > 0.25 ? "; the term that missed: " + missed_term(a, *worst_point) : ", within the 25% target") << '\n';
  if (a.tgt.cpus != a.costs.cpus || a.tgt.concurrency.value_or(1) > a.verified_units)
    out << "The target (" << a.tgt.cpus << " CPUs, " << f::count(a.tgt.concurrency.value_or(1))
        << " in flight) is past what this machine holds: its figures are a prediction, with the errors above as its record.\n";
}

}  // namespace

void write_advice(std::ostream& out, const advice& a, const advise_request& r) {
  write_workload(out, a);
  write_costs(out, a, r);
  write_predictions(out, a);
  if (!a.checked.empty()) write_verification(out, a);
  out << "Records: " << r.out << " (lab report " << r.out << ")\n";
}

}  // namespace lab::advise
