/*
 * round_robin_swap.c - a swap placement as a VMLab run-time plugin, in plain C (plugin ABI version 2).
 *
 * Registers the swap placement `c-round-robin`: an evicted page goes to the lowest free slot of a device chosen
 * among the devices of the highest priority that have room. With `rotate=false` (the default) the first such
 * device in the order they were added is taken: that is the built-in `first-free` placement, with identical
 * numbers. With `rotate=true` the devices of equal priority take turns, as Linux spreads swap over devices of
 * equal priority (Bovet & Cesati, Understanding the Linux Kernel, ch. 17).
 *
 * It reads the host's devices and free-slot bitmaps directly (`vmlab_swap_space`, no copy) and allocates nothing
 * per call; its only state is the turn. O(devices + slots / 64) per placement in the worst case.
 *
 * Build and use (from the repository root; see README.md next to this file):
 *   cc -shared -fPIC -O2 -I Sources/CVMPlugin/include -o Output/libroundrobin.so Examples/plugin/round_robin_swap.c
 *   vmlab simulate --plugin Output/libroundrobin.so --swap c-round-robin --swap-slots 64 --pages ...
 *   (several devices, where rotate=true matters, come from a scenario: machine.swap in Examples/scenarios/*.yaml)
 */
#include <stdlib.h>
#include <string.h>

#include "vmlab_plugin.h"

typedef struct round_robin_state {
    uint32_t turn; /* placements so far: which of the equal devices is next when rotating */
    uint8_t rotate;
} round_robin_state;

static void *round_robin_create(void *context, uint32_t frames, const vmlab_arguments *arguments, char *error,
                                size_t error_size) {
    (void)context;
    (void)frames;
    (void)error;
    (void)error_size;
    round_robin_state *state = malloc(sizeof(round_robin_state));
    if (state == NULL) return NULL;
    state->turn = 0;
    state->rotate = strcmp(vmlab_argument(arguments, "rotate"), "true") == 0;
    return state;
}

static void round_robin_destroy(void *state) { free(state); }

/* The lowest free slot of `device`, or -1. An unbounded device always has one (at the latest, its end). */
static int64_t lowest_free_slot(const vmlab_swap_device *device) {
    uint64_t words = (device->slot_count + 63u) / 64u;
    for (uint64_t word = 0; word < words; word++) {
        uint64_t bits = device->free_bits[word];
        if (bits != 0) {
            int64_t bit = 0;
            while (((bits >> bit) & 1u) == 0) bit++;
            return (int64_t)(word * 64u) + bit;
        }
    }
    if (device->capacity == VMLAB_UNBOUNDED && device->slot_count <= (uint64_t)VMLAB_MAX_SWAP_SLOT) {
        return (int64_t)device->slot_count;
    }
    return -1;
}

static int has_room(const vmlab_swap_device *device) {
    return device->capacity == VMLAB_UNBOUNDED || device->free_count > 0;
}

static int32_t round_robin_place(void *opaque, const vmlab_reference *reference, const vmlab_swap_space *space,
                                 vmlab_swap_slot *slot) {
    (void)reference;
    round_robin_state *state = opaque;
    /* The highest priority among devices with room, and how many devices with room share it. */
    uint32_t candidates = 0;
    int64_t best = 0;
    for (uint32_t rank = 0; rank < space->device_count; rank++) {
        const vmlab_swap_device *device = &space->devices[space->by_priority[rank]];
        if (!has_room(device)) continue;
        if (candidates == 0 || device->priority == best) {
            best = device->priority;
            candidates++;
        } else {
            break; /* by_priority is sorted: every later device has a lower priority */
        }
    }
    if (candidates == 0) return 0;
    uint32_t pick = state->rotate ? state->turn++ % candidates : 0;
    for (uint32_t rank = 0; rank < space->device_count; rank++) {
        uint32_t index = space->by_priority[rank];
        const vmlab_swap_device *device = &space->devices[index];
        if (!has_room(device) || device->priority != best) continue;
        if (pick-- > 0) continue;
        int64_t free_slot = lowest_free_slot(device);
        if (free_slot < 0) return 0;
        slot->device = (int32_t)index;
        slot->index = free_slot;
        return 1;
    }
    return 0;
}

static const vmlab_swap_ops round_robin_ops = {
    .abi_version = VMLAB_PLUGIN_ABI_VERSION,
    .struct_size = sizeof(vmlab_swap_ops),
    .name = "c-round-robin",
    .summary = "lowest free slot on the highest-priority devices with room, equal ones in turn (rotate), in C",
    .source = "Bovet & Cesati, Understanding the Linux Kernel, ch. 17 (Examples/plugin/round_robin_swap.c)",
    .parameters = "rotate:boolean=false",
    .parameter_summaries = (const char *const[]){"whether devices of equal priority take turns"},
    .context = NULL,
    .create = round_robin_create,
    .destroy = round_robin_destroy,
    .place = round_robin_place,
    .released = NULL,
};

VMLAB_PLUGIN_EXPORT uint32_t vmlab_plugin_abi_version(void) { return VMLAB_PLUGIN_ABI_VERSION; }

VMLAB_PLUGIN_EXPORT int vmlab_plugin_register(const vmlab_registrar *registrar) {
    if (registrar->abi_version != VMLAB_PLUGIN_ABI_VERSION) return -1;
    return registrar->register_swap(registrar->context, &round_robin_ops);
}
