#include "net/run_watch.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "catalog/scenarios.hpp"
#include "core/cpus.hpp"
#include "core/error.hpp"
#include "net/blocking_client.hpp"

namespace lab::net {

namespace {

constexpr std::chrono::milliseconds stats_timeout{2000};

// Both files hold pairs of lines, "Prefix: name name ..." then "Prefix: value value ...".
void read_pairs(const char* path, std::map<std::string, std::int64_t>& out) {
  std::ifstream in(path);
  std::string names, values;
  while (std::getline(in, names) && std::getline(in, values)) {
    std::istringstream n(names), v(values);
    std::string prefix, vprefix, name;
    n >> prefix;
    v >> vprefix;
    if (prefix != vprefix || prefix.empty()) return;
    prefix.pop_back();  // the ':'
    std::int64_t value;
    while (n >> name && v >> value) out[prefix + "." + name] = value;
  }
}

std::optional<server_stats> stats_of(const server_address& server) {
  try {
    return query_stats(server, stats_timeout);
  } catch (const run_error&) {
    return std::nullopt;  // the run itself says what is wrong with the server
  }
}

}  // namespace

std::map<std::string, std::int64_t> read_tcp_counters() {
  std::map<std::string, std::int64_t> out;
  read_pairs("/proc/net/netstat", out);
  read_pairs("/proc/net/snmp", out);
  return out;
}

run_watch::run_watch(const server_address& server)
    : server_(server), before_(stats_of(server)), counters_(read_tcp_counters()) {}

void run_watch::finish(double client_cpu_s, std::size_t client_threads, boost::json::object& m) const {
  const auto after_counters = read_tcp_counters();
  const auto after = before_ ? stats_of(server_) : std::nullopt;
  double cpu_s = client_cpu_s;
  // The `stats` connection after the run is the one accept the run did not cause, so a
  // server's count grows by at least 1. One whose counts did not (restarted meanwhile, or not
  // a lab-server) gives no figures: unsigned differences would wrap to 1.8 x 10^19.
  if (after && after->accepted > before_->accepted && after->cpu_s >= before_->cpu_s) {
    m[metric_keys::server_cpu_s] = after->cpu_s - before_->cpu_s;
    m[metric_keys::server_accepted] = after->accepted - before_->accepted - 1;
    m["server_threads"] = after->threads;
    cpu_s += after->cpu_s - before_->cpu_s;
  }
  m[metric_keys::cpu_floor_s] = cpu_s / usable_cpus();
  const auto client_cpus = std::max<std::size_t>(1, std::min(client_threads, static_cast<std::size_t>(usable_cpus())));
  m[metric_keys::client_threads] = client_threads;
  m[metric_keys::client_floor_s] = client_cpu_s / static_cast<double>(client_cpus);
  static const std::vector<std::pair<const char*, const char*>> picked{
      {"TcpExt.ListenOverflows", metric_keys::net_listen_overflows}, {"TcpExt.ListenDrops", metric_keys::net_listen_drops},
      {"TcpExt.TCPSynRetrans", "net_syn_retrans"},        {"TcpExt.TCPTimeouts", "net_tcp_timeouts"},
      {"Tcp.RetransSegs", "net_retrans_segs"},            {"Tcp.AttemptFails", "net_attempt_fails"},
      {"Tcp.EstabResets", "net_estab_resets"}};
  bool any = false;
  for (const auto& [key, name] : picked) {
    const auto b = counters_.find(key), a = after_counters.find(key);
    if (b == counters_.end() || a == after_counters.end()) continue;
    m[name] = a->second - b->second;
    any = true;
  }
  if (any) m["net_counters"] = "machine-wide: deltas of /proc/net/netstat and /proc/net/snmp over the run";
}

}  // namespace lab::net
