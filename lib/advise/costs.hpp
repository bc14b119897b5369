#pragma once
// What `lab advise` knows of a machine: the costs it measured (advise/calibrate.hpp), per
// model and for the machine, read back from the calibration's records so a results file
// carries them to another machine (`--costs FILE`).
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lab::advise {

struct model_costs {
  double spawn_s = 0;                   // starting one unit (spawn: per_unit_ns)
  // The CPU a unit's start costs beyond the spawner's share (spawn: sys + user ns per unit,
  // less per_unit_ns): a process's page faults and a thread's stack, run beside the others.
  double start_cpu_s = 0;
  double mem_per_unit_kib = 0;          // one unit alive (spawn: mem_per_unit_kib)
  std::optional<double> switch_s;       // one hand-off between two units (switch: switch_ns)
  std::optional<double> request_cpu_s;  // the client's CPU for one round trip on a fresh connection (io)
  std::optional<double> pooled_request_cpu_s;  // the same on a connection kept open (io, connections)
  // A fresh connection's client CPU with machine_costs::scale_units in flight, each waiting for
  // its answer: what many units cost the kernel beside the few of request_cpu_s (wake-ups,
  // context switches among more threads, connection tables).
  std::optional<double> request_cpu_at_scale_s;
  // The client's CPU a task costs beyond its steps and its requests, in a profile of waits and
  // CPU steps (calibration "task"): a process's wake-ups after a wait cost more than a thread's.
  double task_cpu_s = 0;
};

// The kernel's run queue, seen by a unit that shares its CPU with others (threads, a 1 ms CPU
// step, `units_per_cpu` units per CPU): the wait per second of CPU, and p99 / p50 latency.
struct run_queue_point {
  double units_per_cpu = 0;
  double wait_per_cpu_s = 0;
  double tail = 1;
};

struct machine_costs {
  std::string host;
  int cpus = 0;
  // The uniform kernel, what `cpu` steps run: the reference speed every cost below is taken at
  // (the median of the speeds probed beside the calibration's runs), and their range.
  double ns_per_sample = 0;
  double speed_min = 0, speed_max = 0;  // 0: a calibration written before the probes
  double server_ns_per_sample = 0;  // lab-server's Gaussian sum, what `request compute` runs
  double server_cpu_per_request_s = 0;         // a fresh connection's request: accept, answer, close
  double server_cpu_per_pooled_request_s = 0;  // on a connection kept open
  double server_cpu_per_request_at_scale_s = 0;  // a fresh connection's, scale_units in flight
  double few_units = 16;     // the units in flight of the request calibration
  double scale_units = 0;    // of the one at scale; 0: not measured (an older calibration)
  double memory_s_per_kib = 0;      // a memory step's CPU (page faults) per KiB it holds
  std::map<std::string, model_costs> models;  // by model name
  std::vector<run_queue_point> run_queue;     // ascending units_per_cpu
  double calibration_s = 0;                   // how long measuring them took
  // The p99 / p50 of a task whose units share CPUs `units_per_cpu` deep (1 below the first).
  double tail_at(double units_per_cpu) const;
  // A cost measured at few_units and at scale_units, at `units` in flight: linear in the
  // logarithm of the units between the two, held at the nearer one outside them (never
  // extrapolated).
  double at_units(double few, double at_scale, double units) const;
  // Client and server CPU of one round trip at `units` in flight (pooled: at few units).
  double request_cpu_s(const model_costs& m, bool pooled, double units) const;
  double server_request_cpu_s(bool pooled, double units) const;
  // These costs on the same machine running at `ns` per sample instead of ns_per_sample: every
  // CPU cost in proportion (a VM's speed moves by tens of percent within a minute, for all its
  // work alike); waits, shares and memory unchanged.
  machine_costs at_speed(double ns) const;
  // Of a fresh connection's server CPU, what its connection costs beyond a pooled request's:
  // lab-server accepts on one coroutine (net/server.cpp), so this part is served one at a time.
  double accept_s(bool pooled, double units) const;
};

}  // namespace lab::advise
