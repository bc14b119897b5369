#include "sweep/config.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <charconv>
#include <limits>
#include <set>
#include <sstream>

#include <boost/program_options/options_description.hpp>
#include <boost/program_options/parsers.hpp>

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "core/text.hpp"
#include "report/load.hpp"
#include "scenario/scenario.hpp"
#include "sweep/config_file.hpp"
#include "sweep/cpu_terms.hpp"

namespace lab {

namespace po = boost::program_options;

namespace {

using config_file::at;
using config_file::section_line;

template <class Int>
bool parse_int(std::string_view s, Int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// ---- validating an experiment --------------------------------------------------------------

struct entry {
  int line = 0;
  std::string key;
  std::string value;
};

const char* const valid_keys =
    "scenario, models, reps, min_reps, max_reps, budget, warmup, timeout, order_seed, trace, p99_margin, set.KEY, "
    "sweep.KEY, "
    "MODEL.set.KEY";

class experiment_reader {
 public:
  experiment_reader(std::string file, const section_line& section, std::vector<entry> entries, int cpus)
      : file_(std::move(file)), entries_(std::move(entries)), cpus_(cpus) {
    e_.name = section.name;
    e_.file = file_;
    e_.line = section.line;
  }

  experiment read() {
    check_duplicates();
    read_scenario();
    read_models();
    for (const auto& en : entries_) read_entry(en);
    read_lcms();
    read_adaptive();
    if (runs_bound(e_) > max_runs)  // before expanding: the points themselves take memory
      throw usage_error(at(file_, e_.line) + "experiment '" + e_.name + "' plans more than " + std::to_string(max_runs) +
                        " runs (models x swept points x reps): split it over several sweeps");
    expand_points(e_);  // every point, every model, through lab::resolve
    return std::move(e_);
  }

 private:
  [[noreturn]] void fail(const entry& en, const std::string& what) const {
    throw usage_error(at(file_, en.line) + "key " + quote(en.key) + ": " + what);
  }

  const entry* find(const std::string& key) const {
    for (const auto& en : entries_)
      if (en.key == key) return &en;
    return nullptr;
  }

  void check_duplicates() const {
    std::map<std::string, int> param_line;  // KEY of set.KEY / sweep.KEY
    std::map<std::string, int> key_line;
    for (const auto& en : entries_) {
      if (const auto [it, fresh] = key_line.emplace(en.key, en.line); !fresh)
        fail(en, "given twice (first on line " + std::to_string(it->second) + ")");
      for (const char* prefix : {"set.", "sweep."}) {
        if (en.key.rfind(prefix, 0) != 0) continue;
        const std::string name = en.key.substr(std::char_traits<char>::length(prefix));
        if (auto it = param_line.find(name); it != param_line.end())
          fail(en, quote(name) + " is both fixed and swept (see line " + std::to_string(it->second) + ")");
        param_line[name] = en.line;
      }
    }
  }

  void read_adaptive() {
    const entry* lo = find("min_reps");
    const entry* hi = find("max_reps");
    const entry* budget = find("budget");
    if (!e_.adaptive) {
      for (const entry* en : {lo, hi, budget})
        if (en) fail(*en, "needs reps = auto (it bounds the adaptive repetitions)");
      return;
    }
    if (lo) e_.adaptive->min_reps = read_int(*lo, 1, 100000);
    if (hi) e_.adaptive->max_reps = read_int(*hi, 1, 100000);
    if (budget) e_.adaptive->budget = std::chrono::seconds(read_int(*budget, 0, 7 * 24 * 3600));
    if (e_.adaptive->min_reps > e_.adaptive->max_reps)
      fail(hi ? *hi : *lo, "max_reps (" + std::to_string(e_.adaptive->max_reps) + ") is below min_reps (" +
                               std::to_string(e_.adaptive->min_reps) + ")");
    e_.reps = e_.adaptive->max_reps;
  }

  void read_scenario() {
    const entry* en = find("scenario");
    if (!en) throw usage_error(at(file_, e_.line) + "experiment '" + e_.name + "': missing key 'scenario'");
    try {
      spec_ = &find_scenario(en->value).spec;
    } catch (const usage_error& err) {
      fail(*en, err.what());
    }
    e_.scenario = en->value;
  }

  void read_models() {
    const entry* en = find("models");
    if (!en) {
      e_.models = spec_->models();
      return;
    }
    for (const auto& item : split(en->value, ',')) {
      const std::string m = trim(item);
      if (m.empty()) fail(*en, en->value.empty() ? "no models given" : "empty item in " + quote(en->value));
      try {
        check_model(m);
        resolve(*spec_, m, {}, false);  // does the scenario run on it?
      } catch (const usage_error& err) {
        fail(*en, err.what());
      }
      if (std::find(e_.models.begin(), e_.models.end(), m) != e_.models.end())
        fail(*en, "model " + quote(m) + " is listed twice");
      e_.models.push_back(m);
    }
  }

  template <class Int>
  Int read_int(const entry& en, Int min, Int max) const {
    Int v{};
    if (!parse_int(en.value, v) || v < min || v > max)
      fail(en, "expected an integer in [" + std::to_string(min) + ", " + std::to_string(max) + "], got " +
                   quote(en.value));
    return v;
  }

  // Checks one value of a parameter against the scenario's spec; model: one it is for.
  void check_value(const entry& en, const std::string& model, const std::string& name,
                   const std::string& value) const {
    try {
      resolve(*spec_, model, {{name, value}}, false);
    } catch (const usage_error& err) {
      fail(en, err.what());
    }
  }

  const param_spec& spec_of(const entry& en, const std::string& name) const {
    for (const auto& p : spec_->params)
      if (p.name == name) return p;
    check_value(en, e_.models.front(), name, "");  // throws "unknown parameter", naming the valid ones
    fail(en, "unknown parameter " + quote(name));
  }

  static bool applies(const param_spec& p, const std::string& model) {
    return p.models.empty() || std::find(p.models.begin(), p.models.end(), model) != p.models.end();
  }

  void read_entry(const entry& en) {
    const std::string& k = en.key;
    if (k == "scenario" || k == "models") return;
    if (k == "reps") {
      if (en.value == "auto")
        e_.adaptive.emplace();
      else
        e_.reps = read_int(en, 1, 100000);
    } else if (k == "min_reps" || k == "max_reps" || k == "budget") {
      return;  // read with reps, in read_adaptive
    } else if (k == "warmup") {
      e_.warmup = read_int(en, 0, 1000);
    } else if (k == "timeout") {
      e_.timeout = std::chrono::seconds(read_int(en, 1, 7 * 24 * 3600));
    } else if (k == "order_seed") {
      e_.order_seed = read_int<std::uint32_t>(en, 0, std::numeric_limits<std::uint32_t>::max());
    } else if (k == "p99_margin") {
      if (!report::parse_p99_margin(en.value))
        fail(en, "expected a margin in ms or % of the floor, e.g. 1ms or 50%, got '" + en.value + "'");
      e_.p99_margin = en.value;
    } else if (k == "trace") {
      if (en.value != "true" && en.value != "false") fail(en, "expected true or false, got '" + en.value + "'");
      e_.trace = en.value == "true";
    } else if (k.rfind("set.", 0) == 0) {
      const std::string name = k.substr(4);
      spec_of(en, name);
      if (lcm_reference(en.value)) {  // filled in where it was written, so the plan keeps its order
        lcms_.push_back({en, e_.fixed.size()});
        e_.fixed.emplace_back(name, "");
        return;
      }
      const std::string value = machine_value(en);
      check_value(en, e_.models.front(), name, value);
      e_.fixed.emplace_back(name, value);
    } else if (k.rfind("sweep.", 0) == 0) {
      read_sweep(en, k.substr(6));
    } else if (auto dot = k.find(".set."); dot != std::string::npos) {
      read_model_set(en, k.substr(0, dot), k.substr(dot + 5));
    } else {
      fail(en, "unknown key (valid: " + std::string(valid_keys) + ")");
    }
  }

  void read_sweep(const entry& en, const std::string& name) {
    const param_spec& p = spec_of(en, name);
    if (std::none_of(e_.models.begin(), e_.models.end(), [&](const std::string& m) { return applies(p, m); }))
      fail(en, "parameter " + quote(name) + " applies to none of the models (" + join(e_.models, ", ") +
                   "), so sweeping it changes nothing");
    swept_param s{name, {}, en.line};
    try {
      s.values = expand_values(en.value, cpus_);
      if (names_cpus(en.value)) e_.cpus = cpus_;
    } catch (const usage_error& err) {
      fail(en, err.what());
    }
    for (const auto& v : s.values) check_value(en, e_.models.front(), name, v);
    e_.swept.push_back(std::move(s));
  }

  void read_model_set(const entry& en, const std::string& model, const std::string& name) {
    try {
      check_model(model);
    } catch (const usage_error& err) {
      fail(en, err.what());
    }
    if (std::find(e_.models.begin(), e_.models.end(), model) == e_.models.end())
      fail(en, "model " + quote(model) + " is not in this experiment's models (" + join(e_.models, ", ") + ")");
    const param_spec& p = spec_of(en, name);
    if (!applies(p, model)) fail(en, "parameter " + quote(name) + " does not apply to model " + quote(model));
    const std::string value = machine_value(en);
    check_value(en, model, name, value);
    e_.model_sets[model].emplace_back(name, value);
  }

  // A fixed value with `cpus` in it, as the number it stands for on this machine.
  std::string machine_value(const entry& en) {
    try {
      if (auto n = cpu_term(en.value, cpus_)) {
        e_.cpus = cpus_;
        return *n;
      }
    } catch (const usage_error& err) {
      fail(en, err.what());
    }
    return en.value;
  }

  // set.KEY = lcm(SWEPT): the least common multiple of SWEPT's values, so that tasks follow
  // a worker sweep that follows the machine.
  void read_lcms() {
    for (const auto& [en, slot] : lcms_) {
      const std::string& name = e_.fixed[slot].first;
      const std::string of = *lcm_reference(en.value);
      const auto s = std::find_if(e_.swept.begin(), e_.swept.end(), [&](const swept_param& p) { return p.key == of; });
      if (s == e_.swept.end()) fail(en, quote(en.value) + " needs sweep." + of + " in this experiment");
      std::string value;
      try {
        value = lcm_text(s->values);
      } catch (const usage_error& err) {
        fail(en, err.what());
      }
      check_value(en, e_.models.front(), name, value);
      e_.fixed[slot].second = value;
    }
  }

  std::string file_;
  std::vector<entry> entries_;
  experiment e_;
  const scenario_spec* spec_ = nullptr;
  int cpus_ = 0;
  std::vector<std::pair<entry, std::size_t>> lcms_;  // set.KEY = lcm(SWEPT) and its place in fixed
};

}  // namespace

std::vector<experiment> read_config(const std::string& path, int cpus) {
  return parse_config(path, config_file::read_text(path), cpus);
}

std::vector<experiment> parse_config(const std::string& path, std::string text, int cpus) {
  // Editors on some systems start UTF-8 files with a byte-order mark; it carries no meaning.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const config_file::file_layout layout = config_file::scan(path, text);

  const po::options_description none;  // every key comes back unregistered; we validate them
  po::parsed_options parsed(&none);
  try {
    std::istringstream in(text);
    parsed = po::parse_config_file(in, none, /*allow_unregistered=*/true);
  } catch (const po::error& err) {
    throw usage_error(path + ": " + err.what());
  }

  // program_options gives "section.key" in file order; match each to its line in the scan.
  std::map<std::string, std::vector<entry>> by_section;
  std::size_t next = 0;
  for (const auto& opt : parsed.options) {
    const std::string value = opt.value.empty() ? std::string() : opt.value.front();
    std::size_t i = next;
    while (i < layout.keys.size() && layout.keys[i].section + "." + layout.keys[i].key != opt.string_key) ++i;
    if (i == layout.keys.size())  // not where the scan put it: report without a line
      throw usage_error(path + ": key " + quote(opt.string_key) + " could not be placed in an experiment");
    by_section[layout.keys[i].section].push_back({layout.keys[i].line, layout.keys[i].key, value});
    next = i + 1;
  }

  std::vector<experiment> out;
  for (const auto& section : layout.sections)
    out.push_back(experiment_reader(path, section, by_section[section.name], cpus).read());
  return out;
}

std::vector<experiment> read_configs(const std::vector<std::string>& paths, int cpus) {
  std::vector<experiment> all;
  std::map<std::string, std::size_t> index;  // name -> position in `all`
  std::size_t runs = 0;
  for (const auto& path : paths) {
    for (auto& e : read_config(path, cpus)) {
      if (const auto [it, fresh] = index.emplace(e.name, all.size()); !fresh) {
        const experiment& prev = all[it->second];
        throw usage_error(at(e.file, e.line) + "experiment '" + e.name + "' is also defined in " +
                          prev.file + ":" + std::to_string(prev.line) +
                          " (names must be unique over the configs of a sweep)");
      }
      runs += runs_bound(e);  // each is at most max_runs: no overflow
      if (runs > max_runs)
        throw usage_error(at(e.file, e.line) + "with experiment '" + e.name + "' the sweep plans more than " +
                          std::to_string(max_runs) + " runs (split it over several sweeps)");
      all.push_back(std::move(e));
    }
  }
  return all;
}

}  // namespace lab
