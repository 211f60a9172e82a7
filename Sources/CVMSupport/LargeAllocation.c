// Large-table allocation for page tables and id tables; the prefetch helpers are static inline in the header.
#define _GNU_SOURCE
#include "CVMSupport.h"

#include <stdlib.h>
#include <string.h>
#if defined(__linux__)
#include <sys/mman.h>
#endif

void *vm_allocate_large(size_t bytes) {
    const size_t huge = (size_t)2 << 20;
    void *pointer = NULL;
    if (bytes >= huge) {
        if (posix_memalign(&pointer, huge, bytes) != 0) return NULL;
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        (void)madvise(pointer, bytes, MADV_HUGEPAGE);
#endif
    } else {
        pointer = malloc(bytes);
        if (pointer == NULL) return NULL;
    }
    memset(pointer, 0, bytes);
    return pointer;
}

void vm_free_large(void *pointer) { free(pointer); }
