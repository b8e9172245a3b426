#ifndef SWEEP_SUPPORT_H
#define SWEEP_SUPPORT_H
#include <spawn.h>
#include <sys/types.h>

/// The cores the calling thread may run on, written into `cores` (at most `max`); returns how
/// many, or -1 with errno set.
int sweep_thread_affinity(int *cores, int max);

/// Restricts the calling thread to `cores`; a process it spawns afterwards inherits the mask.
/// Returns 0, or -1 with errno set.
int sweep_set_thread_affinity(const int *cores, int count);

/// Closes every descriptor from `lowfd` up in the spawned child (glibc 2.34+; 0 when unsupported,
/// the caller's descriptors are close-on-exec anyway).
int sweep_file_actions_closefrom(posix_spawn_file_actions_t *actions, int lowfd);

/// The width in columns of the terminal `fd` is on, or 0 when it is not a terminal (TIOCGWINSZ
/// is a macro Swift does not import).
int sweep_terminal_columns(int fd);

/// Makes the kernel SIGKILL the calling process when its parent ends (PR_SET_PDEATHSIG; prctl
/// is variadic, which Swift does not import). Returns 0, or -1 with errno set.
int sweep_die_with_parent(void);

#endif
