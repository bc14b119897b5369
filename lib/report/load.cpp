#include "report/load.hpp"

#include <algorithm>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/prose.hpp"

namespace lab::report {

using prose::code;

namespace {

std::optional<std::size_t> axis_of(const analysed_experiment& e, const std::string& name) {
  const auto it = std::find(e.axes.begin(), e.axes.end(), name);
  if (it == e.axes.end()) return std::nullopt;
  return static_cast<std::size_t>(it - e.axes.begin());
}

double delay_ms_at(const analysed_experiment& e, const point& p) {
  if (auto a = axis_of(e, "delay_ms"); a && p.at[*a].num) return *p.at[*a].num;
  if (auto d = e.fixed_value("delay_ms")) return std::atof(d->c_str());
  return 0;
}

double median_wall(const cell& c) {
  auto w = c.walls;
  if (w.empty()) return NAN;
  std::sort(w.begin(), w.end());
  return w[w.size() / 2];
}

// Sentences for the points the machine bounded.
std::vector<std::string> bound_items(const analysed_experiment& e) {
  std::vector<std::string> items;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto floor = c.metric(metric_keys::cpu_floor_s);
      if (!floor || c.ok == 0) continue;
      const double wall = median_wall(c), ideal = c.efficiency ? *c.efficiency * wall : 0;
      const std::string where = describe(e, p);
      const std::string who = (where.empty() ? "" : code(where) + " ") + e.variants[v] + ": ";
      if (*floor > ideal) {
        const double cpu = c.cpu_s + c.metric(metric_keys::server_cpu_s).value_or(0);
        std::string what = "the run";
        if (auto n = c.metric(metric_keys::server_accepted); n && *n > 0) what = fmt::count(*n) + " connections";
        items.push_back(who + what + " cost " + fmt::seconds(cpu) + " of CPU here (client and server), a floor of " +
                        fmt::seconds(*floor) + " on these CPUs against an ideal of " + fmt::seconds(ideal) +
                        ": the machine's network stack, not the model, sets this time (wall " + fmt::seconds(wall) +
                        ", " + fmt::ratio(wall / *floor) + " the floor).");
      }
      const double dropped = c.metric(metric_keys::net_listen_overflows).value_or(0) + c.metric(metric_keys::net_listen_drops).value_or(0);
      if (dropped > 0)
        items.push_back(who + fmt::count(c.metric(metric_keys::net_listen_drops).value_or(dropped)) +
                        " SYNs were dropped by a full listen queue (machine-wide counter): its p99 includes "
                        "one-second retransmits.");
    }
  return items;
}

table bound_table(const analysed_experiment& e) {
  table t;
  for (const auto& a : e.axes) {
    t.header.push_back(a);
    t.numeric.push_back(true);
  }
  for (const char* h : {"variant", "wall", "ideal", "CPU floor", "wall / max(ideal, floor)", "server CPU"}) {
    t.header.push_back(h);
    t.numeric.push_back(std::string(h) != "variant");
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto floor = c.metric(metric_keys::cpu_floor_s);
      if (!floor || c.ok == 0) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      const double wall = median_wall(c), ideal = c.efficiency ? *c.efficiency * wall : 0;
      const double bound = std::max(ideal, *floor);
      row.push_back(e.variants[v]);
      row.push_back(fmt::seconds(wall));
      row.push_back(fmt::seconds(ideal));
      row.push_back(fmt::seconds(*floor));
      row.push_back(bound > 0 ? fmt::ratio(wall / bound) : "—");
      const auto server = c.metric(metric_keys::server_cpu_s);
      row.push_back(server ? fmt::seconds(*server) : "—");
      t.rows.push_back(std::move(row));
    }
  t.notes.push_back("CPU floor: (client CPU + server CPU) / usable CPUs, medians over the runs; a point whose floor "
                    "is above its ideal is bounded by the machine. TCP counters are machine-wide.");
  return t;
}

block table_of(table t) {
  block b = table_block(std::move(t));
  return b;
}

}  // namespace

std::optional<sustainable> sustainable_rate(const analysed_experiment& e, std::size_t variant) {
  const auto axis = axis_of(e, "rate");
  if (!axis) return std::nullopt;
  std::optional<sustainable> best;
  for (const auto& p : e.points) {
    const auto rate = p.at[*axis].num;
    const cell& c = p.cells[variant];
    const auto achieved = c.metric(metric_keys::achieved_rps), p99 = c.metric(metric_keys::p99_ms);
    if (!rate || *rate <= 0 || !achieved || !p99 || c.ok == 0) continue;
    const double limit = std::max(2.0 * delay_ms_at(e, p), 1.0);
    if (*achieved >= 0.98 * *rate && *p99 <= limit && (!best || *rate > best->rate))
      best = sustainable{*rate, *p99, c.metric(metric_keys::p99_sent_ms).value_or(NAN)};
  }
  return best;
}

std::vector<block> load_blocks(const analysed_experiment& e) {
  std::vector<block> out;
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::cpu_floor_s) != e.metric_keys.end()) {
    out.push_back(paragraph("**Where the time went** (wall against max(ideal, CPU floor)):"));
    out.push_back(table_of(bound_table(e)));
    if (auto items = bound_items(e); !items.empty()) out.push_back(bullets(std::move(items)));
  }
  const auto axis = axis_of(e, "rate");
  if (!axis || std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::p99_sent_ms) == e.metric_keys.end()) return out;

  chart ch;
  ch.title = "Corrected p99 against offered rate";
  ch.x_label = "offered rate (requests/s)";
  ch.y_label = "p99 latency (ms)";
  ch.log_x = ch.log_y = true;
  ch.caption = "Solid: p99 from each request's due time (free of coordinated omission); dashed: from its actual "
               "send. Where the solid line turns up, the model has stopped keeping up: the knee.";
  std::vector<std::string> items;
  for (std::size_t v = 0; v < e.variants.size(); ++v) {
    chart_series due, sent;
    due.title = e.variants[v];
    sent.title = e.variants[v] + " (from send)";
    due.color = sent.color = variant_color(e, v);
    sent.dash = 2;
    for (const auto& p : e.points) {
      const auto rate = p.at[*axis].num;
      const cell& c = p.cells[v];
      if (!rate || *rate <= 0) continue;
      if (auto y = c.metric(metric_keys::p99_ms)) due.x.push_back(*rate), due.y.push_back(std::max(*y, 1e-3));
      if (auto y = c.metric(metric_keys::p99_sent_ms)) sent.x.push_back(*rate), sent.y.push_back(std::max(*y, 1e-3));
    }
    if (due.x.empty()) continue;
    ch.series.push_back(std::move(due));
    ch.series.push_back(std::move(sent));
    if (auto s = sustainable_rate(e, v))
      items.push_back(e.variants[v] + ": **" + fmt::count(s->rate) + " requests/s**; corrected p99 there " +
                      fmt::metric(metric_keys::p99_ms, s->p99_ms) + ", uncorrected " + fmt::metric(metric_keys::p99_ms, s->p99_sent_ms) + ".");
    else
      items.push_back(e.variants[v] + ": none of the offered rates.");
  }
  out.push_back(paragraph("**Sustainable rate** (the highest offered rate with achieved ≥ 0.98 × offered and "
                          "corrected p99 ≤ 2 × delay_ms, at least 1 ms):"));
  out.push_back(bullets(std::move(items)));
  block b = chart_block(std::move(ch));
  out.push_back(std::move(b));
  return out;
}

}  // namespace lab::report
