// zlib, used by VMTrace to read gzip-compressed traces.
#ifndef VMLAB_CZLIB_SHIM_H
#define VMLAB_CZLIB_SHIM_H

#include <zlib.h>

// `inflateInit2` and `deflateInit2` are macros that Swift cannot call; these wrappers expose them as functions.
static inline int vmlab_inflateInit2(z_streamp stream, int windowBits) {
    return inflateInit2(stream, windowBits);
}

static inline int vmlab_deflateInit2(z_streamp stream, int level, int windowBits) {
    return deflateInit2(stream, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}

#endif
