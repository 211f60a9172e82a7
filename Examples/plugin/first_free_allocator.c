/*
 * first_free_allocator.c - a frame allocator as a VMLab run-time plugin, in plain C (plugin ABI version 2).
 *
 * Registers the frame allocator `c-first-free`: a faulting page gets the lowest-numbered free frame at or after
 * frame `start`, wrapping around to frame 0 when none is free above it. With the default `start=0` it is the
 * textbook linear free-frame allocation of the built-in `first-free` (Silberschatz et al., Operating System
 * Concepts), and gives identical numbers.
 *
 * It reads the host's free-frame bitmap directly (`vmlab_frame_map`, no copy): `allocate` is a scan of 64 frames
 * per word, O(frames / 64) worst case, and allocates nothing. It keeps no structures of its own, so it needs no
 * `released` function. `create` refuses, with a reason, a `start` that is not a frame of the machine.
 *
 * Build and use (from the repository root; see README.md next to this file):
 *   cc -shared -fPIC -O2 -I Sources/CVMPlugin/include -o Output/libfirstfree.so Examples/plugin/first_free_allocator.c
 *   vmlab simulate --plugin Output/libfirstfree.so --allocator c-first-free --pages 1,2,3,4,1,2,5 --frames 3
 */
#include <stdio.h>
#include <stdlib.h>

#include "vmlab_plugin.h"

typedef struct first_free_state {
    uint32_t start; /* the first frame the scan considers */
} first_free_state;

static void *first_free_create(void *context, uint32_t frames, const vmlab_arguments *arguments, char *error,
                               size_t error_size) {
    (void)context;
    long long start = strtoll(vmlab_argument(arguments, "start"), NULL, 10);
    if (start < 0 || start >= (long long)frames) {
        snprintf(error, error_size, "start=%lld is not a frame of this machine (frames 0...%u)", start, frames - 1);
        return NULL;
    }
    first_free_state *state = malloc(sizeof(first_free_state));
    if (state == NULL) return NULL;
    state->start = (uint32_t)start;
    return state;
}

static void first_free_destroy(void *state) { free(state); }

static int32_t first_free_allocate(void *opaque, const vmlab_reference *reference, const vmlab_frame_map *memory) {
    (void)reference;
    const first_free_state *state = opaque;
    int32_t frame = vmlab_lowest_free_frame(memory, state->start);
    /* Called only while a frame is free: if none is at or after `start`, one is below it. */
    return frame != VMLAB_NO_FRAME ? frame : vmlab_lowest_free_frame(memory, 0);
}

static const vmlab_allocator_ops first_free_ops = {
    .abi_version = VMLAB_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(vmlab_allocator_ops),
    .name = "c-first-free",
    .summary = "the lowest free frame at or after start (wrapping): the built-in first-free with start=0, in C",
    .source = "textbook linear free-frame allocation, Silberschatz et al., Operating System Concepts "
              "(Examples/plugin/first_free_allocator.c)",
    .parameters = "start:integer=0",
    .parameter_summaries = (const char *const[]){"the first frame the scan considers"},
    .context = NULL,
    .create = first_free_create,
    .destroy = first_free_destroy,
    .allocate = first_free_allocate,
    .released = NULL,
};

VMLAB_PLUGIN_EXPORT uint32_t vmlab_plugin_abi_version(void) { return VMLAB_PLUGIN_ABI_VERSION; }

VMLAB_PLUGIN_EXPORT int vmlab_plugin_register(const vmlab_registrar *registrar) {
    if (registrar->abi_version != VMLAB_PLUGIN_ABI_VERSION) return -1;
    return registrar->register_allocator(registrar->context, &first_free_ops);
}
