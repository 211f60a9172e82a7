/*
 * clock_plugin.c - CLOCK page replacement as a VMLab run-time plugin, in plain C.
 *
 * Registers `c-clock`, the one-handed second-chance algorithm of F. J. Corbató, "A paging experiment with the
 * Multics system", MIT Project MAC MAC-M-384, 1968 -- the same algorithm as the built-in `clock`, so the two give
 * identical numbers:
 *
 *   Resident pages sit on a circle with a hand; each has a reference bit, set by every hit. To evict, the hand
 *   sweeps: a page whose bit is set loses it and is passed over; the first page with a clear bit is the victim. A
 *   new page takes its place on the circle just behind the hand.
 *
 * Parameter `bit-on-load` (default true): whether a newly loaded page starts with its bit set, as in Corbató's
 * Multics CLOCK and the built-in `clock`. With `c-clock:bit-on-load=false` it is libCacheSim's Clock, the
 * built-in `fifo-reinsertion`.
 *
 * Complexity: inserted, accessed and removed O(1); evict O(1) amortised, O(n) worst case (one full sweep). All
 * state lives in one block allocated by `create`: nothing is allocated per access.
 *
 * Build and use (from the repository root; see README.md next to this file):
 *   cc -shared -fPIC -O2 -I Sources/CVMPlugin/include -o Output/libclockplugin.so Examples/plugin/clock_plugin.c
 *   vmlab compare --plugin Output/libclockplugin.so --policies c-clock,clock --frames 3...6 \
 *       --pages 1,2,3,4,1,2,5,1,2,3,4,5
 */
#include <stdlib.h>
#include <string.h>

#include "vmlab_plugin.h"

/* One CLOCK: a circular doubly linked list over frame numbers, a reference bit per frame, and the hand. */
typedef struct clock_state {
    int32_t *next;       /* next[frame]: the frame after it on the circle (meaningful while resident) */
    int32_t *previous;   /* previous[frame]: the frame before it */
    uint8_t *referenced; /* referenced[frame]: the reference bit */
    int32_t hand;        /* the frame under the hand, or -1 when the circle is empty */
    uint8_t bit_on_load; /* the bit a newly loaded page starts with */
} clock_state;

static void *clock_create(uint32_t frames, const vmlab_arguments *arguments) {
    const char *bit_on_load = vmlab_argument(arguments, "bit-on-load");
    if (frames == 0 || bit_on_load == NULL) return NULL;
    /* One allocation: the header, then the three arrays. */
    size_t links = (size_t)frames * sizeof(int32_t);
    clock_state *state = malloc(sizeof(clock_state) + 2 * links + frames);
    if (state == NULL) return NULL;
    char *storage = (char *)(state + 1);
    state->next = (int32_t *)storage;
    state->previous = (int32_t *)(storage + links);
    state->referenced = (uint8_t *)(storage + 2 * links);
    memset(state->referenced, 0, frames);
    state->hand = -1;
    state->bit_on_load = strcmp(bit_on_load, "true") == 0;
    return state;
}

static void clock_destroy(void *opaque) { free(opaque); }

/* Takes `frame` off the circle; the hand moves on if it was there. */
static void clock_unlink(clock_state *state, int32_t frame) {
    int32_t following = state->next[frame];
    if (following == frame) {
        state->hand = -1;
    } else {
        if (state->hand == frame) state->hand = following;
        int32_t preceding = state->previous[frame];
        state->next[preceding] = following;
        state->previous[following] = preceding;
    }
    state->referenced[frame] = 0;
}

static void clock_inserted(void *opaque, int32_t frame, const vmlab_reference *reference) {
    (void)reference;
    clock_state *state = opaque;
    state->referenced[frame] = state->bit_on_load;
    if (state->hand < 0) {
        state->next[frame] = frame;
        state->previous[frame] = frame;
        state->hand = frame;
        return;
    }
    /* Just behind the hand: the last page the hand will reach. */
    int32_t preceding = state->previous[state->hand];
    state->next[preceding] = frame;
    state->previous[frame] = preceding;
    state->next[frame] = state->hand;
    state->previous[state->hand] = frame;
}

static void clock_accessed(void *opaque, int32_t frame, const vmlab_reference *reference) {
    (void)reference;
    ((clock_state *)opaque)->referenced[frame] = 1;
}

static int32_t clock_evict(void *opaque, const vmlab_reference *reference) {
    (void)reference;
    clock_state *state = opaque;
    if (state->hand < 0) return -1; /* never happens: the host evicts only while a page is resident */
    while (state->referenced[state->hand]) {
        state->referenced[state->hand] = 0;
        state->hand = state->next[state->hand];
    }
    int32_t victim = state->hand;
    clock_unlink(state, victim);
    return victim;
}

static void clock_removed(void *opaque, int32_t frame) { clock_unlink(opaque, frame); }

static const vmlab_replacement_ops clock_ops = {
    .abi_version = VMLAB_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(vmlab_replacement_ops),
    .name = "c-clock",
    .summary = "CLOCK in a C plugin: hand-based second chance, bit set on load (bit-on-load) and on every hit",
    .source = "Corbató, MIT Project MAC MAC-M-384, 1968 (Examples/plugin/clock_plugin.c)",
    .parameters = "bit-on-load=true",
    .needs_future = 0,
    .create = clock_create,
    .destroy = clock_destroy,
    .inserted = clock_inserted,
    .accessed = clock_accessed,
    .evict = clock_evict,
    .removed = clock_removed,
};

VMLAB_PLUGIN_EXPORT uint32_t vmlab_plugin_abi_version(void) { return VMLAB_PLUGIN_ABI_VERSION; }

VMLAB_PLUGIN_EXPORT int vmlab_plugin_register(const vmlab_registrar *registrar) {
    if (registrar->abi_version != VMLAB_PLUGIN_ABI_VERSION) return -1;
    return registrar->register_replacement(registrar->context, &clock_ops);
}
