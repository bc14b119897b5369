#include "catalog/models.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {
// Boost.Fiber's Asio integration (its examples/asio round_robin) is not built here yet, and
// a fiber reading a socket would block its carrier thread and every fiber on it.
const char* const no_socket = "fibers have no Asio integration yet: a socket read would block the carrier thread";
}  // namespace

const std::vector<model_info>& model_catalog() {
  static const std::vector<model_info> all{
      {"serial", "serial", 0, "one thread runs the tasks one after another, in order", "lab-serial",
       {{"yield", "one thread cannot run a CPU task beside an I/O task"}}, {}, true, false, true, "", ""},
      {"threads", "threads", 1, "one std::jthread per unit, scheduled by the kernel", "lab-threads", {{"reference", "the reference is the plain serial sum"}},
       {"workers"}, false, true, true, "workers", ""},
      {"procs", "procs", 2, "one process per unit (fork, or exec via Boost.Process v2), scheduled by the kernel",
       "lab-procs",
       {{"yield", "the lesson is on threads sharing a process against cooperative tasks"},
        {"reference", "the reference is the plain serial sum"}},
       {"workers", "spawn"}, false, true, false, "workers", ""},
      {"async", "async", 3,
       "C++20 coroutines on one Boost.Asio io_context run by loop_threads threads; a task gives the CPU away "
       "only where it awaits",
       "lab-async", {{"reference", "the reference is the plain serial sum"}}, {"workers", "loop_threads", "yield_every", "cpu_pool"}, false, false, true, "loop_threads", "cpu_pool"},
      {"fibers", "fibers", 4,
       "stackful coroutines (Boost.Fiber) M:N on loop_threads carrier threads, round_robin on one and "
       "work_stealing on several; a task gives its carrier away where it yields or sleeps",
       "lab-fibers",
       {{"io", no_socket}, {"mixed", no_socket}, {"yield", no_socket},
        {"reference", "the reference is the plain serial sum"}},
       {"workers", "loop_threads", "yield_every", "stack_kib"}, false, false, true, "loop_threads", ""},
  };
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
    throw usage_error("unknown model " + quote(model) + " (choose " + join(m, ", ") + ")");
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

std::string gap_reason(std::string_view model, std::string_view scenario) {
  const model_info* m = find_model_info(model);
  if (!m) return {};
  for (const auto& g : m->gaps)
    if (g.scenario == scenario) return g.reason;
  return {};
}

}  // namespace lab
