// Results of several machines: each host judged on its own runs, side by side, and where the
// answer differs between them the report says so (report/across_machines.cpp, analysis.cpp).
#include <doctest/doctest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "render/gnuplot_process.hpp"
#include "report/report.hpp"
#include "report/scaling.hpp"
#include "report/verdict_parts.hpp"
#include "report_support.hpp"
#include "support.hpp"

using namespace lab;
using namespace lab::report;
using namespace lab::report_test;

namespace {

// tests/fixtures/two-hosts: real runs of this project's 2-CPU VM, and a second host derived
// from them (derive_second_host.py: threads at 2+ workers x0.75, procs x1.3, 4 CPUs).
std::vector<record> two_hosts() {
  const fs::path dir = fs::path(LAB_SOURCE_DIR) / "tests" / "fixtures" / "two-hosts";
  const auto loaded = read_results({(dir / "vm.jsonl").string(), (dir / "node4-derived.jsonl").string()});
  REQUIRE(loaded.warnings.empty());
  return loaded.records;
}

const analysed_experiment& on(const analysis& a, const std::string& host) {
  for (const auto& e : a.experiments)
    if (e.host == host) return e;
  FAIL("no experiment on " << host);
  return a.experiments.front();
}

}  // namespace

TEST_CASE("report: two hosts' runs of one experiment are never merged") {
  const auto rs = two_hosts();
  const auto a = analyze(rs);
  REQUIRE(a.machines.size() == 2);
  REQUIRE(a.experiments.size() == 2);  // one per host, though the name and the plan are the same
  const auto& vm = on(a, "vm");
  const auto& node = on(a, "node4-derived");
  CHECK(vm.cpus == 2);
  CHECK(node.cpus == 4);
  REQUIRE(vm.points.size() == node.points.size());
  for (std::size_t i = 0; i < vm.points.size(); ++i)
    for (std::size_t v = 0; v < vm.variants.size(); ++v) {
      INFO(describe(vm, vm.points[i]) << " " << vm.variants[v]);
      const cell& here = vm.points[i].cells[v];
      const cell& there = node.points[i].cells[variant_index(node, vm.variants[v])];
      // Merged, a cell would hold both hosts' 8 runs, and its median would lie between theirs.
      CHECK(here.values.size() == 8);
      CHECK(there.values.size() == 8);
      const double factor = vm.variant_models[v] == "procs"                                           ? 1.3
                            : vm.variant_models[v] == "threads" && *vm.points[i].at[0].num >= 2 ? 0.75
                                                                                                : 1.0;
      CHECK(there.value.median == doctest::Approx(here.value.median * factor).epsilon(1e-9));
    }
  // Each host's speedups are its own and fitted over its own CPUs.
  const auto vm_fits = scaling_fits(vm), node_fits = scaling_fits(node);
  REQUIRE(!vm_fits.empty());
  REQUIRE(!node_fits.empty());
  CHECK(vm_fits[0].most_cores() == 2);
  CHECK(node_fits[0].most_cores() == 4);
  // The glance table of one host shows that host's experiment only.
  CHECK(prose::glance_table(a, "vm").table.rows.size() == 1);
  CHECK(prose::glance_table(a, "node4-derived").table.rows.size() == 1);
  CHECK(prose::glance_table(a, "vm").table.rows[0][2] != prose::glance_table(a, "node4-derived").table.rows[0][2]);
}

TEST_CASE("report: two hosts side by side, and the difference in their answers said") {
  const std::string md = markdown_of(two_hosts());
  const auto said = md.find("For `cpu-scaling` the machines answer differently: on `vm` (2 CPUs) threads or "
                            "procs (fork), undecided, at `workers=4`; on `node4-derived` (4 CPUs) threads wins, at "
                            "`workers=4`.");
  REQUIRE(said != std::string::npos);
  CHECK(said < md.find("**On `vm`** (2 CPUs):"));  // before either machine's table: the first thing to know
  CHECK(md.find("### On `vm`") != std::string::npos);
  CHECK(md.find("### On `node4-derived`") != std::string::npos);
  CHECK(md.find("| node4-derived | 4 |") != std::string::npos);
  CHECK(md.find("| vm | 2 |") != std::string::npos);
  // One summary figure per machine, each with its own id in the page.
  lab::test::required_tool("gnuplot");
  const render::gnuplot_process gnuplot;
  std::ostringstream html;
  write_html(html, two_hosts(), html_options{&gnuplot});
  std::set<std::string> ids;
  const std::string page = html.str();
  for (auto at = page.find(" id=\""); at != std::string::npos; at = page.find(" id=\"", at + 1)) {
    const std::string id = page.substr(at + 5, page.find('"', at + 5) - at - 5);
    CHECK_MESSAGE(ids.insert(id).second, "id " << id << " twice");
  }
  CHECK(ids.count("summary-figure") == 1);
  CHECK(ids.count("summary-figure-2") == 1);
}

TEST_CASE("report: different winners on two machines: the answer depends on the machine") {
  std::vector<record> rs;
  for (int rep = 0; rep < 5; ++rep)
    for (const char* host : {"alpha", "beta"}) {
      const bool alpha = std::string(host) == "alpha";
      rs.push_back(run("cpu", "serial", {{"tasks", 4}}, rep, 2.0));
      for (int w : {1, 2}) {
        rs.push_back(run("cpu", "threads", {{"tasks", 4}, {"workers", w}}, rep, (alpha ? 1.0 : 1.4) / w));
        rs.push_back(run("cpu", "procs", {{"tasks", 4}, {"workers", w}, {"spawn", "fork"}}, rep, (alpha ? 1.4 : 1.0) / w));
      }
      for (std::size_t i = rs.size() - 5; i < rs.size(); ++i) rs[i].machine = test_machine(host);
    }
  tag(rs, 0, "scaling");
  const std::string md = markdown_of(rs);
  CHECK(md.find("**The answer depends on the machine** for `scaling`: on `alpha` (2 CPUs) threads wins, at "
                "`workers=2`; on `beta` (2 CPUs) procs (fork) wins, at `workers=2`.") != std::string::npos);
  // The same winner everywhere is said too, once, under the side-by-side table.
  for (auto& r : rs)
    if (r.machine.host == "beta" && r.model != "serial") r.wall_s = r.model == "threads" ? r.wall_s / 2 : r.wall_s * 2;
  const std::string same = markdown_of(rs);
  CHECK(same.find("depends on the machine") == std::string::npos);
  CHECK(same.find("For `scaling` each machine gives the same answer: threads wins.") != std::string::npos);
}
