#include "sweep/merge.hpp"

#include <unistd.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <variant>

#include "check/fairness.hpp"
#include "core/error.hpp"
#include "core/file_lock.hpp"
#include "core/line_reader.hpp"
#include "core/text.hpp"
#include "record/record.hpp"
#include "report/report.hpp"
#include "sweep/plan.hpp"

namespace lab {

namespace fs = std::filesystem;

namespace {

// A value seen first in one file, for saying where a disagreeing one came from.
struct first_seen {
  std::string value;
  std::string where;  // "FILE line N"
};

struct merge_state {
  merge_summary summary;
  std::optional<first_seen> version, sweep_plan, n;
  std::map<std::string, first_seen> plans;      // experiment -> its plan hash
  std::map<std::string, std::string> runs;      // run -> where
  std::set<std::size_t> shards_seen;
  std::set<std::string> hosts;
};

// Two values that must be one: the first seen stays, a different one is refused.
void agree(std::optional<first_seen>& seen, const std::string& value, const std::string& where, const std::string& what,
           const std::string& why) {
  if (!seen) {
    seen = first_seen{value, where};
    return;
  }
  if (seen->value != value)
    throw usage_error("merge: " + what + " " + quote(seen->value, 60) + " in " + seen->where + " but " +
                      quote(value, 60) + " in " + where + ": " + why + "; nothing was written");
}

// A record of another schema is a later (or earlier) lab's: never skipped quietly, as the
// report does, because merging would lose it.
void refuse_other_schema(const std::string& line, const std::string& where) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(line, ec);
  if (ec || !v.is_object()) return;
  const auto* schema = v.get_object().if_contains("schema");
  if (schema && schema->is_number() && schema->to_number<double>() != record_schema)
    throw usage_error("merge: " + where + " is a record of schema " + boost::json::serialize(*schema) +
                      ", this lab reads schema " + std::to_string(record_schema) +
                      ": a shard from another lab version; merge it with that lab. Nothing was written");
}

std::size_t shard_k(const record& r, merge_state& st, const std::string& where) {
  shard s;
  try {
    s = parse_shard(*r.shard);
  } catch (const usage_error&) {
    throw usage_error("merge: " + where + " has shard " + quote(*r.shard, 40) + ", not K/N with K < N");
  }
  agree(st.n, std::to_string(s.n), where, "shards of N =", "these are shards of two different splits of a sweep");
  return s.k;
}

// The shards' locks, held from the first read to the last: a shard a sweep is still writing
// (its task not finished, or resumed meanwhile) is refused, and none can start while merging.
class shard_locks {
 public:
  explicit shard_locks(const std::vector<std::string>& paths) {
    for (const auto& p : paths) {
      const int fd = open_regular_file(p, "lab merge cannot read " + p);
      fds_.push_back(fd);
      if (!try_lock_exclusive(fd))
        throw usage_error("merge: " + p + " is being written by " + lock_holder(fd) +
                          ": merge once every shard's sweep has ended; nothing was written");
    }
  }
  ~shard_locks() {
    for (int fd : fds_) ::close(fd);
  }
  shard_locks(const shard_locks&) = delete;
  shard_locks& operator=(const shard_locks&) = delete;

 private:
  std::vector<int> fds_;
};

// Every check of one record; `where` is "FILE line N".
void take(const record& r, merge_state& st, const std::string& where) {
  if (!r.shard || !r.sweep_plan || !r.experiment)
    throw usage_error("merge: " + where + " is not a record of a sharded sweep (it has no 'shard'): lab merge "
                      "joins the shards of one `lab sweep --shard`; `lab report` reads any results files side by side");
  agree(st.version, r.lab_version.value_or("(not recorded: an older lab)"), where, "lab version",
        "shards run by different labs may not measure alike");
  agree(st.sweep_plan, *r.sweep_plan, where, "sweep plan",
        "these are shards of different sweeps (other configs, a config changed between them, or one "
        "naming `cpus` planned on machines with different CPU counts)");
  if (r.plan) {
    std::optional<first_seen> seen;
    if (auto it = st.plans.find(*r.experiment); it != st.plans.end()) seen = it->second;
    agree(seen, *r.plan, where, "experiment '" + *r.experiment + "' planned as",
          "its config differs between the shards");
    st.plans.emplace(*r.experiment, *seen);
  }
  const std::size_t k = shard_k(r, st, where);
  st.shards_seen.insert(k);
  st.hosts.insert(r.machine.host);
  // The fairness check runs whole in every shard, on its own machine: its runs repeat by design.
  if (fairness::is_check_experiment(*r.experiment)) return;
  const std::string run = "'" + *r.experiment + "' point " + std::to_string(r.point.value_or(0)) + " round " +
                          std::to_string(r.round.value_or(r.rep));
  if (const auto [it, fresh] = st.runs.emplace(run, where); !fresh)
    throw usage_error("merge: run " + run + " is in " + it->second + " and again in " + where +
                      ": a shard given twice, or run twice into two files; nothing was written");
}

template <class Each>
void each_line(const std::string& path, Each&& each) {
  line_reader lines(open_regular_file(path, "lab merge cannot read " + path), "lab merge cannot read " + path);
  std::string line;
  while (lines.next(line))
    if (line.find_first_not_of(" \t\r") != std::string::npos) each(line, lines.line_no());
  if (lines.oversized() > 0)
    throw usage_error("merge: " + path + " line " + std::to_string(lines.first_oversized()) +
                      " is longer than any record; nothing was written");
}

void check_file(const std::string& path, merge_state& st) {
  each_line(path, [&](const std::string& line, std::size_t no) {
    const std::string where = path + " line " + std::to_string(no);
    refuse_other_schema(line, where);
    auto parsed = read_record_line(line);
    if (auto* r = std::get_if<record>(&parsed)) {
      take(*r, st, where);
      ++st.summary.records;
    } else if (st.summary.unreadable++ == 0) {
      st.summary.first_unreadable = where + ": " + std::get<std::string>(parsed);
    }
  });
}

void check_inputs(const merge_settings& s) {
  if (s.shards.empty()) throw usage_error("lab merge needs the shards' results files");
  if (s.out.empty()) throw usage_error("lab merge needs --out FILE");
  std::set<fs::path> seen;
  std::error_code ec;
  const fs::path out = fs::weakly_canonical(s.out, ec);
  for (const auto& f : s.shards) {
    const fs::path p = fs::weakly_canonical(f, ec);
    if (!seen.insert(p).second) throw usage_error("merge: " + f + " is given twice");
    if (p == out) throw usage_error("merge: --out " + s.out + " is one of the shards; choose another --out");
  }
  if (!s.fresh && fs::exists(fs::symlink_status(s.out, ec)))
    throw usage_error("merge: " + s.out + " already exists: --fresh to replace it, or another --out");
}

// The shards' record lines, verbatim, into a temporary beside --out, renamed over it once whole.
void write_merged(const merge_settings& s) {
  const fs::path out(s.out);
  if (out.has_parent_path()) fs::create_directories(out.parent_path());
  const std::string tmp = s.out + ".merging." + std::to_string(::getpid());
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    for (const auto& path : s.shards)
      each_line(path, [&](const std::string& line, std::size_t) {
        if (std::holds_alternative<record>(read_record_line(line))) f << line << '\n';
      });
    f.flush();
    if (!f) {
      const std::string why = std::strerror(errno);
      fs::remove(tmp);
      throw std::runtime_error("cannot write " + tmp + ": " + why + "; " + s.out + " is untouched");
    }
  }
  if (std::rename(tmp.c_str(), s.out.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    fs::remove(tmp);
    throw std::runtime_error("cannot rename " + tmp + " to " + s.out + ": " + why);
  }
}

}  // namespace

merge_summary merge_shards(const merge_settings& s) {
  check_inputs(s);
  const shard_locks locks(s.shards);
  merge_state st;
  for (const auto& path : s.shards) check_file(path, st);
  if (!st.n) throw usage_error("merge: the files given hold no records; nothing was written");
  st.summary.files = s.shards.size();
  st.summary.shards = std::stoul(st.n->value);
  for (std::size_t k = 0; k < st.summary.shards; ++k)
    if (!st.shards_seen.count(k))
      throw usage_error("merge: no record of shard " + std::to_string(k) + "/" + st.n->value +
                        " in the files given: give every shard's file (a task that failed or has not run yet?); "
                        "nothing was written");
  st.summary.lab_version = st.version->value;
  st.summary.hosts.assign(st.hosts.begin(), st.hosts.end());
  write_merged(s);
  return st.summary;
}

std::string describe(const merge_summary& m, const merge_settings& s) {
  std::string text = "merged " + std::to_string(m.shards) + " shards (" + std::to_string(m.records) + " records from " +
                     std::to_string(m.files) + " files, run on " + join(m.hosts, ", ") + ", lab " + m.lab_version +
                     ") into " + s.out;
  if (m.unreadable)
    text += "; " + std::to_string(m.unreadable) + " unreadable lines left out (first: " + m.first_unreadable + ")";
  return text;
}

}  // namespace lab
