#pragma once
// The codec of the record's typed keys outside the contract (record_keys.hpp); record.cpp's
// to_json and record_from_json call it, nothing else does.
#include <string_view>

#include "record/record.hpp"

namespace lab::detail {

// Adds the keys whose members are set, in the order the driver and the sweep add them.
void write_lab_keys(const record& r, boost::json::object& o);

// Sets the member `key` names and returns true; false where `key` is none of them or its value
// is not of the member's type (the caller keeps it in extra, as it was).
bool read_lab_key(record& r, std::string_view key, const boost::json::value& v);

}  // namespace lab::detail
