// The catalog entry of scenario `spawn` (lib/scenario/spawn.cpp runs it).
#include "catalog/models.hpp"
#include "catalog/scenario_entry.hpp"

namespace lab {

namespace {

namespace k = metric_keys;

scenario_info spawn_info() {
  return {
      .name = scenario_names::spawn,
      .label = "the cost of a unit",
      .workload_class = workload_class_names::many_units,
      .ideal = "none: metrics.per_unit_ns is the slope of time = a + b units (least squares, r2 beside it); "
               "metrics.mem_per_unit_kib is the footprint of units alive at once over the empty model, per unit "
               "(" + unit_memory_notes() + "; else RSS)",
      .primary = {.key = k::per_unit_ns,
                  .label = "cost per unit",
                  .per = " per unit",
                  .superlative = "cheapest",
                  .comparative = "cheaper",
                  .serial_is_floor = true,
                  .peak_memory_matters = false,
                  .lead_metrics = {k::per_unit_r2, k::mem_per_unit_kib, k::mem_method, k::kernel_stack_per_unit_kib,
                                   k::page_tables_per_unit_kib, k::alive_when_sampled}},
      .metrics = {{k::per_unit_ns, "", "ns"},
                  {k::per_unit_r2, "", ""},
                  {k::mem_per_unit_kib, "Memory per unit alive", "KiB"},
                  {k::mem_method, "", "text"},
                  {k::kernel_stack_per_unit_kib, "Kernel stack per unit", "KiB"},
                  {k::page_tables_per_unit_kib, "Page tables per unit", "KiB"},
                  {k::alive_when_sampled, "", ""},
                  {k::child_pss_mean_kib, "Memory (PSS) of one child process", "KiB"},
                  {k::mem_held_kib, "Memory held with every unit alive", "KiB"},
                  {k::mem_baseline_kib, "Memory before the units", "KiB"},
                  {k::minor_faults_per_unit, "Minor page faults per unit", ""},
                  {k::major_faults_per_unit, "Major page faults per unit", ""},
                  {k::sys_ns_per_unit, "Kernel CPU per unit", "ns"},
                  {k::user_ns_per_unit, "User CPU per unit", "ns"},
                  {k::kernel_share, "Share of the CPU in the kernel", ""},
                  {k::unit_stack_kib, "Stack a unit reserves", "KiB"}},
      .variant_params = {"exec_target"},
      .unit_memory = k::mem_per_unit_kib,
  };
}

const register_scenario_info registered{spawn_info};

}  // namespace

}  // namespace lab
