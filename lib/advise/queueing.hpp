#pragma once
// The queueing arithmetic `lab advise` predicts with (docs/advise.md writes the model out):
// a closed network solved by exact Mean Value Analysis (Reiser and Lavenberg, JACM 1980), a
// station of c servers by Seidmann's approximation (a single server of demand D/c followed by
// a pure delay of D(c-1)/c: Seidmann, Schweitzer and Shalev-Oren, Performance Evaluation
// 1987), and an open network at a given rate by M/M/c stations (Erlang C). Pure functions.
#include <string>
#include <vector>

namespace lab::advise {

struct station {
  std::string name;   // what it is, as the advice names a binding resource ("CPU", "the lock")
  double demand = 0;  // seconds of it each task needs
  double servers = 1; // how many can serve at once; 0 = a pure delay (no queue)
};

struct network_result {
  double throughput = 0;             // tasks per second
  double response_s = 0;             // a task's mean time through every station
  std::vector<double> utilisation;   // per station: busy fraction of its servers (delays: 0)
  std::vector<double> residence_s;   // per station: time a task spends there, waiting included
  bool saturated = false;            // open network: some station at or past 100%
};

// Closed: `population` tasks always in flight (each unit takes the next task at once).
network_result closed_network(const std::vector<station>& stations, double population);
// Open: tasks arrive at `rate` per second.
network_result open_network(const std::vector<station>& stations, double rate);
// The probability an arrival waits at an M/M/c station of offered load a = rate x demand.
double erlang_c(double servers, double offered_load);

}  // namespace lab::advise
