#pragma once
// Memory and task figures the kernel publishes under /proc, for the spawn scenario.
// Every value is in KiB (as the files give it) or a count; nullopt when the file or the
// field is missing (a process that has just exited, an older kernel).
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace lab {

// A field of /proc/PID/smaps_rollup ("Rss", "Pss"): the process's memory summed over its
// mappings. Pss divides every shared page among the processes sharing it, so summing Pss
// over a parent and its forked children counts each page once. pid 0: this process.
std::optional<std::int64_t> smaps_rollup_kib(pid_t pid, std::string_view field);

// A field of /proc/meminfo ("KernelStack", "PageTables"): machine-wide.
std::optional<std::int64_t> meminfo_kib(std::string_view field);

// A numeric field of /proc/PID/status ("Threads", "VmHWM"). pid 0: this process.
std::optional<std::int64_t> proc_status_value(pid_t pid, std::string_view field);

}  // namespace lab
