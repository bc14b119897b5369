// The fairness check: its judgement on constructed figures, its place at the head of every
// sweep, and `lab check` end to end.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sweep/check_plan.hpp"
#include "check/fairness.hpp"
#include "catalog/models.hpp"
#include "core/cpus.hpp"
#include "driver/cpu_moment.hpp"
#include "output/record_writer.hpp"
#include "scenario/scenario.hpp"
#include "support.hpp"
#include "sweep/sweep.hpp"
#include "temp_dir.hpp"

using namespace lab;
using fairness::sample;

namespace {

// Nine runs a variant around `median`, spread +-0.4%.
void add(std::vector<sample>& s, const std::string& item, const std::string& variant, double median,
         const std::string& code = "liblabcore.so+0x40") {
  for (int i = 0; i < 9; ++i) s.push_back({item, variant, median * (1 + (i - 4) * 0.001), code});
}

std::vector<sample> all_models(double serial_ns, double threads_ns = 1.0) {
  std::vector<sample> s;
  add(s, "cpu-uniform", "serial", serial_ns);
  add(s, "cpu-uniform", "threads", threads_ns);
  add(s, "cpu-uniform", "procs (fork)", 1.0);
  add(s, "cpu-uniform", "async", 1.005);
  add(s, "sleep", "serial", 20.08);
  add(s, "sleep", "async", 20.07);
  return s;
}

}  // namespace

TEST_CASE("check: identical figures are fair, and the verdict says so in one line") {
  const auto r = fairness::judge(all_models(1.01));
  CHECK(r.fair);
  CHECK(r.same_code);
  CHECK(r.cpu_bias == 1);
  CHECK(r.verdict.rfind("fair:", 0) == 0);
  CHECK(r.verdict.find('\n') == std::string::npos);
  REQUIRE(r.items.size() == 2);
  CHECK(r.items[0].variants.size() == 4);
  CHECK(r.items[0].variants[0].variant == "threads");  // fastest first
  CHECK(r.items[0].variants[3].ratio == doctest::Approx(1.01));
}

TEST_CASE("check: one model off by 38% is named, with its gap, and bounds CPU-bound margins") {
  const auto r = fairness::judge(all_models(1.38));
  CHECK_FALSE(r.fair);
  CHECK(r.cpu_bias == doctest::Approx(1.38));
  CHECK(r.verdict.find("NOT fair: serial is 38.0% slower than threads") == 0);
  CHECK(r.items[0].variants.back().variant == "serial");
  CHECK(r.items[0].variants.back().off);
  CHECK_FALSE(r.items[0].variants.front().off);
}

TEST_CASE("check: a gap inside the tolerance, or not significant, is not off") {
  auto s = all_models(1.02);  // 2% < 3% tolerance
  CHECK(fairness::judge(s).fair);
  std::vector<sample> few{{"cpu-gauss", "serial", 7.5, ""}, {"cpu-gauss", "async", 7.0, ""}};
  CHECK(fairness::judge(few).fair);  // 7% apart but one run each: nothing can be shown
}

TEST_CASE("check: records naming different kernel locations are unfair whatever the timings") {
  auto s = all_models(1.0);
  add(s, "cpu-gauss", "threads", 7.0, "lab-threads+0x1010");
  add(s, "cpu-gauss", "serial", 7.0);
  const auto r = fairness::judge(s);
  CHECK_FALSE(r.same_code);
  CHECK_FALSE(r.fair);
  CHECK(r.verdict.find("different copies of the kernel") != std::string::npos);
}

TEST_CASE("check: a figure is read from a check record only") {
  record r;
  r.scenario = "sleep";
  r.model = "procs";
  r.params["ms"] = 20;
  r.params["spawn"] = "exec";
  r.metrics["max_oversleep_ms"] = 0.25;
  CHECK_FALSE(fairness::sample_of(r));  // no check experiment
  r.experiment = "check:sleep";
  const auto s = fairness::sample_of(r);
  REQUIRE(s);
  CHECK(s->variant == "procs (exec)");
  CHECK(s->value == doctest::Approx(20.25));
  r.ok = false;
  CHECK_FALSE(fairness::sample_of(r));
}

TEST_CASE("check: every sweep runs the check first, whole in every shard, --no-check skips it") {
  lab::test::temp_dir dir;
  sweep_settings o;
  o.configs = {dir.write("one.ini", "[naps]\nscenario = sleep\nmodels = serial, threads\nreps = 2\nset.ms = 1\n")};
  o.out = dir.file("r.jsonl");
  o.shard = "1/2";
  o.dry_run = true;  // the plan alone
  const auto work = prepare_sweep(o);
  std::size_t checks = 0;
  for (const auto& e : work.todo) checks += e.experiment.rfind("check:", 0) == 0;
  // Per item, every model that runs its scenario (procs twice, fork and exec), x the default rounds.
  std::size_t variants = 0;
  for (const auto& it : fairness::items()) variants += models_running(it.scenario).size() + 1;
  CHECK(checks == variants * default_check_reps);
  CHECK(work.todo.front().experiment.rfind("check:", 0) == 0);
  CHECK(work.todo.size() == checks + 2);  // this shard's half of the config's 4 runs
  o.check = false;
  CHECK(prepare_sweep(o).todo.size() == 2);
}

TEST_CASE("check: lab check runs every model and ends with its verdict") {
  const auto r = lab::test::run(lab::test::bin("lab"), {"check", "--reps", "1"}, 120);
  INFO(r.err);
  REQUIRE(r.status == 0);
  for (const auto& it : fairness::items()) {
    CHECK(r.out.find(it.name) != std::string::npos);
    // Every model the catalog runs the item's scenario with; one that takes `spawn` both ways.
    for (const auto& m : models_running(it.scenario)) {
      const std::vector<std::string> variants =
          model_takes(m, param_names::spawn) ? std::vector<std::string>{m + " (fork)", m + " (exec)"}
                                             : std::vector<std::string>{m};
      for (const auto& v : variants) CHECK_MESSAGE(r.out.find(v) != std::string::npos, v);
    }
  }
  std::string last;
  for (const auto& line : split(r.out, '\n'))
    if (!trim(line).empty()) last = line;
  // On a machine too noisy to judge at the tolerance, the check says so instead of a verdict.
  CHECK((last.rfind("fair:", 0) == 0 || last.rfind("NOT fair:", 0) == 0 || last.rfind("no verdict:", 0) == 0));
}

namespace {

// Nine moments on `cpus` CPUs: at moment m every CPU runs at the moment's speed `speed(m)`
// times its own factor, with a small jitter that differs between CPUs.
std::vector<fairness::moment_sample> moments(int cpus, double (*speed)(int), double (*factor)(int)) {
  std::vector<fairness::moment_sample> out;
  for (int m = 0; m < 9; ++m)
    for (int c = 0; c < cpus; ++c)
      out.push_back({m, c, speed(m) * factor(c) * (1 + 0.002 * ((m * 7 + c * 3) % 5 - 2))});
  return out;
}

double steady(int) { return 1.0; }
double drifting(int m) { return m < 5 ? 1.0 : 0.75; }  // 25% faster after the fifth moment
double equal(int) { return 1.0; }
double cpu0_slower(int c) { return c == 0 ? 1.2 : 1.0; }

}  // namespace

TEST_CASE("check: a drift over time with equal CPUs is noise, not a CPU difference") {
  const auto c = fairness::compare_cpus(moments(2, drifting, equal));
  CHECK(c.cpus == 2);
  CHECK(c.moments == 9);
  CHECK_FALSE(c.differ);
  CHECK(c.within < 1.01);
  CHECK(c.between == doctest::Approx(1 / 0.75 - 1).epsilon(0.02));
  const std::string words = fairness::describe(c, 0.03);
  CAPTURE(words);
  CHECK(words.find("alike at the same moment") != std::string::npos);
  CHECK(words.find("the machine is noisy (spread 33") != std::string::npos);
  CHECK(words.find("slower than CPU") == std::string::npos);
  // The old judgement, CPU 0 at even moments and CPU 1 at odd ones, would have named a
  // difference here; the same moments on both cannot.
  const auto r = fairness::judge(all_models(1.0), moments(2, drifting, equal));
  CHECK(r.fair);
  CHECK(r.cpu_spread == 1);
  CHECK(r.slow_cpu == -1);
  CHECK(r.placement_margin < 1.01);
}

TEST_CASE("check: a constant per-CPU factor at every moment is a CPU difference, on N CPUs") {
  for (int cpus : {2, 4}) {
    CAPTURE(cpus);
    const auto c = fairness::compare_cpus(moments(cpus, drifting, cpu0_slower));
    CHECK(c.differ);
    CHECK(c.slow_cpu == 0);
    CHECK(c.spread == doctest::Approx(1.2).epsilon(0.01));
    CHECK(c.p < 0.01);
  }
  const auto r = fairness::judge(all_models(1.0), moments(2, steady, cpu0_slower));
  CHECK(r.fair);  // between models: every one saw both CPUs alike
  CHECK(r.cpu_spread == doctest::Approx(1.2).epsilon(0.01));
  CHECK(r.slow_cpu == 0);
  CHECK(r.fast_cpu == 1);
  CHECK(r.cpu_bias == 1);  // the spread biases only runs the kernel placed: the report applies it
  CHECK(r.placement_margin == doctest::Approx(1.2).epsilon(0.01));
  CAPTURE(r.verdict);
  CHECK(r.verdict.find("but CPU 0 runs identical work 20.") != std::string::npos);
  CHECK(r.verdict.find("slower than CPU 1 at the same moments") !=
        std::string::npos);
  CHECK(r.verdict.find("noisy") == std::string::npos);  // a steady machine
}

TEST_CASE("check: moments missing a CPU, or one CPU alone, judge nothing") {
  auto s = moments(2, steady, cpu0_slower);
  std::erase_if(s, [](const auto& m) { return m.cpu == 1 && m.moment > 0; });
  const auto c = fairness::compare_cpus(s);
  CHECK(c.moments == 1);
  CHECK_FALSE(c.differ);  // one moment cannot show a CPU slower the same way every time
  CHECK_FALSE(fairness::compare_cpus(moments(1, drifting, equal)).differ);
  CHECK(fairness::describe(fairness::compare_cpus({}), 0.03).empty());
}

TEST_CASE("check: runs spread wider than the tolerance leave no verdict, with the runs it would take") {
  std::vector<sample> s;
  for (int i = 0; i < 9; ++i) {  // CV about 5%, both models alike
    const double wobble = 1 + 0.06 * ((i % 3) - 1);
    s.push_back({"cpu-uniform", "serial", wobble, "liblabcore.so+0x40"});
    s.push_back({"cpu-uniform", "threads", wobble * 1.01, "liblabcore.so+0x40"});
  }
  const auto r = fairness::judge(s);
  CHECK(r.too_noisy);
  CHECK_FALSE(r.fair);
  CHECK(r.widest_cv > 0.03);
  CHECK(r.runs_needed == fairness::runs_to_resolve(r.widest_cv, 0.03));
  CHECK(r.runs_needed > 9);
  CAPTURE(r.verdict);
  CHECK(r.verdict.rfind("no verdict: the machine is too noisy to judge fairness at 3.0%", 0) == 0);
  CHECK(r.verdict.find("--reps " + std::to_string(r.runs_needed)) != std::string::npos);
  CHECK(r.verdict.find("Close other programs") != std::string::npos);
  CHECK(fairness::runs_to_resolve(0.03, 0.03) == 13);  // (2 x 1.2533 x sqrt 2)^2 = 12.6
  CHECK_FALSE(fairness::judge(all_models(1.0)).too_noisy);  // 0.4% spread against 3%
}

TEST_CASE("check: each CPU's median at the same moments is kept beside its factor") {
  const auto c = fairness::compare_cpus(moments(2, steady, cpu0_slower));
  REQUIRE(c.factors.size() == 2);
  CHECK(c.factors[0].median == doctest::Approx(1.2).epsilon(0.01));
  CHECK(c.factors[1].median == doctest::Approx(1.0).epsilon(0.01));
}

TEST_CASE("check: a spread that would take hundreds of runs asks for a quieter machine, not --reps") {
  std::vector<sample> s;
  for (int i = 0; i < 9; ++i) {  // CV about 25%
    const double wobble = 1 + 0.3 * ((i % 3) - 1);
    s.push_back({"sleep", "serial", 20 * wobble, ""});
    s.push_back({"sleep", "async", 20 * wobble, ""});
  }
  const auto r = fairness::judge(s);
  CAPTURE(r.verdict);
  CHECK(r.too_noisy);
  CHECK(r.runs_needed > 100);
  CHECK(r.verdict.find("--reps") == std::string::npos);
  CHECK(r.verdict.find("run lab check again") != std::string::npos);
}

TEST_CASE("check: the CPU comparison comes first, its moments in the plan's words, and --resume skips those recorded") {
  if (usable_cpu_ids().size() < 2) {
    lab::test::skip("one usable CPU: nothing to compare");
    return;
  }
  const auto check = prepare_check(3);
  CHECK(check.cpu_moments == std::vector<int>{0, 1, 2});
  std::ostringstream plan;
  write_plan(plan, check);
  CHECK(plan.str().find("# first the CPU comparison: 3 moments of " + std::to_string(usable_cpu_ids().size())) !=
        std::string::npos);

  lab::test::temp_dir dir;
  sweep_settings o;
  o.configs = {dir.write("one.ini", "[naps]\nscenario = sleep\nmodels = serial\nreps = 1\nset.ms = 1\n")};
  o.out = dir.file("r.jsonl");
  CHECK(prepare_sweep(o).cpu_moments.size() == static_cast<std::size_t>(default_check_reps));
  // Moments 0 and 1 recorded (one CPU's record is enough to mark its moment): the rest remain.
  const run_request req = cpu_moment_request();
  std::ofstream out(o.out);
  for (int m : {0, 1}) {
    record r;
    r.scenario = req.scenario;
    r.model = req.model;
    r.params = typed_params(find_scenario(req.scenario).spec, validate(req));
    r.rep = m;
    r.cpu = 0;
    r.experiment = std::string(fairness::cpus_experiment);
    out << to_json_line(r) << '\n';
  }
  out.close();
  o.resume = true;
  const auto resumed = prepare_sweep(o);
  CHECK(resumed.cpu_moments.size() == static_cast<std::size_t>(default_check_reps) - 2);
  CHECK(resumed.cpu_moments.front() == 2);
}

TEST_CASE("check: a CPU difference on a loaded machine says the load, which may be the cause") {
  auto s = moments(2, steady, cpu0_slower);
  for (auto& m : s) m.load = 7.5;
  const auto c = fairness::compare_cpus(s);
  CHECK(c.differ);
  CHECK(c.load == doctest::Approx(7.5));
  CHECK(fairness::describe(c, 0.03).find("(the machine's load was 7.5 on 2 CPUs: other programs on CPU 0 can make it so)") !=
        std::string::npos);
  CHECK(fairness::describe(fairness::compare_cpus(moments(2, steady, cpu0_slower)), 0.03).find("load") ==
        std::string::npos);
}

TEST_CASE("check: CPUs far apart at most moments but not the same way throughout are not named, and the gap is said") {
  std::vector<fairness::moment_sample> s;
  for (int m = 0; m < 9; ++m) {
    const double cpu1 = m < 2 ? 1.0 + 0.001 * (m == 0 ? -1 : 1) : 1.18;  // two moments alike, seven 18% apart
    s.push_back({m, 0, 1.0});
    s.push_back({m, 1, cpu1});
  }
  const auto c = fairness::compare_cpus(s);
  CHECK_FALSE(c.differ);
  CHECK(c.p >= 0.01);
  const std::string words = fairness::describe(c, 0.03);
  CAPTURE(words);
  CHECK(words.find("18.0% apart (median), but no CPU was slower throughout") != std::string::npos);
  CHECK(c.within == doctest::Approx(1.18));  // the report's margin for placed runs: what a moment can cost
}
