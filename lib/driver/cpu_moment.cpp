#include "driver/cpu_moment.hpp"

#include <latch>
#include <thread>

#include "catalog/models.hpp"
#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"

namespace lab {

run_request cpu_moment_request() {
  for (const scenario_info& s : scenario_catalog())
    for (const check_item& c : s.check_items) {
      if (!c.cpu_bound) continue;
      run_request req;
      req.scenario = s.name;
      for (const model_info& m : model_catalog())
        if (m.baseline) req.model = m.name;
      req.sets.assign(c.work.begin(), c.work.end());
      req.timeout = std::chrono::seconds(60);
      return req;
    }
  throw std::logic_error("the catalog has no CPU-bound check item to compare CPUs with");
}

std::vector<record> run_cpu_moment(int moment, const std::string& bin_dir) {
  const auto cpus = usable_cpu_ids();
  if (cpus.size() < 2) return {};
  const run_request base = cpu_moment_request();
  std::vector<record> out(cpus.size());
  std::latch ready(static_cast<std::ptrdiff_t>(cpus.size()));
  {
    std::vector<std::jthread> runners;
    for (std::size_t i = 0; i < cpus.size(); ++i)
      runners.emplace_back([&, i] {
        run_request req = base;
        req.cpu = cpus[i];
        ready.arrive_and_wait();  // every thread is up before any child starts
        try {
          out[i] = run_point(req, moment, bin_dir);
        } catch (const std::exception& e) {
          out[i].scenario = req.scenario;
          out[i].model = req.model;
          out[i].rep = moment;
          out[i].cpu = req.cpu;
          out[i].ok = false;
          out[i].error = e.what();
        }
      });
  }
  return out;
}

}  // namespace lab
