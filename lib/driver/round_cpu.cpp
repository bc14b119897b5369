#include "driver/round_cpu.hpp"

#include <algorithm>

#include "catalog/models.hpp"
#include "core/cpus.hpp"

namespace lab {

namespace {

bool runs_one_unit(const model_info& m, const params& values) {
  if (helper_threads(m, values) > 0) return false;  // threads beside its units (async's CPU pool)
  if (m.parallel_param.empty()) return true;
  if (!values.has(m.parallel_param)) return false;  // a scenario that sizes its own units
  std::int64_t units = values.integer(m.parallel_param);
  if (units == 0 && values.has("tasks")) units = values.integer("tasks");  // one unit per task
  return units == 1;
}

}  // namespace

std::size_t helper_threads(const model_info& m, const params& values) {
  if (m.helper_threads_param.empty() || !values.has(m.helper_threads_param)) return 0;
  return static_cast<std::size_t>(std::max<std::int64_t>(0, values.integer(m.helper_threads_param)));
}

int round_cpu(std::string_view model, const params& values, int rep) {
  const model_info* m = find_model_info(model);
  if (!m) return -1;
  if (values.has("pin") && values.text("pin") != "none") return -1;
  if (!runs_one_unit(*m, values)) return -1;
  return cpu_of_round(rep);
}

int cpu_of_round(int rep) {
  const auto cpus = usable_cpu_ids();
  if (cpus.size() < 2 || rep < 0) return -1;
  return cpus[static_cast<std::size_t>(rep) % cpus.size()];
}

}  // namespace lab
