// lab: parse, call the library, print. Usage errors end here with one line and status 2.
#include <unistd.h>

#include <iostream>
#include <variant>

#include "advise/advice_writer.hpp"
#include "check/fairness.hpp"
#include "cli/cli.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "driver/repeat.hpp"
#include "output/check_writer.hpp"
#include "output/checked_stream.hpp"
#include "output/list_writer.hpp"
#include "output/record_beside_trace.hpp"
#include "output/record_writer.hpp"
#include "output/repeat_summary.hpp"
#include "render/gnuplot_process.hpp"
#include "report/report.hpp"
#include "scenario/scenario.hpp"
#include "sweep/merge.hpp"
#include "sweep/stop_signals.hpp"
#include "sweep/sweep.hpp"
#include "trace/session.hpp"

namespace {

int run(const lab::run_options& o) {
  lab::validate(o.request);
  const std::string bin_dir = lab::default_bin_dir();
  lab::json_lines_writer json(std::cout);
  lab::table_writer table(std::cout);
  lab::record_writer& out = o.json ? static_cast<lab::record_writer&>(json) : table;
  // SIGINT/SIGTERM end the run in flight; the records before it are kept; exit 130.
  lab::stop_signals stop;
  const auto outcome = lab::run_repeated(
      o.request, o.reps, bin_dir, o.trace_dir,
      [&](const lab::record& r) {
        out.write(r);
        if (!r.trace) return;
        const std::string beside = lab::write_record_beside_trace(r);
        // The record beside the trace is what `lab report TRACE` reads.
        std::cerr << "lab: trace " << lab::trace::describe(*r.trace)
                  << (beside.empty() ? "" : ", its record " + beside) << '\n';
      },
      [&] { return stop.requested(); });
  // After several runs, what they add up to; beside JSON lines it goes to stderr.
  if (outcome.runs > 1) lab::write_repeat_summary(o.json ? std::cerr : std::cout, outcome);
  return outcome.interrupted ? 130 : 0;
}

// SIGINT/SIGTERM stop the sweep between records (the run in flight is ended); exit 130.
int sweep(const lab::sweep_options& o) {
  const lab::sweep_work work = lab::prepare_sweep(o.settings);
  if (o.settings.dry_run) {
    lab::write_plan(std::cout, work);
    return 0;
  }
  lab::stop_signals stop;
  const auto progress = lab::make_progress(std::cerr, ::isatty(STDERR_FILENO) != 0);
  const auto summary = lab::run_sweep(work, o.settings, {lab::default_bin_dir(), progress.get(), [&] { return stop.requested(); }, {}, {}});
  std::cerr << "lab sweep: " << lab::describe(summary, work, o.settings) << '\n';
  return summary.interrupted ? 130 : 0;
}
// The fairness check: its records go to --out (and stdout with --json); the verdict last.
int check(const lab::check_options& o) {
  const lab::sweep_work work = lab::prepare_check(o.reps);
  lab::stop_signals stop;
  const auto progress = lab::make_progress(std::cerr, ::isatty(STDERR_FILENO) != 0);
  lab::json_lines_writer json(std::cout);
  std::vector<lab::fairness::sample> samples;
  std::vector<lab::fairness::moment_sample> moments;
  lab::sweep_settings as_sweep;
  as_sweep.out = o.out;
  const auto summary = lab::run_sweep(work, as_sweep,
                                      {lab::default_bin_dir(), progress.get(), [&] { return stop.requested(); },
                                       [&](const lab::record& r) {
                                         if (o.json) json.write(r);
                                         if (auto s = lab::fairness::sample_of(r)) samples.push_back(*s);
                                         if (auto m = lab::fairness::moment_sample_of(r)) moments.push_back(*m);
                                       },
                                       {}});
  if (summary.interrupted) return 130;
  const auto verdict = lab::fairness::judge(samples, moments);
  if (o.json)
    std::cerr << "lab check: " << verdict.verdict << '\n';
  else
    lab::write_check(std::cout, verdict);
  return 0;
}

// The advice on stdout; the calibration's and verification's progress on stderr. Exit 130 if stopped.
int advise(const lab::advise_options& o) {
  lab::stop_signals stop;
  const auto progress = lab::make_progress(std::cerr, ::isatty(STDERR_FILENO) != 0);
  const auto advice = lab::advise::run_advise(o.request, {lab::default_bin_dir(), progress.get(), [&] { return stop.requested(); }, {}, {}});
  if (advice.interrupted) return 130;
  lab::advise::write_advice(std::cout, advice, o.request);
  return 0;
}

// The shards of one sweep into one file; what was merged on stderr.
int merge(const lab::merge_options& o) {
  const auto summary = lab::merge_shards(o.settings);
  std::cerr << "lab merge: " << lab::describe(summary, o.settings) << '\n';
  return 0;
}

int report(const lab::report_options& o) {
  const lab::render::gnuplot_process gnuplot;
  lab::report::html_options html;
  html.renderer = &gnuplot;
  html.charts = o.charts;
  std::cout << lab::write_report(o.results, o.out_dir, html).text();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const auto cmd = lab::parse_command_line(argc, argv);
    const int status = std::visit(
        [](const auto& o) -> int {
          using T = std::decay_t<decltype(o)>;
          if constexpr (std::is_same_v<T, lab::run_options>) return run(o);
          if constexpr (std::is_same_v<T, lab::sweep_options>) return sweep(o);
          if constexpr (std::is_same_v<T, lab::report_options>) return report(o);
          if constexpr (std::is_same_v<T, lab::merge_options>) return merge(o);
          if constexpr (std::is_same_v<T, lab::check_options>) return check(o);
          if constexpr (std::is_same_v<T, lab::advise_options>) return advise(o);
          if constexpr (std::is_same_v<T, lab::list_options>) {
            lab::write_list(std::cout, lab::scenario_specs());
            return 0;
          }
          if constexpr (std::is_same_v<T, lab::help_options>) {
            (o.misuse ? std::cerr : std::cout) << o.text;
            return o.misuse ? 2 : 0;
          }
        },
        cmd);
    lab::flush_or_throw(std::cout);  // every command's output, whole, or exit 1
    return status;
  } catch (const lab::usage_error& e) {
    std::cerr << "lab: " << lab::one_line(e.what()) << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "lab: " << lab::one_line(e.what()) << '\n';
    return 1;
  }
}
