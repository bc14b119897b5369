#pragma once
// Scenario parameters: what each scenario accepts (specs, listed by `lab list`) and the
// validated values of one run (params). Values are kept as text exactly as the user wrote
// them after validation, and read back typed; the JSON record holds them typed.
#include <cstdint>
#include <functional>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost::json {
class object;
}  // namespace boost::json

namespace lab {

enum class param_kind { integer, number, choice, text };

struct param_spec {
  std::string name{};
  param_kind kind = param_kind::integer;
  std::string default_value{};
  double min = 0;                    // integer, number: inclusive bounds
  double max = 1e18;
  std::vector<std::string> choices{};  // choice
  std::string help{};
  std::vector<std::string> models{}; // models it applies to; empty = all
  // text: returns the canonical text of a valid value or throws usage_error saying what is
  // wrong with it (resolve() adds which parameter). Unset: any text is valid.
  std::function<std::string(const std::string&)> check_text = nullptr;
};

class params;

struct scenario_spec {
  std::string name;
  std::string summary;
  std::string ideal;                 // how ideal_s is derived, for `lab list` and reports
  // Every model there is, in the catalog's order, with why it does not run this scenario ("" =
  // it does): the scenario registry fills it in from catalog/models.hpp, so core names no model.
  std::vector<std::pair<std::string, std::string>> model_fits;
  std::vector<param_spec> params;
  // Whether a run with these params talks to a lab-server (unset: never). When it does and
  // the user set no `server`, the driver starts one (net/server_process.hpp) for the run and
  // passes --set server=HOST:PORT to the model.
  std::function<bool(const lab::params&)> needs_server = nullptr;  // lab::: `params` here is the member above
  // Called by resolve() last, with the model and every value checked: fills in what must be
  // settled once, in the lab process, before the runs (profile: CPU time turned into samples
  // at this machine's measured speed), and throws usage_error for a combination no single
  // value shows (a step the model cannot carry out, more units than the machine allows).
  std::function<void(std::string_view model, std::map<std::string, std::string>& values)> settle = nullptr;
  // Checks a finished run's metrics against what the lab's own server must have computed
  // (mixed: the request's total): "" when they agree, else why not. Unset: nothing to check.
  std::function<std::string(const lab::params&, const boost::json::object& metrics)> check_totals = nullptr;

  // The models that run it, in the catalog's order.
  std::vector<std::string> models() const;
};

// name=value pairs in the order the user gave them (later ones win).
using assignments = std::vector<std::pair<std::string, std::string>>;

class params {
 public:
  params() = default;
  explicit params(std::map<std::string, std::string> values) : values_(std::move(values)) {}

  bool has(std::string_view name) const { return values_.count(std::string(name)) != 0; }
  std::int64_t integer(std::string_view name) const;
  double number(std::string_view name) const;
  const std::string& text(std::string_view name) const;
  const std::map<std::string, std::string>& values() const { return values_; }
  // key=value arguments that reproduce these params (for a child's command line).
  assignments as_assignments() const;

 private:
  std::map<std::string, std::string> values_;
};

// Defaults filled in, every value checked against its spec, unknown names rejected, and
// params that do not apply to `model` dropped. Throws usage_error naming the bad key/value
// and the valid choices.
// `settle`: run the scenario's settle step (false for a check of one value alone, which must not
// judge a combination whose other values are not given yet).
params resolve(const scenario_spec& scenario, std::string_view model, const assignments& sets, bool settle = true);

// Splits "key=value"; throws usage_error on a missing '='.
std::pair<std::string, std::string> split_assignment(std::string_view text);

}  // namespace lab
