#pragma once
// `lab advise`'s answer as text: the workload, this machine's costs, the prediction per
// variant at the target, the choice, then predicted against measured here.
#include <ostream>

#include "advise/advise.hpp"

namespace lab::advise {

void write_advice(std::ostream& out, const advice& a, const advise_request& r);

}  // namespace lab::advise
