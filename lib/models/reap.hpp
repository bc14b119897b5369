#pragma once
// Ending procs' child processes (the model's workers and the probe's units): every child is
// waited for, on failure too, so none is left a zombie.
#include <sys/resource.h>
#include <sys/types.h>

#include <vector>

namespace lab {

// Waits for the child to end (EINTR retried); its wait status, its rusage in *usage if given.
int reap(pid_t pid, rusage* usage = nullptr);

// A failure midway: kills the children that were started and reaps them all.
void kill_and_reap(const std::vector<pid_t>& pids);

}  // namespace lab
