// The fairness check in the report: a warning at the top where it failed, and its table
// under Method. The judgement itself is check/fairness.cpp's, the same `lab check` prints.
#include <cstdio>

#include "report/document.hpp"
#include "report/format.hpp"

namespace lab::report {

namespace {

std::string figure(double v, const std::string& unit) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.3f %s", v, unit.c_str());
  return buf;
}

std::string on_host(const analysis& a, const host_check& c) {
  return a.machines.size() > 1 ? " on `" + c.host + "`" : "";
}

}  // namespace

std::vector<block> check_warning(const analysis& a) {
  std::vector<block> out;
  for (const auto& c : a.checks) {
    const auto& r = c.result;
    const bool margin = r.placement_margin > 1 + r.tolerance;
    if (r.fair && !margin) continue;
    // Short where the models agree: the answer's table and figure must stay on the first screen.
    std::string text;
    if (r.too_noisy && !r.items.empty() && r.same_code && r.cpu_bias <= 1)
      text = "**The fairness check could not judge" + on_host(a, c) + ".** " + r.verdict + ".";
    else if (!r.fair)
      text = "**The fairness check failed" + on_host(a, c) + ".** " + r.verdict + ".";
    else if (r.cpus.differ)
      text = "**The machine's CPUs differ" + on_host(a, c) + ":** CPU " + std::to_string(r.slow_cpu) +
             " runs identical work " + fmt::percent(r.cpu_spread - 1) + " slower than CPU " +
             std::to_string(r.fast_cpu) + " at the same moments (the models agree; Method has the check).";
    else
      text = "**The machine is noisy" + on_host(a, c) + ":** at the same moment its CPUs ran identical work up to " +
             fmt::percent(r.placement_margin - 1) + " apart (the models agree; Method has the check).";
    if (r.cpu_bias > 1)
      text += " No CPU-bound winner is named by a margin below " + fmt::ratio(r.cpu_bias) +
              ": such a margin could be the bias, not the model (see Method).";
    if (margin)
      text += " Single-unit runs take the CPUs in turn and are compared round by round; a variant the kernel "
              "placed on fewer CPUs than there are wins only by more than " + fmt::ratio(r.placement_margin) + ".";
    out.push_back(paragraph(text));
  }
  return out;
}

std::vector<block> check_method(const analysis& a) {
  std::vector<block> out;
  out.push_back(heading(3, "Fairness check"));
  if (a.checks.empty()) {
    out.push_back(paragraph("These results hold no fairness check. `lab sweep` runs one first unless given "
                            "`--no-check`; `lab check` runs it alone."));
    return out;
  }
  out.push_back(paragraph(
      "Before its experiments, every sweep runs identical single-unit work in every model, interleaved: one "
      "task summing uniform samples and one summing Gaussian samples (the kernel's time per sample, from the "
      "task's CPU clock), one 20 ms sleep and one request to lab-server answered after 20 ms (as each "
      "model measured it). Round r runs every model pinned to the r-th CPU in turn, so every model sees "
      "every CPU alike. The CPUs are compared at the same moment: the CPU-bound work runs on every CPU at once, "
      "one pinned process each, started together, at several moments; each CPU's time over the moment's median "
      "cancels what the machine's speed did between moments. On identical work a model can differ only by bias: where its code sits, how it "
      "is measured. A model is *off* when its median is more than " +
      fmt::percent(a.checks.front().result.tolerance) +
      " above the fastest and a Mann-Whitney test gives p < 0.01; CPUs differ when one is slower than another "
      "by more than that at the same moments, the same way (signed-rank p < 0.01). A variant's runs spread wider "
      "than the tolerance leave the check without a verdict. Where either shows, no CPU-bound or mixed winner is named by a margin "
      "smaller than the largest such gap."));
  for (const auto& c : a.checks) {
    table t;
    t.header = {"work", "model", "runs", "median", "CV", "× fastest", "p", ""};
    t.numeric = {false, false, true, true, true, true, true, false};
    for (const auto& it : c.result.items)
      for (const auto& v : it.variants)
        t.rows.push_back({it.item, v.variant, std::to_string(v.n), figure(v.median, it.unit), fmt::percent(v.cv),
                          fmt::sig(v.ratio, 4), v.p >= 1 ? "—" : fmt::sig(v.p, 2), v.off ? "**off**" : ""});
    if (c.failed) t.notes.push_back(std::to_string(c.failed) + " of its " + std::to_string(c.runs) + " runs failed.");
    if (!c.result.same_code) t.notes.push_back("The records name more than one location of the kernel.");
    out.push_back(paragraph("**" + c.result.verdict + "**" + on_host(a, c) + "."));
    t.folded = "The check's figures, per work and model";
    block b = table_block(std::move(t));
    out.push_back(std::move(b));
  }
  return out;
}

}  // namespace lab::report
