// Boost.JSON is header-only in Debian's Boost 1.81 (no libboost_json): its implementation
// is compiled once, here.
#include <boost/json/src.hpp>
