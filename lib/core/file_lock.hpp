#pragma once
// One writer per file: an exclusive flock(2), and who holds it when it is taken.
#include <string>

namespace lab {

// Takes an exclusive lock on the open file `fd` without waiting. False when another open
// file holds it. The lock goes with the descriptor: closing it (or the process ending) frees it.
bool try_lock_exclusive(int fd);

// "pid 1234 (lab sweep a.ini --out r.jsonl)" for the process holding a lock on the file open
// as `fd`, from /proc/locks; "another process" when the kernel does not say.
std::string lock_holder(int fd);

}  // namespace lab
