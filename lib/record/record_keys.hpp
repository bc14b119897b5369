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
inline constexpr const char* p99_margin = "p99_margin";
inline constexpr const char* sched = "sched";
inline constexpr const char* shard = "shard";
inline constexpr const char* sweep_plan = "sweep_plan";
inline constexpr const char* lab_version = "lab_version";

// Inside "sched": where a run's time went, from the kernel's accounting of its units
// (measure/unit_sched.hpp) and the driver's rusage.
namespace sched_keys {
inline constexpr const char* units = "units";              // units accounted
inline constexpr const char* on_cpu_s = "on_cpu_s";        // summed over units
inline constexpr const char* runq_wait_s = "runq_wait_s";  // summed over units: runnable, waiting for a CPU
inline constexpr const char* slices = "slices";            // summed over units
inline constexpr const char* start_span_s = "start_span_s";  // first unit started to last unit started
inline constexpr const char* unit_cpus = "unit_cpus";      // per unit, in start order: the CPUs it was seen on, its first CPU first
inline constexpr const char* minflt = "minflt";            // page faults of the run's processes (rusage)
inline constexpr const char* majflt = "majflt";
inline constexpr const char* load1 = "load1";  // the machine's 1-minute load average as the run ended
}  // namespace sched_keys

}  // namespace lab::record_keys
