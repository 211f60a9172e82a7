#ifndef CVMSUPPORT_H
#define CVMSUPPORT_H

/// Hints the processor to bring the cache line holding `address` closer (read intent, keep in all levels).
/// Used by the machine's batch stepping to hide page-table cache misses; a hint only, never a fault.
static inline void vm_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// As `vm_prefetch`, with intent to write the line.
static inline void vm_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#include <stddef.h>

/// Allocates `bytes` of zeroed memory aligned to 2 MiB and asks the kernel to back it with transparent huge pages
/// (fewer TLB misses on large, randomly accessed tables). Returns NULL on failure. Free with `vm_free_large`.
void *vm_allocate_large(size_t bytes);

/// Frees memory from `vm_allocate_large`.
void vm_free_large(void *pointer);

#endif
