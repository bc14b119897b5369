#include "report/time_went.hpp"

#include <algorithm>
#include <map>

#include "catalog/models.hpp"
#include "record/record_keys.hpp"
#include "report/format.hpp"
#include "report/json_fields.hpp"

namespace lab::report {

namespace {

namespace keys = record_keys::sched_keys;

// "thread" -> "threads", "worker process" -> "worker processes".
std::string units_of(const std::string& unit_name, std::size_t n) {
  if (n == 1) return unit_name;
  return unit_name + (unit_name.back() == 's' ? "es" : "s");
}

std::vector<std::vector<int>> cpus_of(const boost::json::object& o) {
  std::vector<std::vector<int>> out;
  const auto* v = o.if_contains(keys::unit_cpus);
  if (!v || !v->is_array()) return out;
  for (const auto& unit : v->get_array()) {
    std::vector<int> cpus;
    if (unit.is_array())
      for (const auto& c : unit.get_array())
        if (c.is_int64()) cpus.push_back(static_cast<int>(c.get_int64()));
    out.push_back(std::move(cpus));
  }
  return out;
}

// Where the kernel put units together though there were CPUs enough: "the kernel started both
// on CPU 1", "all 3 were only ever seen on CPU 0" (a unit is looked at when it starts, between
// its tasks and chunks, and when it ends); "" where it spread them.
std::string placed_together(const time_breakdown& b, const std::string& unit_name) {
  const std::size_t n = b.unit_cpus.size();
  if (n < 2) return {};
  std::map<int, std::size_t> first;
  bool one_cpu_each = true;
  for (const auto& cpus : b.unit_cpus) {
    if (cpus.empty()) return {};
    ++first[cpus.front()];
    one_cpu_each = one_cpu_each && cpus.size() == 1;
  }
  for (const auto& [cpu, count] : first) {
    if (count < 2) continue;
    const std::string who =
        count == n ? (n == 2 ? "both" : "all " + std::to_string(n)) : std::to_string(count) + " " + units_of(unit_name, count);
    if (count == n && one_cpu_each) return who + " were only ever seen on CPU " + std::to_string(cpu);
    return "the kernel started " + who + " on CPU " + std::to_string(cpu);
  }
  return {};
}

std::string waits(const time_breakdown& b, const std::string& unit_name, int cpus) {
  const std::string units =
      "its " + (b.units == 1 ? std::string() : std::to_string(b.units) + " ") + units_of(unit_name, b.units);
  std::string w = units + " waited " + fmt::seconds(b.runq_wait_s) + (b.units > 1 ? " in all" : "") + " for a CPU";
  std::vector<std::string> why;
  if (cpus > 0 && b.units <= static_cast<std::size_t>(cpus))
    w += " though the machine has " + std::to_string(cpus) + " CPUs";
  else if (cpus > 0)
    why.push_back(std::to_string(b.units) + " on " + std::to_string(cpus) + " CPUs take turns");
  if (const std::string together = placed_together(b, unit_name); !together.empty()) why.push_back(together);
  if (!why.empty()) w += " (" + why.front() + (why.size() > 1 ? "; " + why.back() : "") + ")";
  return w;
}

}  // namespace

std::optional<time_breakdown> breakdown_of(const record& r) {
  const double run = run_time_s(r);
  if (!r.sched || !r.ideal_s || run <= 0) return std::nullopt;
  const auto& o = *r.sched;
  time_breakdown b;
  b.run_s = run;
  b.ideal_s = *r.ideal_s;
  b.efficiency = b.ideal_s / run;
  b.units = static_cast<std::size_t>(number_of(o, keys::units));
  b.on_cpu_s = number_of(o, keys::on_cpu_s);
  b.runq_wait_s = number_of(o, keys::runq_wait_s);
  b.start_span_s = number_of(o, keys::start_span_s);
  b.unit_cpus = cpus_of(o);
  b.minflt = number_of(o, keys::minflt);
  b.majflt = number_of(o, keys::majflt);
  b.load1 = number_of(o, keys::load1);
  return b;
}

std::string shortfall_words(const std::string& who, const std::string& unit_name, const time_breakdown& b, int cpus) {
  std::string s = who + " reached " + fmt::percent(b.efficiency) + " of the ideal (" + fmt::seconds(b.run_s) +
                  " against " + fmt::seconds(b.ideal_s) + "): ";
  std::vector<std::string> parts;
  // Below half a millisecond is below what the words would round to, and below the noise.
  if (b.runq_wait_s >= 0.0005) parts.push_back(waits(b, unit_name, cpus));
  if (b.units > 1 && b.start_span_s >= 0.0005)
    parts.push_back(fmt::seconds(b.start_span_s) + " from the first " + unit_name + "'s start to the last's");
  if (b.majflt > 0 || b.minflt >= 10000) parts.push_back(fmt::count(b.minflt + b.majflt) + " page faults");
  // A load past the CPUs means other programs wanted them too: some of the wait was theirs.
  if (cpus > 0 && b.load1 > cpus)
    parts.push_back("the machine's load was " + fmt::sig(b.load1, 3) + " on " + std::to_string(cpus) +
                    " CPUs (1-minute average): other programs wanted the CPUs too");
  if (parts.empty())
    parts.push_back("its " + units_of(unit_name, 2) + " hardly waited for a CPU and started together: the time went to waits of "
                    "the work itself or to the host");
  for (std::size_t i = 0; i < parts.size(); ++i) s += (i == 0 ? "" : "; ") + parts[i];
  return s;
}

// The glance table's point is told; a sweep's other points fold under it (a noisy machine puts
// most variants of a sweep below the mark, and their list took most of a screen).
std::vector<block> time_went_blocks(const analysed_experiment& e) {
  std::vector<std::pair<double, std::string>> at_glance;  // (efficiency, words), the furthest below first
  std::vector<std::string> told, others;
  const point* glance = glance_point(e);
  for (const auto& p : e.points)
    for (std::size_t v = 0; v < p.cells.size(); ++v) {
      const cell& c = p.cells[v];
      if (!c.went || c.went->efficiency >= told_below_efficiency) continue;
      const model_info* m = find_model_info(e.variant_models[v]);
      const std::string at = describe(e, p);
      std::string words = shortfall_words(e.variants[v] + (at.empty() ? "" : " at " + at),
                                          m ? m->accounted_unit : "unit", *c.went, e.cpus);
      if (&p == glance) at_glance.emplace_back(c.went->efficiency, std::move(words));
      else others.push_back(std::move(words));
    }
  // The two furthest below the ideal are told; the others fold with the other points'.
  std::stable_sort(at_glance.begin(), at_glance.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t i = 0; i < at_glance.size(); ++i) (i < 2 ? told : others).push_back(std::move(at_glance[i].second));
  if (told.empty() && others.empty()) return {};
  std::vector<block> out{paragraph("**Where the time went** (the variants furthest below " +
                                   fmt::percent(told_below_efficiency) +
                                   " of the ideal; the kernel's accounting of each one's run at the median efficiency" +
                                   (glance && !glance->at.empty() && !told.empty() ? ", at " + describe(e, *glance) : "") +
                                   "):")};
  if (!told.empty()) out.push_back(bullets(told));
  if (!others.empty()) {
    block more = bullets(others);
    more.folded = fmt::count(static_cast<double>(others.size())) + " more below " + fmt::percent(told_below_efficiency) +
                  (e.points.size() > 1 ? ", at this and the other points" : "");
    more.more = true;
    out.push_back(std::move(more));
  }
  return out;
}

}  // namespace lab::report
