#include "sweep/scheduler_shard.hpp"

#include <charconv>
#include <cstdlib>

#include "core/error.hpp"

namespace lab {

namespace {

constexpr const char* slurm_id = "SLURM_ARRAY_TASK_ID";
constexpr const char* parallel_seq = "PARALLEL_SEQ";

long long env_number(const environment_lookup& env, const char* name, long long fallback) {
  const auto text = env(name);
  if (!text) {
    if (fallback >= 0) return fallback;
    throw usage_error(std::string("--shard auto: ") + slurm_id + " is set but " + name +
                      " is not (a Slurm before 17.11?): give --shard K/N");
  }
  long long v = 0;
  const auto [p, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
  if (ec != std::errc() || p != text->data() + text->size() || v < 0)
    throw usage_error(std::string("--shard auto: ") + name + "='" + text->substr(0, 40) + "' is not a number");
  return v;
}

shard from_slurm(const environment_lookup& env, std::optional<std::size_t> n_given) {
  const long long id = env_number(env, slurm_id, -1);
  const long long count = env_number(env, "SLURM_ARRAY_TASK_COUNT", -1);
  const long long min = env_number(env, "SLURM_ARRAY_TASK_MIN", 0);
  const long long max = env_number(env, "SLURM_ARRAY_TASK_MAX", id);
  const long long step = env_number(env, "SLURM_ARRAY_TASK_STEP", 1);
  const std::string ids = "the array's task IDs (" + std::to_string(min) + ".." + std::to_string(max) + ", " +
                          std::to_string(count) + " tasks)";
  // Evenly spaced IDs map one to one onto 0..N-1; any other list would leave shards unrun.
  if (count < 1 || step < 1 || id < min || (id - min) % step != 0 || (max - min) / step + 1 != count ||
      (max - min) % step != 0)
    throw usage_error("--shard auto: " + ids + " are not evenly spaced, so they cannot number the shards 0.." +
                      std::to_string(count - 1) + ": submit --array=0-" + std::to_string(count - 1) +
                      " (a range, with :STEP if you like), or give --shard K/N");
  shard s{static_cast<std::size_t>((id - min) / step), static_cast<std::size_t>(count)};
  if (n_given && *n_given != s.n)
    throw usage_error("--shard auto/" + std::to_string(*n_given) + ": the Slurm array has " + std::to_string(s.n) +
                      " tasks; give --shard auto (N from the array) or an array of " + std::to_string(*n_given));
  return s;
}

shard from_parallel(const environment_lookup& env, std::optional<std::size_t> n_given) {
  if (!n_given)
    throw usage_error("--shard auto: under GNU parallel (PARALLEL_SEQ is set) say how many shards: --shard auto/N");
  const auto seq = env(parallel_seq);
  long long v = 0;
  const auto [p, ec] = std::from_chars(seq->data(), seq->data() + seq->size(), v);
  if (ec != std::errc() || p != seq->data() + seq->size() || v < 1)
    throw usage_error("--shard auto: PARALLEL_SEQ='" + seq->substr(0, 40) + "' is not a job number from 1");
  if (static_cast<std::size_t>(v) > *n_given)
    throw usage_error("--shard auto/" + std::to_string(*n_given) + ": this is GNU parallel's job " + std::to_string(v) +
                      " (PARALLEL_SEQ), past " + std::to_string(*n_given) + " shards: give parallel exactly " +
                      std::to_string(*n_given) + " arguments (::: 0 1 ... or --shard {}/N)");
  return {static_cast<std::size_t>(v - 1), *n_given};
}

}  // namespace

environment_lookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* v = std::getenv(name);
    return v ? std::optional<std::string>(v) : std::nullopt;
  };
}

shard resolve_shard(std::string_view text, const environment_lookup& env) {
  if (text != "auto" && text.rfind("auto/", 0) != 0) return parse_shard(text);
  std::optional<std::size_t> n;
  if (text.size() > 5) {
    std::size_t v = 0;
    const auto digits = text.substr(5);
    const auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
    if (ec != std::errc() || p != digits.data() + digits.size() || v < 1)
      throw usage_error("bad --shard '" + std::string(text) + "': expected auto or auto/N with N at least 1");
    n = v;
  }
  const bool slurm = env(slurm_id).has_value(), parallel = env(parallel_seq).has_value();
  if (slurm && parallel)
    throw usage_error("--shard auto: both a Slurm array task (SLURM_ARRAY_TASK_ID) and a GNU parallel job "
                      "(PARALLEL_SEQ) are set, and either could be the shard: give --shard K/N");
  if (slurm) return from_slurm(env, n);
  if (parallel) return from_parallel(env, n);
  throw usage_error("--shard " + std::string(text) +
                    ": no scheduler said which shard this is (neither SLURM_ARRAY_TASK_ID of a Slurm job array "
                    "nor PARALLEL_SEQ of GNU parallel is set): give --shard K/N");
}

}  // namespace lab
