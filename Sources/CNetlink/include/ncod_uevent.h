#ifndef NCOD_UEVENT_H
#define NCOD_UEVENT_H

#include <stddef.h>
#include <sys/types.h>

/// Opens a netlink socket subscribed to the kernel's uevents (hot-plug announcements); -1 with errno set when refused.
int ncod_uevent_open(void);

/// Waits up to timeout_ms for one uevent and copies it into buffer (NUL-separated KEY=value fields).
/// Returns its length, 0 on timeout, -1 on error.
ssize_t ncod_uevent_receive(int fd, char *buffer, size_t size, int timeout_ms);

#endif
