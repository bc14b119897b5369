// serial: every task in turn on the calling thread. The baseline every comparison is against.
#include "models/factories.hpp"
#include "models/model.hpp"
#include "models/unit_probe.hpp"
#include "models/blocking_task.hpp"
#include "measure/unit_sched.hpp"
#include "trace/trace.hpp"

namespace lab {

namespace {

class serial_model final : public model {
 public:
  std::vector<task_result> run_tasks(const task_set& set) override {
    std::vector<task_result> results(set.tasks);
    if (trace::on()) trace::name_this_thread("serial (main thread)");
    trace::span life(trace::what::unit);
    const unit_sched::scope unit(set.account_units);
    for (std::size_t i = 0; i < set.tasks; ++i) results[i] = timed_task(set, i);
    return results;
  }
  std::size_t concurrency(const task_set&) const override { return 1; }
  std::unique_ptr<unit_probe> make_probe(const run_context& ctx) const override { return make_serial_probe(ctx); }
};

std::unique_ptr<model> make_serial_model(const run_context&) { return std::make_unique<serial_model>(); }

const register_model registered{"serial", make_serial_model};

}  // namespace

}  // namespace lab
