// zlib (Debian: zlib1g-dev), for the master's compressed copy of the device list.
#include <zlib.h>

/// deflateInit2 without the macro's version and size arguments, which Swift cannot call.
static inline int ncod_deflate_init_gzip(z_stream *stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
