#include "scenario/preflight.hpp"

#include <unistd.h>

#include <algorithm>

#include "catalog/models.hpp"
#include "core/error.hpp"
#include "measure/machine.hpp"

namespace lab {

namespace {

// The lab's own descriptors beside the work's: stdio, pipes, the trace, a listening socket.
constexpr std::uint64_t own_descriptors = 64;

std::string n(std::uint64_t v) { return std::to_string(v); }

void check_descriptors(const std::string& head, const run_demand& d) {
  if (d.descriptors == 0) return;
  const long long hard = hard_open_files();
  const std::uint64_t need = d.descriptors + own_descriptors;
  if (hard < 0 || need <= static_cast<std::uint64_t>(hard)) return;
  throw usage_error(head + n(d.descriptors) + " " + d.descriptors_are + " need about " + n(need) +
                    " open files; this machine allows " + std::to_string(hard) +
                    " (ulimit -Hn; the lab raises the soft limit to it): raise it (root: ulimit -Hn " + n(need) +
                    ", or nofile in /etc/security/limits.conf) or lower " + d.lower);
}

void check_units(const std::string& head, std::string_view model, const run_demand& d) {
  if (!is_kernel_scheduled(model)) return;
  if (const std::string why = kernel_units_refusal(d.units); !why.empty())
    throw usage_error(head + n(d.units) + " units at once are each a thread or process, " + why + ": raise it (" +
                      kernel_units_remedy() + ") or lower " + d.lower);
}

void check_memory(const std::string& head, std::string_view model, const run_demand& d) {
  const std::uint64_t kib = run_memory_kib(model, d);
  const long long available = mem_available_kib();
  if (kib == 0 || available <= 0 || kib <= static_cast<std::uint64_t>(available)) return;
  const model_info* m = find_model_info(model);
  std::string each = d.held_kib ? n(d.held_kib) + " KiB its task holds" : "";
  if (m && m->unit_kib) each += std::string(each.empty() ? "" : " + ") + "about " + n(m->unit_kib) + " KiB a " + std::string(model) + " unit";
  throw usage_error(head + n(d.units) + " units at once need about " + n(kib / 1024) + " MiB (" + each +
                    "); this machine has " + std::to_string(available / 1024) +
                    " MiB available (MemAvailable): free memory or lower " + d.lower);
}

}  // namespace

std::uint64_t descriptors_needed(std::string_view model, std::uint64_t units, std::uint64_t connections) {
  const model_info* m = find_model_info(model);
  if (m && !m->one_process) return connections > 0 ? (connections + units - 1) / units : 1;
  return connections > 0 ? connections : units;
}

std::uint64_t worker_units(std::string_view model, const values_map& values, std::uint64_t tasks) {
  const auto w = values.find("workers");
  if (is_baseline_model(model) || w == values.end()) return 1;
  const std::uint64_t workers = std::stoull(w->second);
  return workers == 0 ? std::max<std::uint64_t>(tasks, 1) : std::min<std::uint64_t>(workers, std::max<std::uint64_t>(tasks, 1));
}

std::uint64_t run_memory_kib(std::string_view model, const run_demand& d) {
  const model_info* m = find_model_info(model);
  const std::uint64_t per_unit = (m ? m->unit_kib : 0) + d.held_kib;
  return d.units * per_unit;
}

void preflight(std::string_view scenario, std::string_view model, const run_demand& d) {
  const std::string head = std::string(scenario) + " on " + std::string(model) + ": ";
  check_descriptors(head, d);
  check_units(head, model, d);
  check_memory(head, model, d);
}

}  // namespace lab
