#pragma once
// Two kinds of failure. usage_error: the user asked for something invalid (an unknown name,
// a bad value); it is caught once in main, printed as one line and exits with status 2.
// run_error: a run could not complete (a child died, a resource ran out); it becomes a
// record with ok=false and the message as its error.
#include <stdexcept>
#include <string>

namespace lab {

struct usage_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct run_error : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace lab
