#ifndef NCOD_STAMP_H
#define NCOD_STAMP_H

/// The build's stamp: "VERSION COMMIT DATE", written into the `.ncod_stamp` section by scripts/package
/// (`objcopy --update-section`), "unstamped" in a plain `swift build`.
const char *ncod_stamp_text(void);

#endif
