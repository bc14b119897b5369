#include "catalog/mechanisms.hpp"

#include <array>

#include "core/error.hpp"
#include "core/text.hpp"

namespace lab {

namespace {

// An enum's names, indexed by its values.
template <typename E, std::size_t N>
struct named {
  const char* what;  // the parameter, for an error
  std::array<std::string_view, N> names;

  E parse(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i)
      if (names[i] == name) return static_cast<E>(i);
    throw unknown_choice(what, name, all());
  }
  std::string_view name(E e) const { return names.at(static_cast<std::size_t>(e)); }
  std::vector<std::string> all() const { return {names.begin(), names.end()}; }
};

constexpr named<handoff, 5> handoffs{"mechanism", {"call", "condvar", "pipe", "post", "channel"}};
constexpr named<spawn_mode, 2> spawn_modes{"spawn", {"fork", "exec"}};

}  // namespace

handoff parse_handoff(std::string_view name) { return handoffs.parse(name); }
spawn_mode parse_spawn_mode(std::string_view name) { return spawn_modes.parse(name); }
std::string_view to_string(handoff h) { return handoffs.name(h); }
std::string_view to_string(spawn_mode m) { return spawn_modes.name(m); }
std::vector<std::string> handoff_names() { return handoffs.all(); }
std::vector<std::string> spawn_mode_names() { return spawn_modes.all(); }

std::vector<std::string> names_of(const std::vector<handoff>& list) {
  std::vector<std::string> out;
  for (handoff h : list) out.emplace_back(to_string(h));
  return out;
}

}  // namespace lab
