#include "cli/cli.hpp"

#include <boost/program_options.hpp>
#include <filesystem>
#include <sstream>

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "core/params.hpp"
#include "core/text.hpp"
#include "scenario/profile_steps.hpp"
#include "record/record.hpp"
#include "workload/sum.hpp"

namespace lab {

namespace po = boost::program_options;

namespace {

// "serial, threads, procs and async": the catalog's models in words.
std::string models_in_words() {
  std::string s = join(model_names(), ", ");
  const auto last = s.rfind(", ");
  return last == std::string::npos ? s : s.replace(last, 2, " and ");
}

const std::string overview =
    "concurrency lab: the same workloads under " + models_in_words() + ", measured.\n\n"
    "  lab [run] --model=M --scenario=S [--set key=value]... [--reps N|auto] [--json] [--timeout S] [--trace DIR]\n"
    "  lab sweep CONFIG.ini... [--out results.jsonl] [--shard K/N|auto|auto/N] [--resume] [--fresh] [--dry-run] [--no-check]\n"
    "  lab merge SHARD.jsonl... --out merged.jsonl [--fresh]\n"
    "                               the shards of one sweep, checked and joined into one file\n"
    "  lab report RESULTS.jsonl|TRACE.trace.json|TRACES_DIR... [--out DIR] [--no-charts]\n"
    "  lab list                     scenarios, models, parameters, defaults\n"
    "  lab check [--reps N] [--out results.jsonl] [--json]\n"
    "                               identical work in every model: is the comparison fair?\n"
    "  lab advise PROFILE|--set steps=... [--cpus N] [--concurrency N | --rate R] [--memory SIZE] [--p99 T]\n"
    "             [--costs FILE] [--out advise.jsonl] [--no-verify]\n"
    "                               predict every model on the machine you deploy on, then verify here\n"
    "  lab --version                the lab's, its workload's and Boost's versions\n\n"
    "Experiments ready to run are in configs/ (quick.ini: every model on every scenario, ~2 min):\n"
    "  lab sweep configs/quick.ini --out results/demo.jsonl --fresh && lab report results/demo.jsonl --out report\n"
    "  lab --model=async --scenario=sleep --set tasks=8 --set ms=20 --reps auto\n"
    "  lab --model=async --scenario=mixed --trace traces/ && lab report traces/ --out report\n";

std::string version_text() {
  std::string boost = LAB_BOOST_VERSION;
  return "lab " LAB_VERSION " (record schema " + std::to_string(record_schema) + ", workload " +
         std::to_string(workload_version) + "), Boost " + boost + "\n";
}

std::string help_of(const po::options_description& d) {
  std::ostringstream s;
  s << overview << '\n' << d;
  return s.str();
}

po::variables_map parse(const po::options_description& all,
                        const po::positional_options_description& pos, const std::vector<std::string>& args) {
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    throw usage_error(std::string(e.what()) + " (see lab --help)");
  }
  return vm;
}

// Boost.Program_options erases each token it parses from the front of a vector, which is
// quadratic in the number of tokens (60,000 --set options: 18 s). --set is the one option
// given many times, so its "--set K=V" and "--set=K=V" are taken out first, in order.
std::vector<std::string> take_sets(std::vector<std::string>& args) {
  std::vector<std::string> sets, rest;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--set" && i + 1 < args.size())
      sets.push_back(args[++i]);
    else if (args[i].rfind("--set=", 0) == 0)
      sets.push_back(args[i].substr(6));
    else
      rest.push_back(std::move(args[i]));
  }
  args = std::move(rest);
  return sets;
}

command parse_run(std::vector<std::string> args) {
  run_options o;
  std::string reps;
  std::vector<std::string> sets = take_sets(args);
  std::vector<std::string> more_sets;  // any spelling take_sets left to program_options
  int timeout = 600;
  po::options_description d("run options");
  d.add_options()("model", po::value(&o.request.model)->required(), join(model_names(), " | ").c_str())(
      "scenario", po::value(&o.request.scenario)->required(), "scenario (see lab list)")(
      "set", po::value(&more_sets)->composing(), "key=value parameter, repeatable")(
      "reps", po::value(&reps)->default_value("1"), "repetitions, or auto (3 to 30, until the median is known to ±2%)")("json", po::bool_switch(&o.json),
                                                                   "one JSON record per line")(
      "timeout", po::value(&timeout)->default_value(600), "seconds before a run is killed")(
      "trace", po::value(&o.trace_dir), "also write each run's timeline into DIR (Trace Event Format JSON), its record beside it (lab report DIR)")(
      "help,h", "this help");
  po::positional_options_description none;
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(d).positional(none).run(), vm);
    if (vm.count("help")) return help_options{help_of(d)};
    po::notify(vm);
  } catch (const po::error& e) {
    throw usage_error(std::string(e.what()) + " (see lab --help)");
  }
  if (reps == "auto") {
    o.reps = 0;
  } else {
    try {
      std::size_t used = 0;
      o.reps = std::stoi(reps, &used);
      if (used != reps.size()) throw std::invalid_argument(reps);
    } catch (const std::exception&) {
      throw usage_error("--reps must be a number or auto, not '" + reps.substr(0, 40) + "'");
    }
    if (o.reps < 1 || o.reps > 100000) throw usage_error("--reps must be between 1 and 100000, or auto");
  }
  if (timeout < 1) throw usage_error("--timeout must be at least 1 second");
  if (vm.count("trace") && o.trace_dir.empty()) throw usage_error("--trace needs a folder");
  o.request.timeout = std::chrono::seconds(timeout);
  sets.insert(sets.end(), more_sets.begin(), more_sets.end());
  for (const auto& s : sets) o.request.sets.push_back(split_assignment(s));
  return o;
}

command parse_sweep(const std::vector<std::string>& args) {
  sweep_options options;
  sweep_settings& o = options.settings;
  bool no_check = false;
  po::options_description d("sweep options");
  d.add_options()("out", po::value(&o.out)->default_value(o.out), "JSON Lines file the records are appended to")(
      "shard", po::value(&o.shard), "K/N: run every N-th point starting at K (0-based); auto: K/N from the Slurm job array; "
      "auto/N: from GNU parallel's job number ({#}), or the Slurm array's checked against N")(
      "resume", po::bool_switch(&o.resume), "skip points already recorded in --out")(
      "fresh", po::bool_switch(&o.fresh), "truncate --out first")(
      "dry-run", po::bool_switch(&o.dry_run), "list the points, run nothing")(
      "no-check", po::bool_switch(&no_check), "skip the fairness check (lab check) that runs first")("help,h", "this help");
  po::options_description all;
  all.add(d).add_options()("config", po::value(&o.configs));
  po::positional_options_description pos;
  pos.add("config", -1);
  auto vm = parse(all, pos, args);
  if (vm.count("help")) return help_options{help_of(d)};
  if (o.configs.empty()) throw usage_error("lab sweep needs at least one CONFIG.ini");
  o.check = !no_check;
  return options;
}

command parse_merge(const std::vector<std::string>& args) {
  merge_options o;
  po::options_description d("merge options");
  d.add_options()("out", po::value(&o.settings.out), "the merged JSON Lines file")(
      "fresh", po::bool_switch(&o.settings.fresh), "replace --out if it exists")("help,h", "this help");
  po::options_description all;
  all.add(d).add_options()("shards", po::value(&o.settings.shards));
  po::positional_options_description pos;
  pos.add("shards", -1);
  auto vm = parse(all, pos, args);
  if (vm.count("help")) return help_options{help_of(d)};
  if (o.settings.shards.empty()) throw usage_error("lab merge needs the shards' results files");
  if (o.settings.out.empty()) throw usage_error("lab merge needs --out FILE for the merged results");
  return o;
}

command parse_report(const std::vector<std::string>& args) {
  report_options o;
  po::options_description d("report options");
  bool no_charts = false;
  d.add_options()("out", po::value(&o.out_dir)->default_value(o.out_dir), "folder for report.md, report.html, results.csv")(
      "no-charts", po::bool_switch(&no_charts), "tables only, no gnuplot")("help,h", "this help");
  po::options_description all;
  all.add(d).add_options()("results", po::value(&o.results));
  po::positional_options_description pos;
  pos.add("results", -1);
  auto vm = parse(all, pos, args);
  if (vm.count("help")) return help_options{help_of(d)};
  if (o.results.empty()) throw usage_error("lab report needs at least one RESULTS.jsonl, trace or folder of traces");
  if (o.out_dir.empty()) throw usage_error("--out needs a folder");
  o.charts = !no_charts;
  return o;
}

command parse_check(const std::vector<std::string>& args) {
  check_options o;
  po::options_description d("check options");
  d.add_options()("reps", po::value(&o.reps)->default_value(0), "rounds; 0 = the default (9)")(
      "out", po::value(&o.out), "also append the records to this JSON Lines file")(
      "json", po::bool_switch(&o.json), "the records on stdout, one per line, instead of the table")("help,h",
                                                                                                  "this help");
  po::positional_options_description none;
  auto vm = parse(d, none, args);
  if (vm.count("help")) return help_options{help_of(d)};
  if (o.reps < 0 || o.reps > 1000) throw usage_error("--reps must be between 1 and 1000 (0 = the default)");
  return o;
}

// A size or a time as a profile's steps write them ("512MiB", "200ms"): one parser for both.
double step_quantity(const std::string& option, const std::string& kind, const std::string& text) {
  try {
    const auto steps = parse_steps(kind + " " + text);
    if (steps.size() == 1) return kind == "memory" ? static_cast<double>(steps[0].kib) : steps[0].seconds;
  } catch (const usage_error&) {
  }
  throw usage_error(option + " takes " + (kind == "memory" ? "a size such as 512MiB or 8GiB" : "a time such as 200ms or 1s") +
                    ", not " + quote(text, 40));
}

command parse_advise(std::vector<std::string> args) {
  advise_options o;
  auto& r = o.request;
  for (const auto& s : take_sets(args)) r.sets.push_back(split_assignment(s));
  int cpus = 0;
  double concurrency = 0, rate = 0;
  std::string memory, p99;
  po::options_description d("advise options");
  d.add_options()("cpus", po::value(&cpus), "the target machine's CPUs (default: this machine's)")(
      "concurrency", po::value(&concurrency), "units in flight (default: the profile's)")(
      "rate", po::value(&rate), "open loop: tasks offered per second")(
      "memory", po::value(&memory), "memory budget, e.g. 8GiB")("p99", po::value(&p99), "latency target, e.g. 200ms")(
      "costs", po::value(&r.costs_file), "this machine's costs from an earlier lab advise's results (skip calibrating)")(
      "out", po::value(&r.out)->default_value(r.out), "JSON Lines file for the calibration, verification and predictions")(
      "no-verify", "predict only: do not run the profile here")(
      "verify-max", po::value(&r.verify_max_units)->default_value(r.verify_max_units), "largest concurrency verified here")(
      "calibrate-at", po::value(&r.calibrate_at)->default_value(r.calibrate_at),
      "units in flight of the request calibration at scale, within the machine's limits (0: none)")(
      "help,h", "this help");
  po::options_description all;
  all.add(d).add_options()("profile", po::value(&r.profile));
  po::positional_options_description pos;
  pos.add("profile", 1);
  auto vm = parse(all, pos, args);
  if (vm.count("help")) return help_options{help_of(d)};
  if (vm.count("cpus")) {
    if (cpus < 1 || cpus > 100000) throw usage_error("--cpus must be between 1 and 100000");
    r.cpus = cpus;
  }
  if (vm.count("concurrency")) {
    if (concurrency < 1 || concurrency > 1e7) throw usage_error("--concurrency must be between 1 and 10000000");
    r.concurrency = concurrency;
  }
  if (vm.count("rate")) {
    if (!(rate > 0) || rate > 1e8) throw usage_error("--rate must be above 0 and at most 100000000 tasks per second");
    r.rate = rate;
  }
  if (vm.count("memory")) r.memory_kib = step_quantity("--memory", "memory", memory);
  if (vm.count("p99")) r.p99_s = step_quantity("--p99", "sleep", p99);
  if (r.verify_max_units < 1) throw usage_error("--verify-max must be at least 1");
  if (r.calibrate_at > 100000) throw usage_error("--calibrate-at must be at most 100000");
  r.verify = !vm.count("no-verify");
  if (r.out.empty()) throw usage_error("--out needs a file");
  return o;
}

}  // namespace

command parse_command_line(int argc, const char* const* argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return help_options{overview, true};
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return help_options{overview};
  if (args[0] == "--version") return help_options{version_text()};
  const std::string first = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  if (first == "run") return parse_run(std::move(rest));
  if (first == "sweep") return parse_sweep(rest);
  if (first == "report") return parse_report(rest);
  if (first == "merge") return parse_merge(rest);
  if (first == "check") return parse_check(rest);
  if (first == "advise") return parse_advise(std::move(rest));
  if (first == "list") {
    if (rest.size() == 1 && (rest[0] == "--help" || rest[0] == "-h"))
      return help_options{overview + "\nlab list takes no options: it prints every scenario, model and parameter.\n"};
    if (!rest.empty()) throw usage_error("lab list takes no arguments");
    return list_options{};
  }
  if (first.rfind("--", 0) == 0) return parse_run(std::move(args));
  throw usage_error("unknown command '" + first + "' (choose run, sweep, merge, report, list, check, advise, or --model=...)");
}

}  // namespace lab
