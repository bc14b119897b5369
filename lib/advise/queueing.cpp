#include "advise/queueing.hpp"

#include <algorithm>
#include <cmath>

namespace lab::advise {

namespace {

// Seidmann: a c-server station as a 1-server queue of demand D/c plus a delay of D(c-1)/c.
struct split_station {
  double queue_demand = 0;
  double delay = 0;
};

split_station split(const station& s) {
  if (s.servers <= 0) return {0, s.demand};
  return {s.demand / s.servers, s.demand * (s.servers - 1) / s.servers};
}

}  // namespace

// Exact MVA over the split stations, one population step at a time: O(N x stations), a few
// milliseconds for 10^6 units. A fractional population rounds to the nearest whole one.
network_result closed_network(const std::vector<station>& stations, double population) {
  std::vector<split_station> parts;
  for (const auto& s : stations) parts.push_back(split(s));
  std::vector<double> queue(parts.size(), 0.0), resid(parts.size(), 0.0);
  const long n_max = std::max(1L, std::lround(population));
  double x = 0, r = 0;
  for (long n = 1; n <= n_max; ++n) {
    r = 0;
    for (std::size_t i = 0; i < parts.size(); ++i) {
      resid[i] = parts[i].queue_demand * (1 + queue[i]) + parts[i].delay;
      r += resid[i];
    }
    x = r > 0 ? static_cast<double>(n) / r : 0;
    for (std::size_t i = 0; i < parts.size(); ++i) queue[i] = x * parts[i].queue_demand * (1 + queue[i]);
  }
  network_result out;
  out.throughput = x;
  out.response_s = r;
  out.residence_s = resid;
  for (const auto& s : stations) out.utilisation.push_back(s.servers > 0 ? x * s.demand / s.servers : 0);
  return out;
}

double erlang_c(double c, double a) {
  const double rho = a / c;
  if (rho >= 1) return 1;
  // sum_{k<c} a^k/k! and a^c/c!, built term by term so large c does not overflow
  const long servers = std::max(1L, std::lround(c));
  double term = 1, sum = 0;
  for (long k = 0; k < servers; ++k) {
    sum += term;
    term *= a / static_cast<double>(k + 1);
  }
  const double top = term / (1 - rho);
  return top / (sum + top);
}

network_result open_network(const std::vector<station>& stations, double rate) {
  network_result out;
  out.throughput = rate;
  for (const auto& s : stations) {
    double resid = s.demand;
    double u = 0;
    if (s.servers > 0 && s.demand > 0) {
      u = rate * s.demand / s.servers;
      if (u >= 1) {
        out.saturated = true;
      } else {
        resid += erlang_c(s.servers, rate * s.demand) * s.demand / (s.servers * (1 - u));
      }
    }
    out.utilisation.push_back(u);
    out.residence_s.push_back(resid);
    out.response_s += resid;
  }
  return out;
}

}  // namespace lab::advise
