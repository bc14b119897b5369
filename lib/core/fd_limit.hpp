#pragma once
// Every connection is a file descriptor, so the io scenarios at 10000 in flight need more
// than the usual soft limit of 1024 open files. Raising the soft limit up to the hard one
// needs no privilege; the lab never uses select(), which is what the 1024 default protects.
namespace lab {

// Raises RLIMIT_NOFILE's soft limit to its hard limit; returns the soft limit now in effect.
long long raise_open_files_limit();

// A resource's soft (current) or hard (maximum) limit; -1 when unlimited or unreadable.
long long soft_limit(int resource);
long long hard_limit(int resource);

}  // namespace lab
