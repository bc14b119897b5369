#pragma once
// The profile scenario's task, written down by its user: a sequence of steps, e.g.
//
//   cpu 2ms, 2x request 20ms, cpu 0.5ms, memory 64KiB, locked cpu 100us, sleep 5ms
//
// Each step one of:
//   cpu D            CPU work: D in samples of the uniform kernel (2e6) or as time (2ms, 500us,
//                    0.5ms, 1s), turned into samples before the runs at this machine's speed
//   locked cpu D     the same work holding the one lock every unit of the run shares
//   request D        a round trip to lab-server answered after D (whole milliseconds)
//   request compute N  a round trip whose server sums N Gaussian samples
//   sleep D          a timer
//   memory S         the task holds S (64KiB, 1MiB; a bare number is KiB), written once, to its end
// and may start with `Nx ` to stand N times in a row. Steps are separated by commas. Tasks of
// several kinds are separated by '|': task i runs kind i mod K (the seeds' example: one task
// a request the server computes, the other a local sum: `request compute 8e7 | cpu 1.2e9`).
// Pure text in, steps out: no measuring, no I/O (so it is fuzzed like the other parsers).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lab {

enum class step_kind { cpu, locked_cpu, request, compute, sleep, memory };

struct step {
  step_kind kind = step_kind::cpu;
  std::uint64_t repeat = 1;
  // cpu, locked_cpu: samples when given in samples (seconds = 0), else seconds; compute: the
  // server's samples; request: delay_ms; sleep: seconds; memory: kib.
  std::uint64_t samples = 0;
  double seconds = 0;
  std::uint64_t delay_ms = 0;
  std::uint64_t kib = 0;

  bool is_cpu() const { return kind == step_kind::cpu || kind == step_kind::locked_cpu; }
  bool cpu_as_time() const { return is_cpu() && seconds > 0; }
  bool operator==(const step&) const = default;
};

// The limits a step is held to: a step past them is a usage error, not a run that cannot end.
namespace step_limits {
inline constexpr std::size_t max_steps = 1000;             // after repeats are counted
inline constexpr std::uint64_t max_repeat = 1000;
inline constexpr double max_seconds = 3600;                // a cpu, request or sleep step
inline constexpr std::uint64_t max_samples = 1'000'000'000'000ULL;
inline constexpr std::uint64_t max_kib = 16ULL * 1024 * 1024;  // 16 GiB held by one task
}  // namespace step_limits

// The steps of `text`; throws usage_error naming the step (its number and text) and the valid
// forms.
std::vector<step> parse_steps(std::string_view text);
// The canonical text of steps (parse_steps(to_text(s)) == s).
std::string to_text(const std::vector<step>& steps);

// Task kinds separated by '|', each a list of steps (at least one kind; a kind may be empty
// only when it is the one kind: a task that does nothing).
using task_kinds = std::vector<std::vector<step>>;
task_kinds parse_task_kinds(std::string_view text);
std::string to_text(const task_kinds& kinds);
inline constexpr std::size_t max_task_kinds = 100;
// The valid forms, for messages and `lab list`.
const std::string& step_forms();

}  // namespace lab
