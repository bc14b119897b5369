#include "report/document.hpp"
#include "report/load.hpp"

#include <algorithm>
#include <cmath>

#include "catalog/models.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/scaling.hpp"
#include "scenario/scenario.hpp"

namespace lab::report {

namespace {

std::string code(const std::string& s) { return "`" + s + "`"; }

// Inline code cannot hold a backtick; error texts may.
std::string code_text(std::string s) {
  std::replace(s.begin(), s.end(), '`', '\'');
  std::replace(s.begin(), s.end(), '\n', ' ');
  return code(s);
}

std::string ideal_of(const std::string& scenario) {
  for (const auto& s : scenarios())
    if (s.spec.name == scenario) return s.spec.ideal;
  return {};
}

bool any_efficiency(const experiment& e) {
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.efficiency) return true;
  return false;
}

// The primary value's median and the min–max of the runs, in the primary metric's unit.
std::string value_range(const experiment& e, const stats::summary& s) {
  return e.primary.wall() ? fmt::seconds_range(s.min, s.max) : fmt::metric_range(e.primary.key, s.min, s.max);
}

std::string value_cell(const experiment& e, const point& p, std::size_t v) {
  const cell& c = p.cells[v];
  if (c.runs == 0) return "";
  if (c.ok == 0) return "failed (" + std::to_string(c.runs) + " of " + std::to_string(c.runs) + ")";
  if (!c.measured()) return "no " + e.primary.name();
  std::string text = e.value_text(c.value.median);
  if (c.values.size() > 1) text += " (" + value_range(e, c.value) + ")";
  const comparison& k = p.verdict;
  if ((k.kind == outcome::winner || k.kind == outcome::tentative) && v == k.best)
    text = "**" + text + "**" + (k.kind == outcome::tentative ? " *" : "");
  if (k.kind == outcome::tie && (v == k.best || v == k.runner_up)) text = "≈ " + text;
  if (!e.contender(v)) text += " (floor)";
  if (c.noisy()) text += " noisy";
  if (c.ok < c.runs) text += " (" + std::to_string(c.runs - c.ok) + " failed)";
  return text;
}

std::string signed_percent(double d) { return (d >= 0 ? "+" : "−") + fmt::percent(std::fabs(d)); }

std::string noise_note(const cell& c) {
  std::vector<std::string> notes;
  std::vector<std::string> devs;
  for (double d : c.outlier_devs) devs.push_back(signed_percent(d));
  const std::string outliers =
      devs.empty() ? "" : (devs.size() == 1 ? "outlier " : "outliers ") + join(devs, ", ");
  if (c.noisy()) {
    std::vector<std::string> why;
    if (c.value.cv > cell::noisy_cv) why.push_back("CV " + fmt::percent(c.value.cv));
    if (!outliers.empty()) why.push_back(outliers);
    notes.push_back("noisy: " + join(why, ", "));
  } else if (!outliers.empty()) {
    notes.push_back(outliers);
  }
  if (c.ok < c.runs) notes.push_back(std::to_string(c.runs - c.ok) + " failed");
  return join(notes, "; ");
}

table comparison_table(const experiment& e) {
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const auto& v : e.variants) {
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  bool tentative = false, floor = false;
  for (const auto& p : e.points) {
    std::vector<std::string> row;
    for (const auto& a : p.at) row.push_back(a.text);
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      row.push_back(value_cell(e, p, v));
      floor = floor || (!e.contender(v) && p.cells[v].runs > 0);
    }
    tentative = tentative || p.verdict.kind == outcome::tentative;
    t.rows.push_back(std::move(row));
  }
  const primary_metric& m = e.primary;
  if (m.wall())
    t.notes.push_back("Median wall time (min–max of the runs). **Bold**: the fastest, confirmed by a "
                      "Mann-Whitney test (p < 0.05) and beyond noise; ≈: the fastest two are indistinguishable.");
  else
    t.notes.push_back("Median " + code(m.key) + ", the " + m.label + " (min–max of the runs); " +
                      (m.lower_is_better ? "lower" : "higher") + " is better. **Bold**: the " + m.superlative +
                      ", confirmed by a Mann-Whitney test on the runs' " + code(m.key) + " (p < 0.05) and beyond "
                      "noise; ≈: the best two are indistinguishable. The runs' wall time is in the next table.");
  if (floor) t.notes.push_back("(floor): serial, a plain function call, is the floor, not a contender.");
  if (tentative) t.notes.push_back("*: best in every run, but too few runs for p < 0.05.");
  return t;
}

// Text metrics some run reported ("mechanism", "mem_method").
bool has_text(const experiment& e, const std::string& key) {
  for (const auto& p : e.points)
    for (const auto& c : p.cells)
      if (c.texts.count(key)) return true;
  return false;
}

table detail_table(const experiment& e) {
  const primary_metric& m = e.primary;
  const bool eff = m.wall() && any_efficiency(e);
  const bool serial = m.wall() && e.serial_variant().has_value();
  // The scenario's lead metrics first, then the rest; text metrics only when they lead.
  std::vector<std::string> metrics, texts;
  for (const auto& k : m.lead_metrics) {
    if (std::find(e.metric_keys.begin(), e.metric_keys.end(), k) != e.metric_keys.end()) metrics.push_back(k);
    else if (has_text(e, k)) metrics.push_back(k), texts.push_back(k);
  }
  for (const auto& k : e.metric_keys)  // a metric repeating a swept parameter (yield_every) says nothing new
    if (k != m.key && std::find(metrics.begin(), metrics.end(), k) == metrics.end() &&
        std::find(e.axes.begin(), e.axes.end(), k) == e.axes.end())
      metrics.push_back(k);
  table t;
  auto col = [&](std::string name, bool numeric) {
    t.header.push_back(std::move(name));
    t.numeric.push_back(numeric);
  };
  for (const auto& a : e.axes) col(a, true);
  col("variant", false);
  col("runs", true);
  col(m.wall() ? "wall" : m.key, true);
  col("95% CI of median", true);
  col("CV", true);
  if (!m.wall()) col("wall", true);
  col("CPU", true);
  col("peak RSS", true);
  if (eff) col("efficiency", true);
  if (serial) col("vs serial", true);
  for (const auto& k : metrics) col(k, std::find(texts.begin(), texts.end(), k) == texts.end());
  col("notes", false);
  bool short_ci = false;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      if (c.runs == 0) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      row.push_back(e.variants[v] + (e.contender(v) ? "" : " (floor)"));
      row.push_back(c.ok == c.runs ? std::to_string(c.runs) : std::to_string(c.ok) + " of " + std::to_string(c.runs));
      const bool ok = c.ok > 0;
      row.push_back(c.measured() ? e.value_text(c.value.median) : "—");
      if (c.values.size() < 2) {
        row.push_back("—");
      } else {
        short_ci = short_ci || c.value.ci.too_few;
        stats::summary ci;
        ci.min = c.value.ci.lo;
        ci.max = c.value.ci.hi;
        row.push_back(value_range(e, ci) + (c.value.ci.too_few ? " †" : ""));
      }
      row.push_back(c.values.size() > 1 ? fmt::percent(c.value.cv) : "—");
      if (!m.wall()) row.push_back(ok ? fmt::seconds(c.wall.median) : "—");
      row.push_back(ok ? fmt::seconds(c.cpu_s) : "—");
      row.push_back(ok ? fmt::kib(c.rss_kib) : "—");
      if (eff) row.push_back(c.efficiency ? fmt::percent(*c.efficiency) : "—");
      if (serial) row.push_back(c.speedup ? fmt::ratio(*c.speedup) : "—");
      for (const auto& k : metrics) {
        if (std::find(texts.begin(), texts.end(), k) != texts.end()) {
          const std::string x = c.text(k);
          row.push_back(x.empty() ? "—" : x);
          continue;
        }
        auto x = c.metric(k);
        row.push_back(x ? fmt::metric(k, *x) : "—");
      }
      row.push_back(noise_note(c));
      t.rows.push_back(std::move(row));
    }
  std::vector<std::string> legend{"Medians over the successful runs. CPU: user + sys of the run's processes."};
  if (!m.wall())
    legend.push_back("CI, CV and the notes are about " + code(m.key) + "; wall: the whole run, for reference.");
  if (eff) legend.push_back("efficiency: ideal time / time inside the model's process (run_s: the lab's start of that process left out).");
  if (serial) legend.push_back("vs serial: serial's median wall / this one (the speedup).");
  t.notes.push_back(join(legend, " "));
  if (short_ci)
    t.notes.push_back("†: fewer than 6 runs, so the interval is the full range of the runs and holds the "
                      "median with less than 95% probability.");
  return t;
}

// io: the latency of one request, p50 / p99, per point and variant.
std::vector<block> latency_table(const experiment& e) {
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), "p99_ms") == e.metric_keys.end()) return {};
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const auto& v : e.variants) {
    t.header.push_back(v);
    t.numeric.push_back(true);
  }
  for (const auto& p : e.points) {
    std::vector<std::string> row;
    for (const auto& a : p.at) row.push_back(a.text);
    for (const auto& c : p.cells) {
      const auto p50 = c.metric("p50_ms"), p99 = c.metric("p99_ms");
      row.push_back(p99 ? (p50 ? fmt::metric("p50_ms", *p50) + " / " : "") + fmt::metric("p99_ms", *p99) : "—");
    }
    t.rows.push_back(std::move(row));
  }
  std::string note = "Latency of one request, p50 / p99 (medians over the runs)";
  if (auto d = e.fixed_value("delay_ms")) note += "; the server answers after " + *d + " ms";
  t.notes.push_back(note + ".");
  return {paragraph("**Request latency**:"), table_block(std::move(t))};
}

// mixed: the wall against S and L, the two parts alone.
std::vector<block> overlap_table(const experiment& e) {
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const char* h : {"variant", "wall", "S (request)", "L (local)", "wall / max(S, L)", "wall / (S + L)"}) {
    t.header.push_back(h);
    t.numeric.push_back(std::string(h) != "variant");
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto s = c.metric("server_s"), l = c.metric("local_s");
      if (c.ok == 0 || !s || !l || *s <= 0 || *l <= 0) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      row.push_back(e.variants[v]);
      row.push_back(fmt::seconds(c.wall.median));
      row.push_back(fmt::seconds(*s));
      row.push_back(fmt::seconds(*l));
      row.push_back(fmt::ratio(c.wall.median / std::max(*s, *l)));
      row.push_back(fmt::ratio(c.wall.median / (*s + *l)));
      t.rows.push_back(std::move(row));
    }
  if (t.rows.empty()) return {};
  t.notes.push_back("S and L: the request's and the local sum's own times, measured in each run (medians). "
                    "Full overlap gives wall = max(S, L) (1.00× in the first ratio); none gives S + L.");
  return {paragraph("**Overlap**:"), table_block(std::move(t))};
}

std::vector<block> scaling_blocks(const experiment& e) {
  const auto fits = scaling_fits(e);
  if (fits.empty()) return {};
  table t;
  t.header = {"variant", "speedup baseline", "cores measured", "serial fraction f", "r²",
              "predicted at 16 cores", "predicted at 64 cores"};
  t.numeric = {false, false, true, true, true, true, true};
  const bool series = std::any_of(fits.begin(), fits.end(), [](const scaling_fit& f) { return !f.series.empty(); });
  if (series) {
    t.header.insert(t.header.begin() + 1, "at");
    t.numeric.insert(t.numeric.begin() + 1, false);
  }
  for (const auto& f : fits) {
    const auto [lo, hi] = std::minmax_element(f.cores.begin(), f.cores.end());
    std::vector<std::string> row{e.variants[f.variant], f.baseline, fmt::plain(*lo) + "–" + fmt::plain(*hi),
                                 fmt::sig(f.fit.serial_fraction, 2), fmt::r2(f.fit.r2),
                                 fmt::ratio(f.fit.predict(predict_cores[0])),
                                 fmt::ratio(f.fit.predict(predict_cores[1]))};
    if (series) row.insert(row.begin() + 1, f.series);
    t.rows.push_back(std::move(row));
  }
  t.notes.push_back("Amdahl's law, speedup(n) = 1 / (f + (1 − f) / n), fitted by least squares to the measured "
                    "speedups over the cores used, n = min(workers, " + std::to_string(e.cpus) +
                    " CPUs). The 16- and 64-core columns are predictions, not measurements.");
  block b = table_block(std::move(t));
  return {paragraph("**Scaling** (prediction):"), b};
}

std::vector<std::string> failure_items(const experiment& e) {
  std::vector<std::string> items;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      if (c.errors.empty()) continue;
      const std::string where = describe(e, p);
      std::vector<std::string> errs;
      for (const auto& [text, n] : c.errors)
        errs.push_back(code_text(text.empty() ? "(no error text)" : text) + (n > 1 ? " ×" + std::to_string(n) : ""));
      items.push_back((where.empty() ? "" : code(where) + " ") + e.variants[v] + ": " +
                      std::to_string(c.runs - c.ok) + " of " + std::to_string(c.runs) + " runs failed: " +
                      join(errs, "; "));
    }
  return items;
}

// "Not run on A, B: why." for the models the catalog says do not run the scenario, one
// sentence per reason.
std::vector<std::string> gap_sentences(const std::string& scenario) {
  std::vector<std::pair<std::string, std::vector<std::string>>> by_reason;
  for (const auto& m : model_catalog()) {
    const std::string why = gap_reason(m.name, scenario);
    if (why.empty()) continue;
    auto it = std::find_if(by_reason.begin(), by_reason.end(), [&](const auto& r) { return r.first == why; });
    if (it == by_reason.end()) it = by_reason.insert(by_reason.end(), {why, {}});
    it->second.push_back(m.name);
  }
  std::vector<std::string> out;
  for (const auto& [why, models] : by_reason) out.push_back("Not run on " + join(models, ", ") + ": " + why + ".");
  return out;
}

std::vector<block> experiment_blocks(const experiment& e, int level) {
  std::vector<block> out;
  out.push_back(heading(level, e.name.empty() ? e.scenario : e.name + ": " + e.scenario));
  std::vector<std::string> fixed;
  for (const auto& [k, v] : e.fixed) fixed.push_back(code(k + "=" + v));
  std::vector<std::string> sentences;
  sentences.push_back(std::to_string(e.runs) + " runs" + (e.failed ? ", " + std::to_string(e.failed) + " failed" : "") + ".");
  if (!fixed.empty()) sentences.push_back("Fixed: " + join(fixed, ", ") + ".");
  for (const auto& s : gap_sentences(e.scenario)) sentences.push_back(s);
  for (const auto& a : e.axes) {
    std::vector<std::string> values;
    for (const auto& p : e.points) {
      const std::string& t = p.at[&a - e.axes.data()].text;
      if (std::find(values.begin(), values.end(), t) == values.end()) values.push_back(t);
    }
    sentences.push_back("Swept: " + code(a) + " (" + join(values, ", ") + ").");
  }
  if (const auto ideal = ideal_of(e.scenario); !ideal.empty()) sentences.push_back("Ideal time: " + ideal + ".");
  out.push_back(paragraph(join(sentences, " ")));

  out.push_back(table_block(comparison_table(e)));
  out.push_back(table_block(detail_table(e)));
  auto more = e.scenario == "io" ? latency_table(e) : e.scenario == "mixed" ? overlap_table(e) : std::vector<block>{};
  out.insert(out.end(), more.begin(), more.end());
  auto load = load_blocks(e);  // report/load.hpp: what bounded a point; the knee of a rate sweep
  out.insert(out.end(), load.begin(), load.end());
  auto scaling = scaling_blocks(e);
  out.insert(out.end(), scaling.begin(), scaling.end());
  if (auto items = failure_items(e); !items.empty()) {
    out.push_back(paragraph("**Failed runs:**"));
    out.push_back(bullets(items));
  }
  for (auto& c : charts_for(e)) {
    block b = chart_block(std::move(c));
    out.push_back(std::move(b));
  }
  return out;
}

std::string limit(long long v) {
  if (v < 0 || v >= (1LL << 62)) return "unlimited";
  if (v == 0) return "unknown";
  return std::to_string(v);
}

std::string or_unknown(const std::string& s, const char* fallback = "unknown") { return s.empty() ? fallback : s; }

block machine_table(const analysis& a) {
  table t;
  t.header.push_back("");
  t.numeric.push_back(false);
  for (const auto& m : a.machines) {
    t.header.push_back(m.host);
    t.numeric.push_back(false);
  }
  auto row = [&](const std::string& name, auto value) {
    std::vector<std::string> r{name};
    for (const auto& m : a.machines) r.push_back(value(m));
    t.rows.push_back(std::move(r));
  };
  row("CPU model", [](const machine_info& m) { return or_unknown(m.cpu_model); });
  row("CPUs usable", [](const machine_info& m) { return m.cpus > 0 ? std::to_string(m.cpus) : "unknown"; });
  row("memory", [](const machine_info& m) {
    return m.mem_total_kib > 0 ? fmt::kib(static_cast<double>(m.mem_total_kib)) : "unknown";
  });
  row("kernel", [](const machine_info& m) { return or_unknown(m.kernel); });
  row("compiler", [](const machine_info& m) { return or_unknown(m.compiler); });
  row("Boost", [](const machine_info& m) { return or_unknown(m.boost); });
  row("CPU frequency governor", [](const machine_info& m) { return or_unknown(m.governor, "unreadable"); });
  row("open files (ulimit -n)", [](const machine_info& m) { return limit(m.open_files); });
  row("user processes (ulimit -u)", [](const machine_info& m) { return limit(m.max_user_procs); });
  row("kernel.pid_max", [](const machine_info& m) { return limit(m.pid_max); });
  row("vm.max_map_count", [](const machine_info& m) { return limit(m.max_map_count); });
  block b = table_block(std::move(t));
  return b;
}

std::vector<std::string> method_items() {
  return {
      "Each run is a fresh process measured from outside: wall clock around the child; CPU (user + sys) "
      "and peak RSS from `wait4`. Peak RSS is that of the largest single process of the run, so for "
      "`procs` it is one process's, not the sum over workers.",
      "Figures are medians of the repeated runs; failed runs are counted and listed, never averaged in.",
      "95% CI of the median: distribution-free, from binomial order statistics; with fewer than 6 runs it "
      "is the full range of the runs and covers less than 95%.",
      "Outliers: runs farther than 3 robust sigmas (1.4826 × MAD) from the median, listed with their "
      "distance from it. Noisy: a coefficient of variation above 5%, or an outlier more than 5% from the "
      "median (with 5 runs, 3 robust sigmas alone flag one point in four of pure Gaussian noise).",
      "Winner: two-sided Mann-Whitney U test of the best variant against the runner-up (exact for up "
      "to 40 runs in total, normal approximation with tie correction above), p < 0.05, and a difference "
      "larger than 2% and than either CV. The test, the outliers and the noise flags are about the "
      "experiment's measure: wall time, or for spawn, switch and yield the runs' per_unit_ns, switch_ns "
      "and io_latency_ms.",
      "Indistinguishable within ±2%: the 90% distribution-free interval of the runner-up's ratio to the best "
      "(Hodges-Lehmann shift of the logarithms, Mann-Whitney order statistics) lies within 0.98–1.02, which is "
      "two one-sided tests at 0.05 (Schuirmann 1987). A tie without that is called undecided, with its runs "
      "and interval.",
      "Adaptive repetitions (`reps = auto`): every point runs `min_reps` rounds; from then on, at each round, "
      "a point runs again only while its comparison with the best variant at the same sweep value is open. "
      "It is closed by a difference (Mann-Whitney) or by equivalence within ±2%, each at Pocock's per-look "
      "level for `max_reps - min_reps + 1` looks (0.0158 for 5 looks, 0.0075 for 20, 0.15/K beyond), so "
      "looking after every round keeps the overall false-positive rate at 0.05; or by `max_reps`, or by the "
      "experiment's time `budget`. The tables give the runs each point got.",
      "Amdahl's law predictions extrapolate a least-squares fit beyond the cores measured: treat them as "
      "estimates.",
  };
}

}  // namespace

block table_block(table t) {
  block b;
  b.what = block::kind::table;
  b.table = std::move(t);
  return b;
}

block chart_block(chart c) {
  block b;
  b.what = block::kind::chart;
  b.chart = std::move(c);
  return b;
}

block heading(int level, std::string text) {
  block b;
  b.what = block::kind::heading;
  b.level = level;
  b.text = std::move(text);
  return b;
}

block paragraph(std::string text) {
  block b;
  b.what = block::kind::paragraph;
  b.text = std::move(text);
  return b;
}

block bullets(std::vector<std::string> items) {
  block b;
  b.what = block::kind::bullets;
  b.items = std::move(items);
  return b;
}

int variant_color(const experiment& e, std::size_t variant) {
  // One colour per model on every chart of the report (the catalog's); a model's further
  // variants take the colours after those.
  int extra = 0;
  for (std::size_t v = 0; v <= variant; ++v) {
    const model_info* m = find_model_info(e.variant_models[v]);
    const bool first_of_model =
        m &&
        std::find(e.variant_models.begin(), e.variant_models.begin() + static_cast<std::ptrdiff_t>(v),
                  e.variant_models[v]) == e.variant_models.begin() + static_cast<std::ptrdiff_t>(v);
    if (v == variant) return first_of_model ? m->colour : static_cast<int>(model_catalog().size()) + extra;
    if (!first_of_model) ++extra;
  }
  return 0;
}

document build_document(const analysis& a) {
  document d;
  d.push_back(heading(1, "Concurrency lab report"));
  std::vector<std::string> hosts;
  for (const auto& m : a.machines) hosts.push_back(code(m.host));
  std::string summary = std::to_string(a.records - a.warmups) + " runs";
  if (a.failed) summary += " (" + std::to_string(a.failed) + " failed)";
  summary += " in " + std::to_string(a.experiments.size()) +
             (a.experiments.size() == 1 ? " experiment" : " experiments") + " on " +
             (a.machines.size() == 1 ? "one machine, " : std::to_string(a.machines.size()) + " machines: ") +
             join(hosts, ", ") + ".";
  if (a.warmups) summary += " " + std::to_string(a.warmups) + " warm-up runs are not counted.";
  d.push_back(paragraph(summary));
  const auto warning = check_warning(a);
  d.insert(d.end(), warning.begin(), warning.end());

  auto verdict = verdict_section(a);
  d.insert(d.end(), verdict.begin(), verdict.end());

  d.push_back(heading(2, "Experiments"));
  const bool several_hosts = a.machines.size() > 1;
  for (const auto& m : a.machines) {
    if (several_hosts) d.push_back(heading(3, "On " + code(m.host)));
    for (const auto& e : a.experiments)
      if (e.host == m.host) {
        auto blocks = experiment_blocks(e, several_hosts ? 4 : 3);
        d.insert(d.end(), blocks.begin(), blocks.end());
      }
  }

  d.push_back(heading(2, several_hosts ? "Machines" : "Machine"));
  d.push_back(machine_table(a));
  d.push_back(heading(2, "Method"));
  d.push_back(bullets(method_items()));
  const auto check = check_method(a);
  d.insert(d.end(), check.begin(), check.end());
  return d;
}

}  // namespace lab::report
