#include "sweep/config.hpp"

#include <fcntl.h>
#include <unistd.h>

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
#include "core/line_reader.hpp"
#include "core/text.hpp"
#include "report/load.hpp"
#include "scenario/scenario.hpp"

namespace lab {

namespace po = boost::program_options;

namespace {

constexpr std::size_t max_config_bytes = std::size_t(64) << 20;

template <class Int>
bool parse_int(std::string_view s, Int& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && !s.empty();
}

// ---- reading the file ----------------------------------------------------------------------

// Where each section and key is: program_options parses, but keeps no line numbers.
// This scan follows its rules (comments from '#', whitespace trimmed, "[name]" starts a
// section, "key = value").
struct key_line {
  int line = 0;
  std::string section;
  std::string key;
};

struct section_line {
  int line = 0;
  std::string name;
};

struct file_layout {
  std::vector<section_line> sections;
  std::vector<key_line> keys;
};

std::string at(const std::string& file, int line) { return file + ":" + std::to_string(line) + ": "; }

bool valid_name(const std::string& name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '-' || c == '_';
  });
}

file_layout scan(const std::string& file, const std::string& text) {
  file_layout layout;
  std::istringstream in(text);
  std::string s;
  std::string section;
  std::map<std::string, int> first_line;  // of each section: a lookup, not a scan of the ones before
  int line = 0;
  while (std::getline(in, s)) {
    ++line;
    if (auto hash = s.find('#'); hash != std::string::npos) s.resize(hash);
    s = trim(s);
    if (s.empty()) continue;
    if (s.front() == '[' && s.back() == ']') {
      section = s.substr(1, s.size() - 2);
      if (!valid_name(section))
        throw usage_error(at(file, line) + "bad experiment name " + quote(section) +
                          " (use letters, digits, '-' and '_')");
      if (const auto [it, fresh] = first_line.emplace(section, line); !fresh)
        throw usage_error(at(file, line) + "experiment '" + section + "' is defined twice (first on line " +
                          std::to_string(it->second) + ")");
      layout.sections.push_back({line, section});
    } else if (auto eq = s.find('='); eq != std::string::npos) {
      const std::string key = trim(std::string_view(s).substr(0, eq));
      if (key.empty()) throw usage_error(at(file, line) + "a key is missing before '='");
      if (section.empty())
        throw usage_error(at(file, line) + "key " + quote(key) + " is outside an experiment: start one with [NAME]");
      layout.keys.push_back({line, section, key});
    } else {
      throw usage_error(at(file, line) + "cannot read " + quote(s) + " (expected 'key = value' or '[experiment]')");
    }
  }
  if (layout.sections.empty()) throw usage_error(file + ": no experiments (start one with [NAME])");
  return layout;
}

// read(2), not a stream: a stream turns a failed read (EIO, EISDIR) into a quiet end of
// file, and the config would look empty ("no experiments") instead of unreadable.
std::string read_text(const std::string& path) {
  const int fd = open_regular_file(path, path + ": cannot read config");
  std::string text;
  char buf[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw usage_error(path + ": cannot read config: " + (err == EISDIR ? "it is a directory" : std::strerror(err)));
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > max_config_bytes) {
      ::close(fd);
      throw usage_error(path + ": cannot read config: larger than " + std::to_string(max_config_bytes >> 20) +
                        " MiB");
    }
    text.append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return text;
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
  experiment_reader(std::string file, const section_line& section, std::vector<entry> entries)
      : file_(std::move(file)), entries_(std::move(entries)) {
    e_.name = section.name;
    e_.file = file_;
    e_.line = section.line;
  }

  experiment read() {
    check_duplicates();
    read_scenario();
    read_models();
    for (const auto& en : entries_) read_entry(en);
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
      check_value(en, e_.models.front(), name, en.value);
      e_.fixed.emplace_back(name, en.value);
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
      s.values = expand_values(en.value);
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
    check_value(en, model, name, en.value);
    e_.model_sets[model].emplace_back(name, en.value);
  }

  std::string file_;
  std::vector<entry> entries_;
  experiment e_;
  const scenario_spec* spec_ = nullptr;
};

}  // namespace

std::vector<experiment> read_config(const std::string& path) { return parse_config(path, read_text(path)); }

std::vector<experiment> parse_config(const std::string& path, std::string text) {
  // Editors on some systems start UTF-8 files with a byte-order mark; it carries no meaning.
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  const file_layout layout = scan(path, text);

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
    out.push_back(experiment_reader(path, section, by_section[section.name]).read());
  return out;
}

std::vector<experiment> read_configs(const std::vector<std::string>& paths) {
  std::vector<experiment> all;
  std::map<std::string, std::size_t> index;  // name -> position in `all`
  std::size_t runs = 0;
  for (const auto& path : paths) {
    for (auto& e : read_config(path)) {
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
