// The zstd streaming API used by VMTrace to read `.zst` traces.
#ifndef VMLAB_CZSTD_SHIM_H
#define VMLAB_CZSTD_SHIM_H

#include <zstd.h>

#endif
