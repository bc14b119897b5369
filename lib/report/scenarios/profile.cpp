// profile's part of the report: for the user's own workload, what bounds each model (its CPU
// ceiling, its units in flight, its connections, its queue), how each task's time divided,
// and what memory the units in flight held.
#include <algorithm>
#include <cmath>
#include <optional>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/chart_kit.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"
#include "report/scenario_part.hpp"

namespace lab::report {

using namespace prose;
namespace k = metric_keys;

namespace {

// A bound is named when the run came this close to it.
constexpr double at_bound = 0.8;

double or_zero(const cell& c, const char* key) { return c.metric(key).value_or(0.0); }

// What a variant's CPU allows: its own CPUs over all the CPU its process used per task (the
// steps and everything around them: sockets, wakeups, the loop), and the machine's CPUs over
// that plus the lab-server's, which shares them. The steps alone (cpu_ceiling_tps in the
// record) leave out what the model itself costs.
struct cpu_budget {
  double client_ms = 0, server_ms = 0, ceiling = 0;
  double cpus = 0;
};

cpu_budget budget_of(const analysed_experiment& e, const cell& c) {
  cpu_budget b;
  const double tasks = or_zero(c, k::tasks);
  b.cpus = or_zero(c, k::cpus_usable);
  if (tasks <= 0 || c.cpu_s <= 0 || b.cpus <= 0) return b;
  b.client_ms = c.cpu_s / tasks * 1e3;
  b.server_ms = or_zero(c, k::server_cpu_s) / tasks * 1e3;
  b.ceiling = b.cpus * 1e3 / b.client_ms;
  if (e.cpus > 0) b.ceiling = std::min(b.ceiling, e.cpus * 1e3 / (b.client_ms + b.server_ms));
  return b;
}

// What held a variant back, in words, from its own figures.
std::string bound_of(const analysed_experiment& e, const cell& c, std::size_t v) {
  const double tps = or_zero(c, k::throughput_tps), units = or_zero(c, k::units);
  const double cpu = or_zero(c, k::cpu_ms), queue = or_zero(c, k::queue_ms), mean = or_zero(c, k::mean_ms);
  const double over = or_zero(c, k::calls_over_ms);
  const cpu_budget b = budget_of(e, c);
  std::string why;
  const double lock_ceiling = or_zero(c, k::lock_ceiling_tps);
  if (lock_ceiling > 0 && tps >= at_bound * lock_ceiling && (b.ceiling == 0 || lock_ceiling < b.ceiling)) {
    why = "bound by the lock: " + fmt::percent(tps / lock_ceiling) + " of what one holder at a time allows (" +
          fmt::metric(k::locked_cpu_ms, or_zero(c, k::locked_cpu_ms)) + " held per task = " + fmt::count(lock_ceiling) +
          " tasks/s), whatever its units";
  } else if (b.ceiling > 0 && tps >= at_bound * b.ceiling) {
    const bool one_thread = b.cpus == 1 && e.contender(v) && units > 1;
    why = std::string(one_thread ? "bound by its one thread's CPU" : "CPU-bound") + ": " + fmt::percent(tps / b.ceiling) +
          " of what its CPU allows (" + fmt::plain(b.cpus) + (b.cpus == 1 ? " CPU" : " CPUs") + " / " +
          fmt::metric(k::cpu_ms, b.client_ms) + " per task, " + fmt::metric(k::cpu_ms, cpu) + " of it in the steps" +
          (b.server_ms > 0.01 ? ", the server's " + fmt::metric(k::cpu_ms, b.server_ms) + " beside it" : "") + ")";
  } else if (or_zero(c, k::connection_waits) > 0 && units > or_zero(c, k::connections)) {
    why = "bound by its " + fmt::plain(or_zero(c, k::connections)) + " connections (" +
          fmt::count(or_zero(c, k::connection_waits)) + " requests waited for one)";
  } else if (units > 0 && mean > 0 && queue + over < 0.2 * mean) {
    why = "bound by its " + (units == 1 ? std::string("one unit") : fmt::plain(units) + " units in flight") +
          ": each task takes " + fmt::metric(k::mean_ms, mean) + ", about what its steps ask; more units would go faster";
  } else {
    why = fmt::percent(b.ceiling > 0 ? tps / b.ceiling : 0) + " of what its CPU allows";
  }
  if (queue > cpu && queue > 0.1 * mean)
    why += "; a task waited " + fmt::metric(k::queue_ms, queue) + " in queue for a CPU, the lock or the loop";
  if (over > 1 && over > 0.2 * or_zero(c, k::calls_ms))
    why += "; its calls took " + fmt::metric(k::calls_over_ms, over) +
           " beyond what they asked for (answers waiting for their unit to run again)";
  if (const auto mem = c.metric(k::mem_per_unit_kib); mem && units > 1) why += "; " + fmt::kib(*mem) + " per unit in flight";
  return why;
}

std::vector<block> bound_blocks(const analysed_experiment& e) {
  if (!std::count(e.metric_keys.begin(), e.metric_keys.end(), k::throughput_tps)) return {};
  return per_point(e, "What bounds each model, highest throughput first", [&](const point& p) {
    std::vector<std::size_t> order;
    for (std::size_t v = 0; v < p.cells.size(); ++v)
      if (p.cells[v].ok > 0 && p.cells[v].metric(k::throughput_tps)) order.push_back(v);
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return *p.cells[a].metric(k::throughput_tps) > *p.cells[b].metric(k::throughput_tps);
    });
    std::vector<std::string> parts;
    for (std::size_t v : order) {
      const cell& c = p.cells[v];
      std::string text = bold(e.variants[v]) + " " + fmt::count(*c.metric(k::throughput_tps)) + " tasks/s";
      if (const auto p99 = c.metric(k::p99_ms)) text += " (p99 " + fmt::metric(k::p99_ms, *p99) + ")";
      parts.push_back(text + ": " + bound_of(e, c, v));
    }
    return parts.empty() ? std::string() : join(parts, ". ") + ".";
  });
}

// Open loop, swept over `rate`: the highest offered rate each variant kept up with (throughput
// at least 0.98 x offered) with its p99 within the target (metrics.p99_target_ms).
std::vector<block> sustainable_blocks(const analysed_experiment& e) {
  const auto axis = std::find(e.axes.begin(), e.axes.end(), "rate");
  if (axis == e.axes.end()) return {};
  const auto a = static_cast<std::size_t>(axis - e.axes.begin());
  std::vector<std::string> items;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    std::optional<double> best, kept;
    double p99_at = 0, target_at = 0;
    for (const auto& p : e.points) {
      const cell& c = p.cells[v];
      const auto rate = p.at[a].num;
      const auto tps = c.metric(k::throughput_tps), p99 = c.metric(k::p99_ms), target = c.metric(k::p99_target_ms);
      if (c.ok == 0 || !rate || *rate <= 0 || !tps || !p99) continue;
      // Kept up: the tasks' span was the schedule's plus one task alone, as when none fell behind.
      const double n = or_zero(c, k::tasks), alone_s = or_zero(c, k::alone_ms) / 1e3;
      const double expected = n > 1 ? n / ((n - 1) / *rate + alone_s) : *rate;
      if (*tps < 0.98 * expected) continue;
      if (!kept || *rate > *kept) kept = *rate;
      if (target && *p99 <= *target && (!best || *rate > *best)) {
        best = *rate;
        p99_at = *p99;
        target_at = *target;
      }
    }
    std::string item = bold(e.variants[v]) + ": ";
    item += best ? fmt::count(*best) + " tasks/s (p99 " + fmt::metric(k::p99_ms, p99_at) + ", target " +
                       fmt::metric(k::p99_ms, target_at) + ")"
                 : std::string("none of the offered rates within its p99 target");
    if (kept && (!best || *kept > *best)) item += "; it kept up with up to " + fmt::count(*kept) + " tasks/s at a higher p99";
    items.push_back(item + ".");
  }
  return {paragraph("**Highest sustainable rate** (the highest offered rate the variant kept up with, its tasks' span "
                    "within 2% of the schedule's plus one task alone, with its p99 latency, from the due time, within " +
                    code("p99_target_ms") + "):"),
          bullets(std::move(items))};
}

std::vector<block> breakdown_table(const analysed_experiment& e) {
  if (!std::count(e.metric_keys.begin(), e.metric_keys.end(), k::throughput_tps)) return {};
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const char* h : {"variant", "tasks/s", "CPU allows", "p50 / p99", "CPU (steps / all)", "calls", "queued",
                        "memory peak", "per unit"}) {
    t.header.push_back(h);
    t.numeric.push_back(std::string(h) != "variant");
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      if (c.ok == 0 || !c.metric(k::throughput_tps)) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      row.push_back(e.variants[v]);
      row.push_back(fmt::count(or_zero(c, k::throughput_tps)));
      const cpu_budget b = budget_of(e, c);
      row.push_back(b.ceiling > 0 ? fmt::count(b.ceiling) : "—");
      row.push_back(fmt::metric(k::p50_ms, or_zero(c, k::p50_ms)) + " / " + fmt::metric(k::p99_ms, or_zero(c, k::p99_ms)));
      row.push_back(fmt::metric(k::cpu_ms, or_zero(c, k::cpu_ms)) + " / " + fmt::metric(k::cpu_ms, b.client_ms));
      row.push_back(fmt::metric(k::calls_ms, or_zero(c, k::calls_ms)));
      row.push_back(fmt::metric(k::queue_ms, or_zero(c, k::queue_ms)));
      row.push_back(fmt::kib(or_zero(c, k::mem_peak_kib)));
      row.push_back(fmt::kib(or_zero(c, k::mem_per_unit_kib)));
      t.rows.push_back(std::move(row));
    }
  if (t.rows.empty()) return {};
  t.notes.push_back(
      "Medians over the runs. CPU (steps / all): a task's CPU time in its CPU steps (its thread's CPU clock), and all "
      "the CPU its model's process(es) used per task (user + system: the steps and the sockets, wakeups and loop "
      "around them). CPU allows: the model's CPUs / all its CPU per task, and no more than the machine's CPUs / that "
      "plus the lab-server's CPU per task. Calls: its requests and sleeps as the task saw them; queued: the rest of "
      "its latency (waiting for a CPU, the lock, a unit or the loop). Memory per unit: the peak over the process "
      "before the run, per unit in flight (procs: RSS summed over its processes, shared pages counted in each).");
  return {paragraph("**Throughput and where a task's time went**:"), table_block(std::move(t))};
}

// One stacked bar per variant (and point): CPU, calls, queued, in ms per task.
void breakdown_chart(const analysed_experiment& e, metric_charts& charts) {
  if (!reports(e, k::cpu_ms)) return;
  chart c;
  c.title = "Where a task's time went";
  c.y_label = "ms per task (mean)";
  c.stacked = true;
  struct layer {
    const char* key;
    const char* title;
    int color;
  } const layers[] = {{k::cpu_ms, "CPU", 5}, {k::calls_ms, "calls", 6}, {k::queue_ms, "queued", 7}};
  for (const auto& l : layers) {
    chart_series s;
    s.title = l.title;
    s.color = l.color;
    c.series.push_back(std::move(s));
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& cl = p.cells[v];
      if (cl.ok == 0 || !cl.metric(k::cpu_ms)) continue;
      std::string label = e.variants[v];
      for (const auto& a : p.at) label += " " + a.text;
      const double x = static_cast<double>(c.categories.size());
      c.categories.push_back(label);
      for (std::size_t i = 0; i < std::size(layers); ++i) {
        c.series[i].x.push_back(x);
        c.series[i].y.push_back(or_zero(cl, layers[i].key));
      }
    }
  if (c.categories.size() > 6) c.wide = true;
  if (chart* added = charts.add(std::move(c)))
    added->caption = "Mean per task: CPU in its CPU steps, its requests and sleeps as it saw them, and queued (the "
                     "rest of its latency: waiting for a CPU, the lock, a unit or the loop).";
}

scenario_part profile_part() {
  scenario_part part;
  part.scenario = scenario_names::profile;
  part.verdict = [](const analysis&, const analysed_experiment& e) {
    auto out = bound_blocks(e);
    for (auto& b : sustainable_blocks(e)) out.push_back(std::move(b));
    return out;
  };
  part.tables = breakdown_table;
  part.charts = breakdown_chart;
  return part;
}

const register_part registered{profile_part};

}  // namespace

}  // namespace lab::report
