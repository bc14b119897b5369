#pragma once
// How a model makes its units and hands a token between two of them: the values model
// entries (catalog/models.hpp) name, and the scenarios parse once at the edge. The text of
// each value is what configs, `--set` and the record's metrics.mechanism say.
#include <string>
#include <string_view>
#include <vector>

namespace lab {

// The switch scenario's hand-off between two units (unit_probe::ping_pong).
enum class handoff { call, condvar, pipe, post, channel };
// How procs starts a worker: fork a copy, or exec an executable (the `spawn` parameter).
enum class spawn_mode { fork, exec };

// Each throws usage_error naming the choices.
handoff parse_handoff(std::string_view name);
spawn_mode parse_spawn_mode(std::string_view name);

std::string_view to_string(handoff h);
std::string_view to_string(spawn_mode m);

// Every value's name, in the enum's order.
std::vector<std::string> handoff_names();
std::vector<std::string> spawn_mode_names();
std::vector<std::string> names_of(const std::vector<handoff>& handoffs);

}  // namespace lab
