// Shards a scheduler names (--shard auto), and lab merge joining the shards of one sweep (issue 23).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "core/error.hpp"
#include "record/record.hpp"
#include "sweep/merge.hpp"
#include "sweep/results_file.hpp"
#include "sweep/scheduler_shard.hpp"
#include "sweep/sweep.hpp"
#include "temp_dir.hpp"

using namespace lab;
using lab::test::temp_dir;
namespace fs = std::filesystem;

namespace {

environment_lookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const char* name) -> std::optional<std::string> {
    const auto it = vars.find(name);
    return it == vars.end() ? std::nullopt : std::optional<std::string>(it->second);
  };
}

std::map<std::string, std::string> slurm_array(int id, int min, int max, int step, int count) {
  return {{"SLURM_ARRAY_TASK_ID", std::to_string(id)},    {"SLURM_ARRAY_TASK_MIN", std::to_string(min)},
          {"SLURM_ARRAY_TASK_MAX", std::to_string(max)},  {"SLURM_ARRAY_TASK_STEP", std::to_string(step)},
          {"SLURM_ARRAY_TASK_COUNT", std::to_string(count)}};
}

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const usage_error& e) {
    return e.what();
  }
  return "(not refused)";
}

}  // namespace

TEST_CASE("shard: --shard auto takes K/N from a Slurm job array, its IDs mapped onto 0..N-1") {
  const auto s = resolve_shard("auto", env_of(slurm_array(3, 0, 3, 1, 4)));
  CHECK(s.k == 3);
  CHECK(s.n == 4);
  // --array=5-8: IDs from 5; --array=0-6:2: every other ID.
  CHECK(resolve_shard("auto", env_of(slurm_array(6, 5, 8, 1, 4))).k == 1);
  const auto stepped = resolve_shard("auto", env_of(slurm_array(4, 0, 6, 2, 4)));
  CHECK(stepped.k == 2);
  CHECK(stepped.n == 4);
  CHECK(resolve_shard("auto/4", env_of(slurm_array(1, 0, 3, 1, 4))).k == 1);
  CHECK(resolve_shard("1/3", env_of(slurm_array(0, 0, 1, 1, 2))).n == 3);  // K/N given wins
}

TEST_CASE("shard: --shard auto/N takes K from GNU parallel's job number, which counts from 1") {
  const auto s = resolve_shard("auto/2", env_of({{"PARALLEL_SEQ", "2"}}));
  CHECK(s.k == 1);
  CHECK(s.n == 2);
}

TEST_CASE("shard: --shard auto refuses what names no shard, or an uneven one, saying why") {
  CHECK(refusal([] { resolve_shard("auto", env_of({})); }).find("no scheduler") != std::string::npos);
  CHECK(refusal([] { resolve_shard("auto/3", env_of({})); }).find("give --shard K/N") != std::string::npos);
  // --array=0,3,5: three tasks whose IDs cannot number the shards 0..2.
  CHECK(refusal([] { resolve_shard("auto", env_of(slurm_array(3, 0, 5, 1, 3))); }).find("not evenly spaced") !=
        std::string::npos);
  CHECK(refusal([] { resolve_shard("auto/3", env_of(slurm_array(1, 0, 3, 1, 4))); }).find("has 4 tasks") !=
        std::string::npos);
  CHECK(refusal([] { resolve_shard("auto", env_of({{"PARALLEL_SEQ", "1"}})); }).find("auto/N") != std::string::npos);
  CHECK(refusal([] { resolve_shard("auto/2", env_of({{"PARALLEL_SEQ", "3"}})); }).find("past 2") != std::string::npos);
  CHECK(refusal([] { resolve_shard("auto/2", env_of({{"PARALLEL_SEQ", "x"}})); }).find("not a job number") !=
        std::string::npos);
  auto both = slurm_array(0, 0, 1, 1, 2);
  both["PARALLEL_SEQ"] = "1";
  CHECK(refusal([&] { resolve_shard("auto/2", env_of(both)); }).find("both") != std::string::npos);
  CHECK(refusal([] { resolve_shard("auto/0", env_of({})); }).find("auto/N") != std::string::npos);
  auto no_count = slurm_array(0, 0, 1, 1, 2);
  no_count.erase("SLURM_ARRAY_TASK_COUNT");
  CHECK(refusal([&] { resolve_shard("auto", env_of(no_count)); }).find("SLURM_ARRAY_TASK_COUNT") != std::string::npos);
  CHECK(refusal([] { resolve_shard("3/2", env_of({})); }).find("K must be in 0..1") != std::string::npos);
}

namespace {

// Both shards of a two-run sweep of one config, into dir/s0.jsonl and dir/s1.jsonl.
void run_shards(const temp_dir& dir, const std::string& config_text, const std::string& prefix = "s") {
  for (int k = 0; k < 2; ++k) {
    sweep_settings o;
    o.check = false;
    o.configs = {dir.write("c" + prefix + ".ini", config_text)};
    o.out = dir.file(prefix + std::to_string(k) + ".jsonl");
    o.shard = std::to_string(k) + "/2";
    run_sweep(prepare_sweep(o), o, {LAB_BIN_DIR, nullptr, {}, {}, {}});
  }
}

const std::string two_runs = "[c]\nscenario = sleep\nmodels = serial\nreps = 2\nset.ms = 0\n";

std::string text_of(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("merge: the shards of one sweep make the plan, each run once, each record saying its shard and lab") {
  temp_dir dir;
  run_shards(dir, two_runs);
  const merge_settings m{{dir.file("s0.jsonl"), dir.file("s1.jsonl")}, dir.file("merged.jsonl"), false};
  const auto summary = merge_shards(m);
  CHECK(summary.records == 2);
  CHECK(summary.shards == 2);
  std::set<std::string> shards;
  std::istringstream lines(text_of(m.out));
  for (std::string line; std::getline(lines, line);) {
    const record r = record_from_line(line);
    shards.insert(r.shard.value_or(""));
    CHECK(r.lab_version == lab_version());
    CHECK(r.sweep_plan.has_value());
  }
  CHECK(shards == std::set<std::string>{"0/2", "1/2"});
  CHECK(text_of(m.out) == text_of(m.shards[0]) + text_of(m.shards[1]));
}

TEST_CASE("merge: shards of different sweeps, labs or schemas, a missing or repeated shard: refused, nothing written") {
  temp_dir dir;
  run_shards(dir, two_runs);
  run_shards(dir, "[c]\nscenario = sleep\nmodels = serial\nreps = 2\nset.ms = 1\n", "t");
  const std::string out = dir.file("merged.jsonl");
  auto refused = [&](std::vector<std::string> files) {
    return refusal([&] { merge_shards({files, out, false}); });
  };
  CHECK(refused({dir.file("s0.jsonl"), dir.file("t1.jsonl")}).find("different sweeps") != std::string::npos);
  CHECK(refused({dir.file("s0.jsonl")}).find("no record of shard 1/2") != std::string::npos);
  CHECK(refused({dir.file("s0.jsonl"), dir.file("s0.jsonl")}).find("given twice") != std::string::npos);
  fs::copy_file(dir.file("s0.jsonl"), dir.file("again.jsonl"));
  CHECK(refused({dir.file("s0.jsonl"), dir.file("again.jsonl"), dir.file("s1.jsonl")}).find("and again in") !=
        std::string::npos);
  // A shard from another lab: another version, or a record of another schema.
  std::string other = text_of(dir.file("s1.jsonl"));
  other.replace(other.find(lab_version()), lab_version().size(), "0.0 (workload 1)");
  dir.write("old.jsonl", other);
  CHECK(refused({dir.file("s0.jsonl"), dir.file("old.jsonl")}).find("lab version") != std::string::npos);
  std::string later = text_of(dir.file("s1.jsonl"));
  later.replace(later.find("\"schema\":1"), 10, "\"schema\":2");
  dir.write("later.jsonl", later);
  CHECK(refused({dir.file("s0.jsonl"), dir.file("later.jsonl")}).find("schema 2") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
  // An unsharded sweep's file is no shard.
  sweep_settings whole;
  whole.check = false;
  whole.configs = {dir.file("cs.ini")};
  whole.out = dir.file("whole.jsonl");
  run_sweep(prepare_sweep(whole), whole, {LAB_BIN_DIR, nullptr, {}, {}, {}});
  CHECK(refused({whole.out}).find("not a record of a sharded sweep") != std::string::npos);
  CHECK_FALSE(fs::exists(out));
}

TEST_CASE("merge: --out is written whole, never over an existing file without --fresh, never over a shard") {
  temp_dir dir;
  run_shards(dir, two_runs);
  const std::vector<std::string> shards{dir.file("s0.jsonl"), dir.file("s1.jsonl")};
  const std::string out = dir.write("merged.jsonl", "keep me\n");
  CHECK(refusal([&] { merge_shards({shards, out, false}); }).find("already exists") != std::string::npos);
  CHECK(text_of(out) == "keep me\n");
  CHECK(refusal([&] { merge_shards({shards, shards[0], true}); }).find("one of the shards") != std::string::npos);
  merge_shards({shards, out, true});
  CHECK(text_of(out) == text_of(shards[0]) + text_of(shards[1]));
}

TEST_CASE("resume: a results file of another lab's runs is not resumed by this one") {
  temp_dir dir;
  run_shards(dir, two_runs);
  std::string other = text_of(dir.file("s0.jsonl"));
  other.replace(other.find(lab_version()), lab_version().size(), "0.0 (workload 1)");
  dir.write("s0.jsonl", other);
  sweep_settings o;
  o.check = false;
  o.configs = {dir.file("cs.ini")};
  o.out = dir.file("s0.jsonl");
  o.shard = "0/2";
  o.resume = true;
  CHECK(refusal([&] { prepare_sweep(o); }).find("holds runs of lab 0.0") != std::string::npos);
  CHECK(text_of(o.out) == other);
}

TEST_CASE("merge: a shard a sweep is still writing is refused, naming the writer") {
  temp_dir dir;
  run_shards(dir, two_runs);
  const results_file writing(dir.file("s1.jsonl"), false);  // as a sweep holds its --out
  const std::string why =
      refusal([&] { merge_shards({{dir.file("s0.jsonl"), dir.file("s1.jsonl")}, dir.file("m.jsonl"), false}); });
  CHECK(why.find("is being written by") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.file("m.jsonl")));
}
