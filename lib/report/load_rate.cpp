// Open-loop load judged on what it answers: the highest offered rate each model keeps up with
// at a p99 target set by this machine's own floor, not on wall time (which the schedule fixes).
#include <algorithm>
#include <charconv>
#include <cmath>

#include "catalog/scenarios.hpp"
#include "core/text.hpp"
#include "report/format.hpp"
#include "report/load.hpp"

namespace lab::report {

namespace {

std::optional<std::size_t> rate_axis(const analysed_experiment& e) {
  const auto it = std::find(e.axes.begin(), e.axes.end(), "rate");
  if (it == e.axes.end()) return std::nullopt;
  return static_cast<std::size_t>(it - e.axes.begin());
}

}  // namespace

bool open_loop(const analysed_experiment& e) {
  return rate_axis(e) &&
         std::find(e.metric_keys.begin(), e.metric_keys.end(), metric_keys::p99_sent_ms) != e.metric_keys.end();
}

std::optional<p99_margin> parse_p99_margin(std::string_view text) {
  const bool percent = text.ends_with("%"), ms = text.ends_with("ms");
  if (!percent && !ms) return std::nullopt;
  text.remove_suffix(percent ? 1 : 2);
  double x = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), x);
  if (ec != std::errc() || end != text.data() + text.size() || !(x > 0) || x > 1e6) return std::nullopt;
  p99_margin m;
  (percent ? m.fraction : m.ms) = percent ? x / 100 : x;
  return m;
}

// The floor: the lowest corrected p99 of any model at the lowest offered rate, where the
// machine is all but idle; the target: the floor plus the config's p99_margin, by default twice
// the floor and at least 1 ms above it. A fixed 2 x delay_ms sat inside this VM's wake-up
// jitter, so no model met it at any rate.
std::optional<p99_target> p99_target_of(const analysed_experiment& e) {
  const auto axis = rate_axis(e);
  if (!axis) return std::nullopt;
  const point* lowest = nullptr;
  for (const auto& p : e.points)
    if (p.at[*axis].num && *p.at[*axis].num > 0 && (!lowest || *p.at[*axis].num < *lowest->at[*axis].num)) lowest = &p;
  if (!lowest) return std::nullopt;
  double floor = INFINITY;
  for (const auto& c : lowest->cells)
    if (auto p99 = c.metric(metric_keys::p99_ms); p99 && c.ok > 0) floor = std::min(floor, *p99);
  if (!std::isfinite(floor)) return std::nullopt;
  const auto margin = parse_p99_margin(e.p99_margin);
  return p99_target{floor, margin ? margin->target_ms(floor) : std::max(2 * floor, floor + 1.0),
                    *lowest->at[*axis].num, e.p99_margin};
}

std::optional<rate_answer> rate_answer_of(const analysed_experiment& e) {
  if (!open_loop(e)) return std::nullopt;
  rate_answer a;
  for (std::size_t v = 0; v < e.variants.size(); ++v)
    if (e.contender(v)) a.rates.push_back({v, sustainable_rate(e, v).value_or(sustainable{}).rate});
  if (a.rates.size() < 2) return std::nullopt;
  std::stable_sort(a.rates.begin(), a.rates.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
  return a;
}

std::pair<std::string, std::string> rate_best_and_by(const analysed_experiment& e, const rate_answer& a) {
  const auto& [b, rb] = a.rates[0];
  const auto& [r, rr] = a.rates[1];
  auto rate = [](double x) { return x > 0 ? fmt::count(x) + "/s" : std::string("no rate"); };
  if (rb <= 0) return {"none kept up", "no model met the p99 target at any offered rate"};
  if (rb == rr)
    return {e.variants[b] + " ≈ " + e.variants[r],
            "tie: both keep up with " + rate(rb) + ", the sweep's steps cannot separate them"};
  if (rr <= 0) return {"**" + e.variants[b] + "**", rate(rb) + "; no other model met the p99 target at any rate"};
  return {"**" + e.variants[b] + "**", rate(rb) + " vs " + rate(rr) + " for " + e.variants[r] + " (" + fmt::ratio(rb / rr) + ")"};
}

std::string rates_text(const analysed_experiment& e, const rate_answer& a) {
  std::vector<std::string> parts;
  for (const auto& [v, r] : a.rates) parts.push_back(e.variants[v] + " " + (r > 0 ? fmt::count(r) + "/s" : std::string("none")));
  return "sustained: " + join(parts, ", ");
}

}  // namespace lab::report
