#pragma once
// What the io and mixed scenarios share: the server they talk to and how they read its answers.
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "core/params.hpp"
#include "net/address.hpp"

namespace lab {

// The `server` parameter. Unset (the driver fills it in when it starts a lab-server): usage_error
// saying how to give one.
net::server_address server_of(const params& p, std::string_view scenario);

// The answer to `request` when it is `expected`, else run_error quoting both.
void expect_answer(const net::server_address& server, std::string_view request, std::string_view answer,
                   std::string_view expected);
// The total in a gauss answer, else run_error quoting the answer.
double total_of(const net::server_address& server, std::string_view request, std::string_view answer);

// For a mixed run against a server the user named: "" when the record's server_total is the
// Gaussian sum the lab computes for the run's server_samples and seed, else why not. Costs the
// server's work once more, after the run.
std::string wrong_mixed_total(const params& p, const boost::json::object& metrics);

}  // namespace lab
