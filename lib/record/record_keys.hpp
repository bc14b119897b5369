#pragma once
// The JSON names of the record's keys outside the contract (docs/record.md) that the lab itself
// writes and reads. Only the codec spells them; everything else uses the record's typed members.
namespace lab::record_keys {

inline constexpr const char* server = "server";
inline constexpr const char* cpu = "cpu";
inline constexpr const char* task_hash = "task_hash";
inline constexpr const char* run_s = "run_s";
inline constexpr const char* code = "code";
inline constexpr const char* trace = "trace";
inline constexpr const char* experiment = "experiment";
inline constexpr const char* config = "config";
inline constexpr const char* round = "round";
inline constexpr const char* order_seed = "order_seed";
inline constexpr const char* point = "point";
inline constexpr const char* warmup = "warmup";
inline constexpr const char* plan = "plan";
inline constexpr const char* sweep_s = "sweep_s";

}  // namespace lab::record_keys
