#include "ncod_stamp.h"

// A fixed-size, allocated section of its own, so scripts/package can replace its bytes in a linked binary (debug or release,
// static or not) without compiling again: the version and commit come from git at packaging time. 128 bytes, NUL-padded.
__attribute__((used, section(".ncod_stamp"), aligned(1))) const char ncod_stamp[128] = "unstamped";

const char *ncod_stamp_text(void) {
    // Read through a volatile pointer so the compiler cannot fold the initial text into callers.
    const char *volatile stamp = ncod_stamp;
    return stamp;
}
