#pragma once
// A sweep's plan: every run of every experiment, flat and deterministic, so the same
// configs give the same plan on every machine and `--shard K/N` partitions it.
//
// Order: config by config, experiment by experiment; an experiment runs `reps` rounds, and
// each round runs each of its points once in an order shuffled for that round. The round's
// shuffle seed is derived from the experiment's order_seed, its name and the round, and is
// recorded, so the order can be reproduced. Interleaving the models this way makes drift
// of a shared machine (other jobs, thermal throttling) hit every model alike instead of
// whichever happened to run last.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "driver/run_point.hpp"
#include "sweep/config.hpp"

namespace lab {

struct plan_entry {
  std::size_t index = 0;         // position in the whole plan: the record's "point"
  std::string config;            // the config's file name, without its folder
  std::string experiment;
  run_request request;           // model, scenario, resolved parameters, timeout
  boost::json::object params;    // typed, as the record holds them
  std::string label;             // the swept keys of this point, "workers=2"
  std::string point;             // identifies (experiment, scenario, model, params)
  int rep = 0;                   // the round; one run per point per round
  std::uint32_t order_seed = 0;  // of this round's shuffle
  int warmup = 0;                // unrecorded runs of the point before its first recorded one
  std::optional<adaptive_reps> adaptive;  // reps = auto: rounds past min_reps run only while needed
  std::string plan_hash;         // of the experiment's whole plan: the record's "plan" (--resume checks it)
  std::string p99_margin;        // the config's, "" = the report's default; judges, so not in the hash
};

std::vector<plan_entry> make_plan(const std::vector<experiment>& experiments);

// The identity of a run, for --resume: a plan entry and a record agree on it.
std::string point_key(std::string_view experiment, std::string_view scenario, std::string_view model,
                      const boost::json::object& params);
std::string run_key(const std::string& point, int rep);

// The per-round seed and the shuffle it drives: a fixed generator (splitmix64) and
// Fisher-Yates, so the order does not depend on the standard library.
std::uint32_t round_seed(std::uint32_t order_seed, std::string_view experiment, int round);
std::vector<std::size_t> shuffled_order(std::size_t n, std::uint32_t seed);

struct shard {
  std::size_t k = 0;
  std::size_t n = 1;
};
// "K/N" with 0 <= K < N; "" is the whole plan. Throws usage_error.
shard parse_shard(std::string_view text);
// Every N-th entry starting at K: the shards of one plan are disjoint and cover it.
std::vector<plan_entry> select_shard(const std::vector<plan_entry>& plan, shard s);

// The plan as a table, one entry a line (for --dry-run).
void write_plan(std::ostream& out, const std::vector<plan_entry>& entries);

}  // namespace lab
