#ifndef NCOD_UEVENT_H
#define NCOD_UEVENT_H

#include <stddef.h>
#include <sys/types.h>

/// Opens a netlink socket subscribed to the kernel's uevents (hot-plug announcements); -1 with errno set when refused.
int ncod_uevent_open(void);

#endif
