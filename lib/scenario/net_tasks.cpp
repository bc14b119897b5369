#include "scenario/net_tasks.hpp"

#include "core/error.hpp"
#include "core/text.hpp"
#include "net/protocol.hpp"
#include "workload/sum.hpp"

namespace lab {

net::server_address server_of(const params& p, std::string_view scenario) {
  const std::string& text = p.text("server");
  if (text.empty())
    throw usage_error("scenario '" + std::string(scenario) +
                      "' needs a lab-server: --set server=HOST:PORT (lab starts one when it is not given)");
  return net::parse_server_address(text);
}

namespace {
[[noreturn]] void unexpected(const net::server_address& server, std::string_view request, std::string_view answer) {
  throw run_error("lab-server at " + server.text() + " answered " + quote(answer) + " to " +
                  quote(request));
}
}  // namespace

void expect_answer(const net::server_address& server, std::string_view request, std::string_view answer,
                   std::string_view expected) {
  if (answer != expected) unexpected(server, request, answer);
}

double total_of(const net::server_address& server, std::string_view request, std::string_view answer) {
  auto total = net::parse_total(answer);
  if (!total) unexpected(server, request, answer);
  return *total;
}

std::string wrong_mixed_total(const params& p, const boost::json::object& metrics) {
  const auto* got = metrics.if_contains("server_total");
  if (!got || !got->is_string()) return "the record has no server_total to check";
  const auto n = static_cast<std::uint64_t>(p.integer("server_samples"));
  const auto seed = static_cast<std::uint64_t>(p.integer("seed"));
  const std::string want = net::format_total(gaussian_sum(seed, 0, n));
  if (got->as_string() == want) return "";
  return "lab-server at " + p.text("server") + " answered gauss " + std::to_string(n) + " " + std::to_string(seed) +
         " with total " + std::string(got->as_string()).substr(0, 40) + ", not " + want;
}

}  // namespace lab
