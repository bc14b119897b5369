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

// The whole process's wall: the CPU floors count its start and exit too (rusage covers them).
double median_wall(const cell& c) {
  auto w = c.process_walls;
  if (w.empty()) return NAN;
  std::sort(w.begin(), w.end());
  return w[w.size() / 2];
}

// What bounded a cell's wall: its ideal, the machine's CPU floor (client and server over
// every CPU), or the client's own floor (its CPU over the CPUs its threads can use).
struct bounds {
  double wall = 0, ideal = 0, floor = 0, client_floor = 0;
  double largest() const { return std::max({ideal, floor, client_floor}); }
};

std::optional<bounds> bounds_of(const cell& c) {
  const auto floor = c.metric(metric_keys::cpu_floor_s);
  if (!floor || c.ok == 0) return std::nullopt;
  bounds b;
  b.wall = median_wall(c);
  b.ideal = c.ideal_s.value_or(0);
  b.floor = *floor;
  b.client_floor = c.metric(metric_keys::client_floor_s).value_or(0);
  return b;
}

std::string threads_text(double n) { return fmt::count(n) + (n == 1 ? " thread" : " threads"); }

// The sentence for a cell a floor bounded, if one did.
std::optional<std::string> bound_item(const cell& c, const bounds& b) {
  if (b.client_floor > std::max(b.ideal, b.floor)) {
    const double threads = c.metric(metric_keys::client_threads).value_or(1);
    return "its client ran on " + threads_text(threads) + " and used " + fmt::seconds(c.cpu_s) +
           " of CPU, the kernel's share included (on loopback a system call also does the receiving side's TCP "
           "work): a floor of " + fmt::seconds(b.client_floor) + " for " + (threads == 1 ? "that thread" : "them") +
           ", above the machine's " + fmt::seconds(b.floor) + " and the ideal " + fmt::seconds(b.ideal) +
           ". The client's own CPU, not the waiting, sets this time (wall " + fmt::seconds(b.wall) + ", " +
           fmt::ratio(b.wall / b.client_floor) + " that floor).";
  }
  if (b.floor > b.ideal) {
    const double cpu = c.cpu_s + c.metric(metric_keys::server_cpu_s).value_or(0);
    std::string what = "the run";
    if (auto n = c.metric(metric_keys::server_accepted); n && *n > 0) what = fmt::count(*n) + " connections";
    return what + " cost " + fmt::seconds(cpu) + " of CPU here (client and server), a floor of " +
           fmt::seconds(b.floor) + " on these CPUs against an ideal of " + fmt::seconds(b.ideal) +
           ": the machine's network stack, not the model, sets this time (wall " + fmt::seconds(b.wall) + ", " +
           fmt::ratio(b.wall / b.floor) + " the floor).";
  }
  return std::nullopt;
}

// Sentences for the points the machine bounded.
std::vector<std::string> bound_items(const analysed_experiment& e) {
  std::vector<std::string> items;
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto b = bounds_of(c);
      if (!b) continue;
      const std::string where = describe(e, p);
      const std::string who = (where.empty() ? "" : code(where) + " ") + e.variants[v] + ": ";
      if (auto item = bound_item(c, *b)) items.push_back(who + *item);
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
  for (const char* h : {"variant", "wall", "ideal", "CPU floor", "client floor", "wall / max(ideal, floors)", "server CPU"}) {
    t.header.push_back(h);
    t.numeric.push_back(std::string(h) != "variant");
  }
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < e.variants.size(); ++v) {
      const cell& c = p.cells[v];
      const auto b = bounds_of(c);
      if (!b) continue;
      std::vector<std::string> row;
      for (const auto& a : p.at) row.push_back(a.text);
      row.push_back(e.variants[v]);
      for (double x : {b->wall, b->ideal, b->floor}) row.push_back(fmt::seconds(x));
      row.push_back(b->client_floor > 0 ? fmt::seconds(b->client_floor) : "—");
      row.push_back(b->largest() > 0 ? fmt::ratio(b->wall / b->largest()) : "—");
      const auto server = c.metric(metric_keys::server_cpu_s);
      row.push_back(server ? fmt::seconds(*server) : "—");
      t.rows.push_back(std::move(row));
    }
  t.notes.push_back("CPU floor: (client CPU + server CPU) / usable CPUs; client floor: the client's CPU / the CPUs "
                    "its threads can use at once (one loop thread: one CPU). Medians over the runs; a point whose "
                    "floor is above its ideal is bounded by the machine. TCP counters are machine-wide.");
  return t;
}

block table_of(table t) {
  block b = table_block(std::move(t));
  return b;
}

}  // namespace

namespace {

// The highest offered rate whose median run kept up with it and, with `p99_limit`, had a
// corrected p99 within the machine's target (p99_target_of).
std::optional<sustainable> highest_rate(const analysed_experiment& e, std::size_t variant, bool p99_limit) {
  const auto axis = axis_of(e, "rate");
  if (!axis) return std::nullopt;
  std::optional<sustainable> best;
  const auto target = p99_target_of(e);
  for (const auto& p : e.points) {
    const auto rate = p.at[*axis].num;
    const cell& c = p.cells[variant];
    const auto achieved = c.metric(metric_keys::achieved_rps), p99 = c.metric(metric_keys::p99_ms);
    if (!rate || *rate <= 0 || !achieved || !p99 || c.ok == 0) continue;
    if (*achieved >= 0.98 * *rate && (!p99_limit || (target && *p99 <= target->target_ms)) && (!best || *rate > best->rate))
      best = sustainable{*rate, *p99, c.metric(metric_keys::p99_sent_ms).value_or(NAN)};
  }
  return best;
}

}  // namespace

std::optional<sustainable> sustainable_rate(const analysed_experiment& e, std::size_t variant) {
  return highest_rate(e, variant, true);
}

std::optional<sustainable> kept_up_rate(const analysed_experiment& e, std::size_t variant) {
  return highest_rate(e, variant, false);
}

std::vector<block> load_blocks(const analysed_experiment& e) {
  std::vector<block> out;
  if (std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::cpu_floor_s) != e.metric_keys.end()) {
    out.push_back(paragraph("**Where the time went** (wall against max(ideal, CPU floors)):"));
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
    const auto p99s = [](const sustainable& s) {
      return "corrected p99 there " + fmt::metric(metric_keys::p99_ms, s.p99_ms) + ", uncorrected " +
             fmt::metric(metric_keys::p99_ms, s.p99_sent_ms);
    };
    const auto s = sustainable_rate(e, v);
    std::string item = e.variants[v] + ": " + (s ? "**" + fmt::count(s->rate) + " requests/s**; " + p99s(*s)
                                                   : std::string("none of the offered rates"));
    if (const auto k = kept_up_rate(e, v); k && (!s || k->rate > s->rate))
      item += "; it kept up with up to " + fmt::count(k->rate) + " requests/s, " + p99s(*k);
    items.push_back(item + ".");
  }
  const auto target = p99_target_of(e);
  out.push_back(paragraph(
      "**Sustainable rate** (the highest offered rate with achieved ≥ 0.98 × offered and corrected p99 within " +
      (target ? fmt::metric(metric_keys::p99_ms, target->target_ms) + ": this machine's floor, the lowest p99 at " +
                    fmt::count(target->at_rate) + "/s (" + fmt::metric(metric_keys::p99_ms, target->floor_ms) + "), " +
                    (target->margin.empty() ? std::string("doubled and at least 1 ms above it")
                                            : "plus the config's p99_margin of " + target->margin)
              : std::string("the machine's floor")) +
      "):"));
  out.push_back(bullets(std::move(items)));
  block b = chart_block(std::move(ch));
  out.push_back(std::move(b));
  return out;
}

}  // namespace lab::report
