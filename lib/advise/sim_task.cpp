#include "advise/sim_task.hpp"

#include <algorithm>
#include <cmath>

namespace lab::advise {

namespace {

enum station_index { cpus_at = 0, threads_at = 1, pool_at = 2, lock_at = 3, connections_at = 4, acceptor_at = 5 };

// Where a variant runs its unit's code: its CPU steps, and its overheads (a request's client
// work, a sleep's hand-offs). Threads fewer than the CPUs are a station of their own; as many
// are the CPUs themselves.
struct placement {
  int steps = cpus_at, overhead = cpus_at;
  int steps_threads = 0;  // the threads of the steps' station (0: the CPUs themselves)
};

placement place(const variant& v, double threads, int cpus) {
  placement p;
  const int own = threads < cpus ? threads_at : cpus_at;
  p.overhead = own;
  p.steps = v.cpu_pool > 0 ? (v.cpu_pool < cpus ? pool_at : cpus_at) : own;
  if (p.steps == pool_at) p.steps_threads = v.cpu_pool;
  if (p.steps == threads_at) p.steps_threads = std::max(1, int(std::lround(threads)));
  return p;
}

// Every station but the CPUs and the delays is something a unit holds while it runs on a CPU:
// its thread, the pool's, the lock, the server's acceptor. It holds the CPU beside it, so that
// (say) a loop thread and two pool threads never run on more than two CPUs between them.
int cpu_beside(int at) { return at == cpus_at || at == connections_at || at == visit::delay ? visit::none : cpus_at; }

// Work at the station the unit is already at joins its visit there: a coroutine or a thread
// runs on until it waits, it does not queue again behind every other unit between two steps
// (which would gather a cohort the wait had spread out back into lockstep).
void add(std::vector<visit>& out, int at, double seconds) {
  if (seconds <= 0 && at != visit::delay) return;
  if (at != visit::delay && !out.empty() && out.back().at == at && out.back().also == cpu_beside(at))
    out.back().seconds += seconds;
  else out.push_back({at, std::max(0.0, seconds), cpu_beside(at)});
}

// A step under the lock runs where the unit's steps run. On one thread that runs every unit (a
// loop, a carrier, a pool of one) no one can contend for the lock: it is that thread's work, and
// it does not give the thread up between its steps. Where several threads run the steps, the
// unit holds its thread and the lock (a visit holds two stations: the CPU beside them is not).
void locked(std::vector<visit>& out, const placement& where, double cpu) {
  if (where.steps == cpus_at) return add(out, lock_at, cpu);
  if (where.steps_threads == 1) return add(out, where.steps, cpu);
  if (cpu > 0) out.push_back({where.steps, cpu, lock_at});
}

// A request's client side. On a fresh connection the unit starts the connect, and its thread or
// loop must run again when the connect completes, to send: it queues a second time behind what
// the others have queued there meanwhile (a loop running a cohort's CPU steps sends late). On a
// pooled connection it sends at once.
void send(std::vector<visit>& out, int at, double cpu, bool pooled) {
  if (pooled) return add(out, at, cpu);
  add(out, at, cpu / 2);
  add(out, visit::delay, 0);
  add(out, at, cpu / 2);
}

// A CPU step on a loop or carrier thread that yields every `every` seconds of it: one visit per
// chunk, each going to the back of the loop's queue (so a request beside it is sent between two
// chunks, not after the whole step). At most 10,000 chunks a step: the last carries the rest.
double chunks_of(double cpu, double every) { return every > 0 ? std::min(10000.0, std::ceil(cpu / every - 1e-9)) : 1; }

void chunked(std::vector<visit>& out, int at, double cpu, double every) {
  const double n = chunks_of(cpu, every);
  for (double i = 0; i < n; ++i) {
    if (i > 0) add(out, visit::delay, 0);
    add(out, at, i + 1 < n ? every : cpu - every * (n - 1));
  }
}

std::vector<visit> visits_of(const std::vector<step>& kind, const machine_costs& c, const model_costs& mc,
                             const placement& where, bool pooled, double units, double yield_s) {
  std::vector<visit> out;
  add(out, where.overhead, mc.task_cpu_s);  // the task's own cost beside its steps (calibration "task")
  const double request_cpu = c.request_cpu_s(mc, pooled, units);
  const double accept = c.accept_s(pooled, units);
  const double server_cpu = c.server_request_cpu_s(pooled, units) - accept;
  for (const step& s : kind) {
    const double cpu = cpu_seconds(s, c);
    for (std::uint64_t i = 0; i < s.repeat; ++i) switch (s.kind) {
        case step_kind::cpu: chunked(out, where.steps, cpu, where.steps == threads_at ? yield_s : 0); break;
        case step_kind::locked_cpu: locked(out, where, cpu); break;
        case step_kind::memory: add(out, where.steps, double(s.kib) * c.memory_s_per_kib); break;
        case step_kind::request:
          send(out, where.overhead, request_cpu, pooled);
          add(out, acceptor_at, accept);
          add(out, cpus_at, server_cpu);
          add(out, pooled ? connections_at : visit::delay, double(s.delay_ms) * 1e-3);
          break;
        case step_kind::compute:
          send(out, where.overhead, request_cpu, pooled);
          add(out, acceptor_at, accept);
          add(out, cpus_at, server_cpu + double(s.samples) * c.server_ns_per_sample * 1e-9);
          break;
        case step_kind::sleep:
          add(out, where.overhead, 2 * mc.switch_s.value_or(0));
          add(out, visit::delay, s.seconds);
          break;
      }
  }
  return out;
}

}  // namespace

double visits_per_task(const task_demand& d, const machine_costs& c) {
  const double yield_s = yield_seconds(d, c);
  double visits = 0;
  for (const auto& kind : d.kinds)
    for (const step& s : kind) {
      const double cpu = cpu_seconds(s, c);
      // A request is at most five visits; a CPU step on a loop two a chunk (the chunk, the yield).
      visits += double(s.repeat) * (s.kind == step_kind::cpu ? 2 * chunks_of(cpu, yield_s) : 5);
    }
  return 1 + visits / double(std::max<std::size_t>(1, d.kinds.size()));
}

sim_run simulation_of(const task_demand& d, const machine_costs& c, const variant& v, int cpus, double units,
                      double tasks) {
  const model_costs& mc = c.models.at(v.model);
  const double threads = client_threads(v, units);
  sim_run run;
  run.stations = {{cpus}, {std::max(1, int(std::lround(threads)))}, {std::max(1, v.cpu_pool)}, {1},
                  {std::max(1, int(std::lround(d.connections)))}, {1}};
  const placement where = place(v, threads, cpus);
  const double busy = std::min(units, tasks);  // units past the tasks never start
  const double yield_s = yield_seconds(d, c);
  for (const auto& kind : d.kinds)
    run.kinds.push_back(visits_of(kind, c, mc, where, d.connections > 0, busy, yield_s));
  run.units = static_cast<std::size_t>(std::max(1.0, units));
  run.tasks = static_cast<std::size_t>(std::max(1.0, tasks));
  run.spawn_s = mc.spawn_s;
  add(run.start, where.overhead, mc.start_cpu_s);
  return run;
}

}  // namespace lab::advise
