#include "sweep/plan.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <map>
#include <span>

#include "core/error.hpp"
#include "core/fnv1a.hpp"
#include "core/text.hpp"
#include "driver/round_cpu.hpp"
#include "scenario/scenario.hpp"
#include "workload/rng.hpp"

namespace lab {

namespace json = boost::json;

std::string point_key(std::string_view experiment, std::string_view scenario, std::string_view model,
                      const json::object& params) {
  // Sorted, so the key does not depend on the order the params were written in.
  std::map<std::string, std::string> sorted;
  for (const auto& kv : params) sorted[std::string(kv.key())] = json::serialize(kv.value());
  std::string key;
  key.append(experiment).append("|").append(scenario).append("|").append(model);
  for (const auto& [k, v] : sorted) key.append("|").append(k).append("=").append(v);
  // As a record read back holds it: records are written with invalid UTF-8 replaced.
  return valid_utf8(key);
}

std::string run_key(const std::string& point, int rep) { return point + "|#" + std::to_string(rep); }

std::uint32_t round_seed(std::uint32_t order_seed, std::string_view experiment, int round) {
  std::uint64_t state = (static_cast<std::uint64_t>(order_seed) << 32) ^ fnv1a_of(experiment) ^
                        (static_cast<std::uint64_t>(round) * 0xd1342543de82ef95ULL);
  return static_cast<std::uint32_t>(splitmix64(state) >> 32);
}

std::vector<std::size_t> shuffled_order(std::size_t n, std::uint32_t seed) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::uint64_t state = seed;
  for (std::size_t i = n; i > 1; --i) {
    const std::size_t j = static_cast<std::size_t>(splitmix64(state) % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

namespace {

// What an experiment's records mean: every run it plans (point, round, shuffle) and how each
// is run (warm-up, timeout, trace, adaptive rounds). Not its config's file name, which a
// rename changes without changing a run.
void stamp_plan_hash(std::span<plan_entry> entries) {
  fnv1a h;
  for (const auto& e : entries) {
    h.add(e.point);
    h.add('\n');
    for (std::int64_t word : {std::int64_t(e.rep), std::int64_t(e.order_seed), std::int64_t(e.warmup),
                              std::int64_t(e.request.timeout.count()), std::int64_t(e.request.trace),
                              std::int64_t(e.adaptive ? e.adaptive->min_reps : -1),
                              std::int64_t(e.adaptive ? e.adaptive->max_reps : -1),
                              std::int64_t(e.adaptive ? e.adaptive->budget.count() : -1)})
      h.add_word(static_cast<std::uint64_t>(word));
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h.value()));
  for (auto& e : entries) e.plan_hash = hex;
}

}  // namespace

std::vector<plan_entry> make_plan(const std::vector<experiment>& experiments) {
  std::vector<plan_entry> plan;
  for (const auto& e : experiments) {
    const scenario_spec& spec = find_scenario(e.scenario).spec;
    const auto points = expand_points(e);
    // What every round shares: the point's request, params and key.
    std::vector<plan_entry> base;
    for (const auto& p : points) {
      plan_entry b;
      b.config = std::filesystem::path(e.file).filename().string();
      b.experiment = e.name;
      b.request.model = p.model;
      b.request.scenario = e.scenario;
      b.request.sets = p.values.as_assignments();
      b.request.timeout = e.timeout;
      b.request.trace = e.trace;
      b.params = typed_params(spec, p.values);
      b.label = p.label;
      b.point = point_key(e.name, e.scenario, p.model, b.params);
      b.warmup = e.warmup;
      b.adaptive = e.adaptive;
      b.p99_margin = e.p99_margin;
      base.push_back(std::move(b));
    }
    const std::size_t first = plan.size();
    for (int round = 0; round < e.reps; ++round) {
      const std::uint32_t seed = round_seed(e.order_seed, e.name, round);
      for (std::size_t i : shuffled_order(base.size(), seed)) {
        plan_entry entry = base[i];
        entry.index = plan.size();
        entry.rep = round;
        entry.request.cpu = round_cpu(points[i].model, points[i].values, round);
        entry.order_seed = seed;
        plan.push_back(std::move(entry));
      }
    }
    stamp_plan_hash(std::span(plan).subspan(first));
  }
  return plan;
}

shard parse_shard(std::string_view text) {
  if (text.empty()) return {};
  const std::string bad = "bad --shard '" + std::string(text) + "': ";
  const auto slash = text.find('/');
  shard s;
  auto num = [](std::string_view t, std::size_t& out) {
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), out);
    return ec == std::errc() && p == t.data() + t.size() && !t.empty();
  };
  if (slash == std::string_view::npos || !num(text.substr(0, slash), s.k) || !num(text.substr(slash + 1), s.n))
    throw usage_error(bad + "expected K/N, e.g. 0/4 (shard K of N, K from 0)");
  if (s.n < 1) throw usage_error(bad + "N must be at least 1");
  if (s.k >= s.n) throw usage_error(bad + "K must be in 0.." + std::to_string(s.n - 1));
  return s;
}

std::vector<plan_entry> select_shard(const std::vector<plan_entry>& plan, shard s) {
  std::vector<plan_entry> out;
  for (std::size_t i = s.k; i < plan.size(); i += s.n) out.push_back(plan[i]);
  return out;
}

void write_plan(std::ostream& out, const std::vector<plan_entry>& entries) {
  char line[256];
  std::snprintf(line, sizeof line, "%6s %5s %-20s %-8s %-8s %s\n", "point", "rep", "experiment", "model", "scenario",
                "swept parameters");
  out << line;
  for (const auto& e : entries) {
    std::snprintf(line, sizeof line, "%6zu %5d %-20s %-8s %-8s ", e.index, e.rep, e.experiment.c_str(),
                  e.request.model.c_str(), e.request.scenario.c_str());
    out << line << e.label << '\n';
  }
}

}  // namespace lab
