// mimalloc (Debian: libmimalloc-dev): linked into ncod-master, where it serves every allocation of the process.
#include <mimalloc.h>
