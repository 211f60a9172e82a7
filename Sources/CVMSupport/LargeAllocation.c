// Large tables (page-table pools, id tables) as anonymous mappings: zeroed by the kernel page by page on first
// touch, so a table costs memory, and zeroing time, only for the pages the trace reaches. The prefetch helpers are
// static inline in the header.
#define _GNU_SOURCE
#include "CVMSupport.h"

#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#if !defined(MAP_ANONYMOUS) && defined(MAP_ANON)
#define MAP_ANONYMOUS MAP_ANON
#endif

static const size_t huge_size = (size_t)2 << 20;

static size_t page_round(size_t bytes) {
    static size_t page = 0;
    if (page == 0) {
        long size = sysconf(_SC_PAGESIZE);
        page = size > 0 ? (size_t)size : 4096;
    }
    if (bytes == 0) bytes = 1;
    if (bytes > SIZE_MAX - page) return 0;
    return (bytes + page - 1) & ~(page - 1);
}

/// A 2 MiB-aligned range of `bytes` (page-rounded) of fresh address space with protection `protection`, or NULL.
/// Maps 2 MiB more than asked and returns the unaligned head and tail to the system.
static void *map_aligned(size_t bytes, int protection) {
    if (bytes > SIZE_MAX - huge_size) return NULL;
    size_t span = bytes + huge_size;
    char *raw = mmap(NULL, span, protection, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    char *aligned = (char *)(((uintptr_t)raw + huge_size - 1) & ~(uintptr_t)(huge_size - 1));
    size_t head = (size_t)(aligned - raw);
    size_t tail = span - head - bytes;
    if (head > 0) (void)munmap(raw, head);
    if (tail > 0) (void)munmap(aligned + bytes, tail);
    return aligned;
}

static void advise_huge(void *pointer, size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
    if (bytes >= huge_size) (void)madvise(pointer, bytes, MADV_HUGEPAGE);
#else
    (void)pointer;
    (void)bytes;
#endif
}

void *vm_map_zeroed(size_t bytes) {
    size_t size = page_round(bytes);
    if (size == 0) return NULL;
    if (size < huge_size) {
        void *pointer = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        return pointer == MAP_FAILED ? NULL : pointer;
    }
    void *pointer = map_aligned(size, PROT_READ | PROT_WRITE);
    if (pointer != NULL) advise_huge(pointer, size);
    return pointer;
}

void *vm_remap_zeroed(void *pointer, size_t old_bytes, size_t new_bytes) {
    size_t old_size = page_round(old_bytes);
    size_t new_size = page_round(new_bytes);
    if (old_size == 0 || new_size == 0) return NULL;
    if (new_size <= old_size) return pointer;
#if defined(__linux__)
    // A mapping that reaches 2 MiB for the first time is copied (under 2 MiB, cheap) into a fresh aligned one: its
    // 4 KiB pages, moved, would keep the first 2 MiB off huge pages for good (a huge page is only made on a fault
    // in an empty 2 MiB range). Larger ones extend in place when the next pages are free, or else move their pages
    // (page-table entries, not bytes) to a fresh 2 MiB-aligned range, so that huge pages stay huge.
    if (old_size >= huge_size || new_size < huge_size) {
        void *moved = mremap(pointer, old_size, new_size, 0);
        if (moved != MAP_FAILED) {
            advise_huge(moved, new_size);
            return moved;
        }
        if (new_size >= huge_size) {
            void *target = map_aligned(new_size, PROT_NONE);
            if (target != NULL) {
                moved = mremap(pointer, old_size, new_size, MREMAP_MAYMOVE | MREMAP_FIXED, target);
                if (moved != MAP_FAILED) {
                    advise_huge(moved, new_size);
                    return moved;
                }
                (void)munmap(target, new_size);
            }
        } else {
            moved = mremap(pointer, old_size, new_size, MREMAP_MAYMOVE);
            if (moved != MAP_FAILED) return moved;
        }
    }
#endif
    void *fresh = vm_map_zeroed(new_size);
    if (fresh == NULL) return NULL;
    memcpy(fresh, pointer, old_size);
    (void)munmap(pointer, old_size);
    return fresh;
}

void vm_unmap(void *pointer, size_t bytes) {
    if (pointer == NULL) return;
    size_t size = page_round(bytes);
    if (size > 0) (void)munmap(pointer, size);
}
