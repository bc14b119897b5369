#include "catalog/models.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {
// Every model but serial does not run the reference. A function, not a global: the catalog
// may be read while other files' globals are being made.
model_gap serial_reference_only() {
  return {.scenario = "reference",
          .reason = "the reference runs stress-ng's fork, pthread and switch stressors, which measure the "
                    "machine, not a model: it runs once, under serial"};
}

model_info serial_entry() {
  return {.name = "serial",
          .label = "serial",
          .colour = 0,
          .scheduling = "one thread runs the tasks one after another, in order",
          .executable = "lab-serial",
          .gaps = {{.scenario = "yield", .reason = "one thread cannot run a CPU task beside an I/O task"}},
          .baseline = true,
          .handoffs = {handoff::call},
          .spawn_units = 1000000};
}

model_info threads_entry() {
  return {.name = "threads",
          .label = "threads",
          .colour = 1,
          .scheduling = "one std::jthread per unit, scheduled by the kernel",
          .executable = "lab-threads",
          .gaps = {serial_reference_only()},
          .takes = {"workers"},
          .kernel_scheduled = true,
          .parallel_param = "workers",
          .handoffs = {handoff::condvar, handoff::pipe},
          .spawn_units = 10000,
          .unit_kib = 29};  // 8.5 KiB RSS, 16 kernel stack, 4 page tables (spawn, units=1000)
}

model_info procs_entry() {
  return {.name = "procs",
          .label = "procs",
          .colour = 2,
          .scheduling = "one process per unit (fork, or exec via Boost.Process v2), scheduled by the kernel",
          .executable = "lab-procs",
          .gaps = {{.scenario = "yield", .reason = "the lesson is on threads sharing a process against cooperative tasks"},
                   serial_reference_only()},
          .takes = {"workers", param_names::spawn, "exec_target"},
          .param_notes = {{.param = param_names::spawn,
                           .note = "fork per worker (totals over a pipe) or exec the worker via Boost.Process v2"},
                          {.param = "exec_target",
                           .note = "lab-procs --unit=exit is what the procs model execs; held units are always "
                                   "lab-procs --unit=hold"}},
          .kernel_scheduled = true,
          .one_process = false,
          .parallel_param = "workers",
          .handoffs = {handoff::pipe},
          .spawn_units = 1000,
          .exec_spawn_units = 300,
          .unit_memory = "PSS of the children plus the parent's change",
          .accounted_unit = "worker process",
          // fork: 40 KiB PSS, 16 kernel stack, 60 page tables (spawn, units=1000); exec is about
          // 500 KiB a process, which this lower figure leaves to the run to find out
          .unit_kib = 116};
}

model_info async_entry() {
  return {.name = "async",
          .label = "async",
          .colour = 3,
          .scheduling = "C++20 coroutines on one Boost.Asio io_context run by loop_threads threads; a task gives the "
                        "CPU away only where it awaits",
          .executable = "lab-async",
          .gaps = {serial_reference_only()},
          .takes = {"workers", "loop_threads", "yield_every", "cpu_pool"},
          .param_notes = {{.param = "loop_threads", .note = "threads running the one io_context (1 = like asyncio)"},
                          {.param = "cpu_pool",
                           .note = "the pool runs them while the event loop waits on sockets (asyncio's "
                                   "run_in_executor); 0 = CPU steps run on the loop"}},
          .parallel_param = "loop_threads",
          .helper_threads_param = "cpu_pool",
          .handoffs = {handoff::post, handoff::channel},
          .spawn_units = 100000,
          .accounted_unit = "loop thread",
          .unit_kib = 1};  // a coroutine frame and its timer (spawn, units=1000: 1.2 KiB)
}

model_info fibers_entry() {
  return {.name = "fibers",
          .label = "fibers",
          .colour = 4,
          .scheduling = "stackful coroutines (Boost.Fiber) M:N on loop_threads carrier threads, round_robin on one "
                        "and work_stealing on several; with a server each carrier runs its own Boost.Asio io_context "
                        "and keeps its fibers; a task gives its carrier away where it yields, sleeps or waits on a "
                        "socket",
          .executable = "lab-fibers",
          .gaps = {serial_reference_only()},
          .takes = {"workers", "loop_threads", "yield_every", "stack_kib", "stack"},
          .param_notes = {{.param = "loop_threads", .note = "carrier threads"},
                          {.param = "stack_kib", .note = "a fiber's stack, by default Boost.Fiber's"},
                          {.param = "stack",
                           .note = "Boost.Fiber's fixedsize_stack (an mmap per fiber), pooled_fixedsize_stack (freed "
                                   "stacks reused; one carrier, or a run with a server) or protected_fixedsize_stack "
                                   "(a guard page)"}},
          .parallel_param = "loop_threads",
          .handoffs = {handoff::channel, handoff::condvar},
          .spawn_units = 100000,
          .accounted_unit = "carrier thread",
          .unit_kib = 13};  // the touched pages of a fiber's stack (spawn, units=1000: 12.1 KiB)
}

}  // namespace

const std::vector<model_info>& model_catalog() {
  static const std::vector<model_info> all{serial_entry(), threads_entry(), procs_entry(), async_entry(),
                                           fibers_entry()};
  return all;
}

const std::vector<std::string>& model_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& m : model_catalog()) n.push_back(m.name);
    return n;
  }();
  return names;
}

void check_model(std::string_view model) {
  const auto& m = model_names();
  if (std::find(m.begin(), m.end(), model) == m.end())
    throw unknown_choice("model", model, m);
}

const model_info* find_model_info(std::string_view name) {
  for (const auto& m : model_catalog())
    if (m.name == name) return &m;
  return nullptr;
}

bool is_baseline_model(std::string_view model) {
  const model_info* m = find_model_info(model);
  return m && m->baseline;
}

bool is_kernel_scheduled(std::string_view model) {
  const model_info* m = find_model_info(model);
  return m && m->kernel_scheduled;
}

int model_rank(std::string_view model) {
  const auto& all = model_catalog();
  int i = 0;
  for (; i < static_cast<int>(all.size()); ++i)
    if (all[static_cast<std::size_t>(i)].name == model) break;
  return i;
}

std::vector<std::string> models_running(std::string_view scenario) {
  std::vector<std::string> names;
  for (const auto& m : model_catalog())
    if (std::none_of(m.gaps.begin(), m.gaps.end(), [&](const model_gap& g) { return g.scenario == scenario; }))
      names.push_back(m.name);
  return names;
}

bool model_takes(std::string_view model, std::string_view param) {
  const model_info* m = find_model_info(model);
  return m && std::find(m->takes.begin(), m->takes.end(), param) != m->takes.end();
}

std::vector<std::string> models_taking(std::string_view param) {
  std::vector<std::string> names;
  for (const auto& m : model_catalog())
    if (model_takes(m.name, param)) names.push_back(m.name);
  return names;
}

std::string param_help(std::string_view param, const std::string& generic) {
  std::string help = generic;
  for (const auto& m : model_catalog())
    for (const auto& n : m.param_notes)
      if (n.param == param) help += "; " + m.name + ": " + n.note;
  return help;
}

std::size_t default_spawn_units(std::string_view model, spawn_mode mode) {
  const model_info* m = find_model_info(model);
  if (!m) return 0;
  return mode == spawn_mode::exec && m->exec_spawn_units ? m->exec_spawn_units : m->spawn_units;
}

std::string unit_memory_notes() {
  std::vector<std::string> notes;
  for (const auto& m : model_catalog())
    if (!m.unit_memory.empty()) notes.push_back(m.name + ": " + m.unit_memory);
  return join(notes, "; ");
}

std::string gap_reason(std::string_view model, std::string_view scenario) {
  const model_info* m = find_model_info(model);
  if (!m) return {};
  for (const auto& g : m->gaps)
    if (g.scenario == scenario) return g.reason;
  return {};
}

}  // namespace lab
