#ifndef NCOD_RESIDENCY_H
#define NCOD_RESIDENCY_H

#include <stddef.h>

/// Gives back the pages of the program's file and of the libraries it loaded (code, constants and tables) that it has in memory,
/// and asks the kernel to read them one page at a time from then on instead of in large read-ahead blocks (a kernel that reads
/// ahead for code anyway, as 6.16 and later do, still gets the pages back). Nothing is lost: a clean page is a copy of the file and comes back when next
/// used; a page the program changed is never dropped. Returns the bytes of the segments advised, 0 when the kernel refused (older
/// than 5.4, or not Linux).
size_t ncod_release_program_pages(void);

/// The process's resident memory in bytes, as the kernel counts it (`/proc/self/statm`); 0 when it cannot be read.
size_t ncod_resident_bytes(void);

#endif
