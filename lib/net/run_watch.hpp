#pragma once
// Where the time of a run that talks to a lab-server went, beyond the model process's own
// CPU: the server's CPU and connections accepted (its `stats` answer, before and after) and
// the kernel's TCP counters (/proc/net/netstat and /proc/net/snmp). The kernel's counters are
// machine-wide (this network namespace's): another program's traffic meanwhile counts too.
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "net/address.hpp"
#include "net/protocol.hpp"

namespace lab::net {

// "TcpExt.ListenOverflows" -> value, for every counter of the two files ({} if unreadable).
std::map<std::string, std::int64_t> read_tcp_counters();

class run_watch {
 public:
  // Reads both before the run. A server that does not answer `stats` is simply not counted.
  explicit run_watch(const server_address& server);
  // Adds server_cpu_s, server_accepted, cpu_floor_s (client + server CPU over the usable
  // CPUs), client_floor_s (the client's CPU over the CPUs its `client_threads` threads can
  // use at once: one loop thread cannot go faster than its own CPU time, whatever the other
  // CPUs do) and the net_* counter deltas to `metrics`.
  void finish(double client_cpu_s, std::size_t client_threads, boost::json::object& metrics) const;

 private:
  server_address server_;
  std::optional<server_stats> before_;
  std::map<std::string, std::int64_t> counters_;
};

}  // namespace lab::net
