#ifndef CVMSUPPORT_H
#define CVMSUPPORT_H

/// Hints the processor to bring the cache line holding `address` closer (read intent, keep in all levels).
/// Used by the machine's batch stepping to hide page-table cache misses; a hint only, never a fault.
static inline void vm_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

/// As `vm_prefetch`, with intent to write the line.
static inline void vm_prefetch_for_write(const void *address) { __builtin_prefetch(address, 1, 3); }

#include <stddef.h>

/// `bytes` of zero-filled memory straight from the kernel (an anonymous mapping, rounded up to whole pages), or NULL.
/// Untouched pages cost nothing: the kernel zeroes each page when it is first touched, so a table sized for the
/// worst case costs memory and time only for the pages that are used. Never clear it again. Mappings of 2 MiB or
/// more are 2 MiB-aligned and asked to be backed by transparent huge pages (fewer TLB misses on large, randomly
/// accessed tables). Free with `vm_unmap` and the same size.
void *vm_map_zeroed(size_t bytes);

/// Grows a mapping from `vm_map_zeroed` (or an earlier `vm_remap_zeroed`) from `old_bytes` to `new_bytes`, keeping
/// its contents; the added bytes read as zero. It may move: on Linux its pages move (`mremap`: page-table entries,
/// not bytes) to a 2 MiB-aligned range when they cannot grow in place; elsewhere they are copied. Returns the new
/// address, or NULL when the system refuses (the old mapping is then unchanged).
void *vm_remap_zeroed(void *pointer, size_t old_bytes, size_t new_bytes);

/// Returns a mapping from `vm_map_zeroed` or `vm_remap_zeroed` of `bytes` (its current size) to the system.
void vm_unmap(void *pointer, size_t bytes);

#endif
