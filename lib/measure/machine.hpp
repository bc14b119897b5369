#pragma once
#include <chrono>
#include <string>

#include "record/record.hpp"

namespace lab {
// What this machine is and what caps its concurrency, read once per process.
const machine_info& this_machine();

// Why `units` threads or processes at once are more than this machine allows, leaving room
// for the lab's own (kernel.pid_max, kernel.threads-max; ulimit -u unless root), as words
// after "N units ... are each a thread or process, ": "more than ...". "" when they fit.
std::string kernel_units_refusal(unsigned long long units);
// How to raise the limits kernel_units_refusal names, in words.
std::string kernel_units_remedy();

// The open-file limit a process can raise its soft one to (ulimit -Hn), read now; -1 = unlimited.
long long hard_open_files();
// The 1-minute load average (/proc/loadavg), read now; 0 where unreadable.
double load_average_1min();
// Threads of other programs runnable right now: the kernel's count of runnable threads
// (/proc/stat procs_running) sampled every 10 ms over `window`, averaged, less the one reading
// it; 0 where unreadable. Unlike the load average it does not remember the last minute (a lab
// run of 2,000 threads that ended seconds ago).
double others_running(std::chrono::milliseconds window);
// Memory the kernel could give without swapping (MemAvailable), KiB, read now; 0 = unknown.
long long mem_available_kib();
}  // namespace lab
