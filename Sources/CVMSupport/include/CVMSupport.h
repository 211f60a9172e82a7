#ifndef CVMSUPPORT_H
#define CVMSUPPORT_H

/// Hints the processor to bring the cache line holding `address` closer (read intent, keep in all levels).
/// Used by the machine's batch stepping to hide page-table cache misses; a hint only, never a fault.
static inline void vm_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// As `vm_prefetch`, with intent to write the line.
static inline void vm_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#endif
