/*
 * vmlab_plugin.h - the C ABI of VMLab run-time plugins, version 2.
 *
 * A plugin is a shared library (`libMyPolicy.so`, `libMyPolicy.dylib`) that adds policies of any of the three
 * kinds to `vmlab` without rebuilding it: replacement policies (which resident page leaves RAM), frame allocators
 * (which free frame a faulting page gets) and swap placements (which swap slot an evicted page is written to).
 *
 *     vmlab policies --plugin Output/libclockplugin.so
 *     vmlab compare  --plugin Output/libclockplugin.so --policies c-clock,clock --frames 8,16,32 --trace ...
 *     vmlab simulate --plugin Output/libfirstfree.so --allocator c-first-free --swap c-first-free ...
 *
 * Only C types cross the boundary, so a plugin can be written in C, C++ (extern "C"), Rust (#[no_mangle]
 * extern "C") or Swift (@_cdecl; the VMPluginKit library turns Swift policies into these tables). This header is
 * the whole contract. Examples/plugin/ holds complete C plugins of each kind (clock_plugin.c,
 * first_free_allocator.c, round_robin_swap.c) and Examples/SwiftPlugin/ a Swift one.
 *
 * VERSIONS. This header describes ABI version 2 (VMLAB_PLUGIN_ABI_VERSION). The host also loads plugins built
 * against version 1 (replacement policies only; their structures are declared below with a `_v1` suffix, for the
 * host's benefit: a version-1 plugin keeps compiling against its own copy of the version-1 header). Version 2
 * added, compared with version 1:
 *   - frame allocators (`vmlab_allocator_ops`, `register_allocator`) and swap placements (`vmlab_swap_ops`,
 *     `register_swap`), appended to the registrar;
 *   - a `context` pointer in every ops structure, handed back to `create`, so that one generic `create` can serve
 *     many policies (VMPluginKit's Swift adapter works that way);
 *   - `create` can refuse with a reason, written into a buffer the host provides;
 *   - parameters may declare their type (`key:number=1`) and carry summaries (`parameter_summaries`).
 * The event functions of a replacement policy (`inserted`, `accessed`, `evict`, `removed`) and `destroy` are
 * unchanged. VMLAB_PLUGIN_ABI_VERSION changes whenever a structure or a function signature changes
 * incompatibly. Each structure also carries `abi_version` and `struct_size`, so the host can tell which layout it
 * was handed; the host refuses an ops structure whose `struct_size` is smaller than the one it knows for that
 * version, and one whose `abi_version` differs from the version the plugin reported.
 *
 * LOADING. `vmlab` opens the library with dlopen(RTLD_NOW | RTLD_LOCAL) and never closes it. It then
 *   1. looks up `vmlab_plugin_abi_version` and calls it. If the symbol is missing, or the version is not one the
 *      host supports (1 or 2), the plugin is refused (exit status 2) and nothing else in it is touched;
 *   2. looks up `vmlab_plugin_register` and calls it once with a registrar whose `abi_version` is the version the
 *      plugin reported (a version-1 plugin sees the version-1 registrar it was built for; the version-1
 *      registrar is the first three fields of the version-2 one). The plugin calls `register_replacement`,
 *      `register_allocator` or `register_swap` once per policy. A non-zero return from `vmlab_plugin_register`,
 *      any refused registration, or no registration at all refuses the whole plugin: none of its policies is
 *      registered.
 * Names are unique per kind: a replacement policy and an allocator may share a name (the built-ins do:
 * `first-free` is both an allocator and a swap placement), two allocators may not. A name taken by a built-in
 * policy or an earlier plugin of the same kind is refused.
 *
 * CREATING A STATE. Every kind has `create(context, frames, arguments, error, error_size)`:
 *   - `context` is the `context` field of the ops structure, untouched (NULL if the plugin left it NULL);
 *   - `frames` is the number of physical frames of the machine being built (frame numbers lie in
 *     0 .. frames-1). Under local replacement (`--scope local:...`) a replacement policy gets one state per
 *     process that faults, each created with the machine's frame count. `vmlab compare` and experiments also
 *     create (and destroy at once) one replacement state of 1 frame, before the run, to learn the policy's needs;
 *   - `arguments` holds every declared parameter (see `vmlab_arguments`);
 *   - `error` points to `error_size` bytes (VMLAB_ERROR_SIZE), holding an empty string. To refuse, return NULL
 *     and, optionally, write a one-line NUL-terminated UTF-8 reason there (`snprintf(error, error_size, ...)`).
 *     The run is then refused (exit status 2) with a message naming the policy, the frame count, the arguments
 *     and the reason. Return NULL also when memory is short.
 * `create` and `destroy` are not on the access path: they may allocate, and they are where every buffer the
 * state needs is allocated and freed.
 *
 * THE REPLACEMENT CONTRACT (the same as Swift's `ReplacementPolicy`, Sources/VMCore/Protocols/ReplacementPolicy.swift).
 * A replacement policy sees resident pages only as frames 0 .. frames-1. For one state, the host calls, in this
 * order and no other:
 *   - `inserted(state, frame, ref)` when a page has just been mapped into `frame` after a fault. The insertion IS
 *     the faulting reference: `accessed` is not also called for it.
 *   - `accessed(state, frame, ref)` on every later reference to a resident page (a hit), reads and writes alike.
 *   - `evict(state, ref)` when a page must come in and no frame is free; called only while at least one page is
 *     resident in this state. The policy picks one of its resident frames, forgets it and returns it. On a fault
 *     with RAM full the victim is evicted BEFORE the new page is inserted: the incoming page is never its own
 *     victim. Returning a frame that holds no page (or a negative or out-of-range number) stops the run with a
 *     contract violation (exit status 1).
 *   - `removed(state, frame)` when a page leaves for another reason (its process was killed); forget it.
 * A frame is never inserted twice without an eviction or a removal between.
 *
 * SCOPE. Under global replacement one state sees every frame. Under local replacement (`--scope local:...`) the
 * host creates one state per process; frame numbers stay global, and `evict` may be called on behalf of ANOTHER
 * process's fault (the reference then belongs to that process and no `inserted` follows in this state). A policy
 * that prepares something in `evict` for the insertion that follows must check, in `inserted`, that `ref->time`
 * is the same, and otherwise start afresh. Allocators and swap placements always have one state per machine.
 *
 * THE ALLOCATOR CONTRACT (Swift's `FrameAllocator`, Sources/VMCore/Protocols/FrameAllocator.swift). The host
 * owns which frames are free; the allocator chooses among them and may keep its own structures (free lists,
 * buddy orders, cursors), kept in step through `released`. For one state:
 *   - `allocate(state, ref, memory)` is called on a fault, only while at least one frame is free. `memory` is a
 *     read-only view of the host's free-frame bitmap (no copy is made: read it during the call, keep no pointer).
 *     It returns a free frame, or VMLAB_NO_FRAME to refuse (the faulting process is over a budget the allocator
 *     keeps); the host then evicts a page (replacement `evict`), calls `released` for its frame and asks again.
 *     Refusing twice while a frame is free, or returning a frame that is not free or out of range, stops the run
 *     with a contract violation (exit status 1). After a frame is returned, the host marks it used; nothing else
 *     is called.
 *   - `released(state, frame)` after `frame` became free again (its page was evicted, or its process killed).
 *     May be NULL when the allocator keeps no structures of its own.
 * The first `allocate` sees every frame free. `allocate` runs once per fault, `released` once per eviction: not on
 * the hit path, but still millions of times in a long run.
 *
 * THE SWAP PLACEMENT CONTRACT (Swift's `SwapPlacement`, Sources/VMCore/Protocols/SwapPlacement.swift). The host
 * owns the devices and which slots are used; the placement chooses a free slot and may keep its own state
 * (cursors, clusters). For one state:
 *   - `place(state, ref, space, slot)` is called when a page must be written out (it is dirty, or has no valid
 *     swap copy); `ref` describes the page being evicted (its process, page and `time`; `kind` is
 *     VMLAB_ACCESS_WRITE when it is dirty). `space` is a read-only view of the devices and their free-slot
 *     bitmaps (no copy is made: read it during the call, keep no pointer). It fills `*slot` with a free slot and
 *     returns 1, or returns 0 when no device has room (the host then applies its out-of-memory rule and kills a
 *     process). A slot that is not free, a device out of range, a negative index or one past
 *     VMLAB_MAX_SWAP_SLOT stops the run with a contract violation (exit status 1). The host marks the slot used.
 *   - `released(state, device, index)` after a slot became free: its page was written to while resident (the copy
 *     is stale) or its process was killed. May be NULL.
 * A page keeps its slot while its copy stays valid: a page swapped in and only read is dropped again without a
 * `place`.
 *
 * SPEED. The event functions (`inserted`, `accessed`, `evict`, `removed`, `allocate`, `place`, `released`) run
 * millions of times a second: they must not allocate, print or lock. Allocate every buffer in `create` and free it
 * in `destroy`. Every pointer argument points to host memory valid during the call only: read it, never keep it.
 *
 * THREADS. `vmlab compare` runs cells in parallel: `create` and `destroy` may be called from several threads at
 * once, for different states (of one ops structure too: `context` must be safe to read concurrently). One state
 * is only ever used by one thread at a time. Keep no mutable globals.
 *
 * DETERMINISM. A policy that draws random numbers declares a `seed` parameter and uses its own generator seeded
 * from it (never rand(), time or addresses): the same seed must give the same decisions on every machine.
 *
 * LIFETIME. The library is never unloaded. The ops structures and the strings they point to are copied by the
 * host during `register_*`, except `context`, which is kept and passed to `create` for the life of the process:
 * static storage is the simplest choice anyway.
 */
#ifndef VMLAB_PLUGIN_H
#define VMLAB_PLUGIN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The ABI this header describes. A plugin returns it from `vmlab_plugin_abi_version` and stores it in every
 * structure it hands over. */
#define VMLAB_PLUGIN_ABI_VERSION 2
/* The oldest ABI version the host still loads. */
#define VMLAB_PLUGIN_ABI_VERSION_OLDEST 1

/* `vmlab_reference.kind`: what the access did. */
#define VMLAB_ACCESS_READ 0u  /* a data load */
#define VMLAB_ACCESS_WRITE 1u /* a data store: the page becomes dirty */
#define VMLAB_ACCESS_FETCH 2u /* an instruction fetch */

/* `vmlab_reference.next_use` when the page is not referenced again (or the policy did not ask for the future). */
#define VMLAB_NEVER INT64_MAX

/* The size of the buffer `create` may write a refusal reason into (including the terminating NUL). */
#define VMLAB_ERROR_SIZE 512

/* What `allocate` returns to refuse a frame. */
#define VMLAB_NO_FRAME (-1)

/* `vmlab_swap_device.capacity` of a device that grows as needed (it never fills). */
#define VMLAB_UNBOUNDED (-1)

/* The largest slot index a page table entry can hold: `place` must not return a larger one. */
#define VMLAB_MAX_SWAP_SLOT ((int64_t)((1 << 28) - 1))

/* One reference, as a policy sees it. */
typedef struct vmlab_reference {
    /* Position of this access in the run, from 0 (hits and faults alike). */
    int64_t time;
    /* Position of the next access to the same page of the same process, or VMLAB_NEVER. Only meaningful for a
     * replacement policy that set `needs_future`; otherwise always VMLAB_NEVER. */
    int64_t next_use;
    /* Virtual page number. */
    uint64_t page;
    /* Dense index of the process (0 for the first process the machine saw), not its pid. */
    int32_t process;
    /* VMLAB_ACCESS_READ, VMLAB_ACCESS_WRITE or VMLAB_ACCESS_FETCH. */
    uint32_t kind;
} vmlab_reference;

/* The parameter values a policy is created with: every parameter the policy declared, in declaration order, the
 * user's value or the declared default. Values are already checked against the parameter's type (declared, or
 * inferred from the default: see `vmlab_replacement_ops.parameters`) and normalised: integers in decimal as
 * int64_t (a value above INT64_MAX, allowed for seeds, arrives as the same 64 bits read as signed: parse with
 * strtoll and cast to uint64_t), numbers as decimal text for strtod, booleans `true` or `false`, text as given. */
typedef struct vmlab_arguments {
    /* Number of parameters. */
    uint32_t count;
    /* `count` NUL-terminated names and values; valid only during `create`. */
    const char *const *keys;
    const char *const *values;
} vmlab_arguments;

/* The value of parameter `key`, or NULL if the policy did not declare it. Valid only during `create`. */
static inline const char *vmlab_argument(const vmlab_arguments *arguments, const char *key) {
    for (uint32_t index = 0; index < arguments->count; index++) {
        if (strcmp(arguments->keys[index], key) == 0) return arguments->values[index];
    }
    return NULL;
}

/* Makes a state (see CREATING A STATE above). Returns NULL to refuse, with an optional reason in `error`. */
typedef void *(*vmlab_create_function)(
    void *context, uint32_t frames, const vmlab_arguments *arguments, char *error, size_t error_size);
/* Frees a state from `create`; called once, when the run that made it ends. */
typedef void (*vmlab_destroy_function)(void *state);

/*
 * The fields every ops structure starts with, in this order (written out in each structure so that designated
 * initialisers read naturally):
 *
 *   abi_version   VMLAB_PLUGIN_ABI_VERSION.
 *   struct_size   sizeof the structure: lets a newer host tell which layout it was given.
 *   name          The name users type (`c-clock`): lowercase letters, digits and dashes, starting and ending with a
 *                 letter or digit. Must not clash with a built-in or another plugin's policy of the same kind.
 *   summary       One line for `vmlab policies`.
 *   source        The published source: paper, book or program, with year.
 *   parameters    Parameters with their defaults, `"key=default,key=default"`, or NULL (or "") for none. Users
 *                 override them with `NAME:key=value,...`. A parameter's type is declared as `key:TYPE=default`
 *                 (TYPE: integer, number, boolean or text) or inferred from its default: an integer (`0`, `-3`),
 *                 a number (`0.5`), a boolean (`true`, `false`), otherwise text. The default, and a user's value,
 *                 must parse as that type. Keys use letters, digits, `_` and `-`; defaults contain no `,`.
 *   parameter_summaries  NULL, or one NUL-terminated line per parameter, in declaration order, for
 *                 `vmlab policies` (otherwise the host describes each parameter by its type and default).
 *   context       Anything: handed back, untouched, as `create`'s first argument. May be NULL.
 *   create, destroy  See CREATING A STATE. Required.
 */

/* One replacement policy: what it is, and the functions that run it. Fill every field. */
typedef struct vmlab_replacement_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    const char *name;
    const char *summary;
    const char *source;
    const char *parameters;
    const char *const *parameter_summaries;
    void *context;
    vmlab_create_function create;
    vmlab_destroy_function destroy;
    /* A page was mapped into `frame` by the fault of `*reference`. */
    void (*inserted)(void *state, int32_t frame, const vmlab_reference *reference);
    /* The page in `frame` was referenced again (a hit). */
    void (*accessed)(void *state, int32_t frame, const vmlab_reference *reference);
    /* Chooses a resident frame to free for the page that `*reference` faulted on, forgets it, and returns it. */
    int32_t (*evict)(void *state, const vmlab_reference *reference);
    /* The page in `frame` left without being chosen by `evict`; forget it. */
    void (*removed)(void *state, int32_t frame);
    /* Non-zero when the policy needs `vmlab_reference.next_use` (Belady's OPT and relatives). */
    int32_t needs_future;
} vmlab_replacement_ops;

/* The free frames of the machine, as an allocator sees them: the host's own bitmap, read-only. */
typedef struct vmlab_frame_map {
    /* Bit (frame % 64) of word (frame / 64) is 1 when `frame` is free; (frame_count + 63) / 64 words. Bits past
     * `frame_count` in the last word are 0. */
    const uint64_t *free_bits;
    /* Number of frames (the `frames` the state was created with). */
    uint32_t frame_count;
    /* Number of free frames: at least 1 whenever `allocate` is called. */
    uint32_t free_count;
} vmlab_frame_map;

/* Whether `frame` is free in `map` (0 for a frame out of range). */
static inline int vmlab_frame_is_free(const vmlab_frame_map *map, int64_t frame) {
    if (frame < 0 || frame >= (int64_t)map->frame_count) return 0;
    return (int)((map->free_bits[frame >> 6] >> (frame & 63)) & 1u);
}

/* The lowest free frame at or after `from`, or VMLAB_NO_FRAME. O(frames / 64) worst case. */
static inline int32_t vmlab_lowest_free_frame(const vmlab_frame_map *map, uint32_t from) {
    uint32_t words = (map->frame_count + 63u) / 64u;
    for (uint32_t word = from / 64u; word < words; word++) {
        uint64_t bits = map->free_bits[word];
        if (word == from / 64u) bits &= ~(uint64_t)0 << (from % 64u);
        if (bits != 0) {
            uint32_t bit = 0;
            while (((bits >> bit) & 1u) == 0) bit++;
            return (int32_t)(word * 64u + bit);
        }
    }
    return VMLAB_NO_FRAME;
}

/* One frame allocator. Fill every field; `released` may be NULL. */
typedef struct vmlab_allocator_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    const char *name;
    const char *summary;
    const char *source;
    const char *parameters;
    const char *const *parameter_summaries;
    void *context;
    vmlab_create_function create;
    vmlab_destroy_function destroy;
    /* A free frame of `*memory` for the page `*reference` faulted on, or VMLAB_NO_FRAME. */
    int32_t (*allocate)(void *state, const vmlab_reference *reference, const vmlab_frame_map *memory);
    /* `frame` became free. */
    void (*released)(void *state, int32_t frame);
} vmlab_allocator_ops;

/* One swap device, as a placement sees it: the host's own bitmap, read-only. */
typedef struct vmlab_swap_device {
    /* Its name (`swap0`, ...). */
    const char *name;
    /* Bit (slot % 64) of word (slot / 64) is 1 when `slot` is free, for slots below `slot_count`; bits past it in
     * the last word are 0. */
    const uint64_t *free_bits;
    /* Slots the bitmap covers: the capacity of a bounded device; for an unbounded one, as far as it has grown
     * (every slot at or past `slot_count` is free). */
    uint64_t slot_count;
    /* Free slots among `slot_count`. */
    uint64_t free_count;
    /* Number of slots, or VMLAB_UNBOUNDED for a device that grows as needed. */
    int64_t capacity;
    /* Linux-style priority: higher is used first (explicit, or -2, -3, ... in the order devices were added). */
    int64_t priority;
} vmlab_swap_device;

/* The swap devices of the machine. */
typedef struct vmlab_swap_space {
    /* Number of devices (at least 1). */
    uint32_t device_count;
    /* `device_count` devices, in the order they were configured: the device index of a slot is an index here. */
    const vmlab_swap_device *devices;
    /* `device_count` device indices from most to least preferred: higher priority first, equal priorities in the
     * order added. */
    const uint32_t *by_priority;
} vmlab_swap_space;

/* Whether `index` is free on `device` (slots past the end of an unbounded device are free). */
static inline int vmlab_slot_is_free(const vmlab_swap_device *device, int64_t index) {
    if (index < 0 || index > VMLAB_MAX_SWAP_SLOT) return 0;
    if ((uint64_t)index >= device->slot_count) return device->capacity == VMLAB_UNBOUNDED;
    return (int)((device->free_bits[index >> 6] >> (index & 63)) & 1u);
}

/* A slot: `index` on device `device`. */
typedef struct vmlab_swap_slot {
    int32_t device;
    uint32_t reserved; /* 0 */
    int64_t index;
} vmlab_swap_slot;

/* One swap placement. Fill every field; `released` may be NULL. */
typedef struct vmlab_swap_ops {
    uint32_t abi_version;
    uint32_t struct_size;
    const char *name;
    const char *summary;
    const char *source;
    const char *parameters;
    const char *const *parameter_summaries;
    void *context;
    vmlab_create_function create;
    vmlab_destroy_function destroy;
    /* Fills `*slot` with a free slot of `*space` for the page `*reference` describes and returns 1, or returns 0
     * when no device has room. */
    int32_t (*place)(void *state, const vmlab_reference *reference, const vmlab_swap_space *space,
                     vmlab_swap_slot *slot);
    /* Slot `index` of device `device` became free. */
    void (*released)(void *state, int32_t device, int64_t index);
} vmlab_swap_ops;

/* What `vmlab_plugin_register` receives from the host. */
typedef struct vmlab_registrar {
    /* The ABI version the plugin reported (the host hands a version-1 plugin the version-1 registrar: the first
     * three fields). */
    uint32_t abi_version;
    /* The host's own data: pass it back, untouched, as the first argument of `register_*`. */
    void *context;
    /* Each registers one policy. Returns 0, or -1 when the host refuses it (wrong `abi_version`, short
     * `struct_size`, a missing name or function, a bad parameter declaration, a bad or taken name); the host
     * then reports why and refuses the plugin. Call only during `vmlab_plugin_register`. */
    int (*register_replacement)(void *context, const vmlab_replacement_ops *ops);
    int (*register_allocator)(void *context, const vmlab_allocator_ops *ops);
    int (*register_swap)(void *context, const vmlab_swap_ops *ops);
} vmlab_registrar;

/* Version 1 (replacement policies only), as the host reads it. A version-1 plugin fills this layout (its header
 * called it `vmlab_replacement_ops`) and receives the first three fields of `vmlab_registrar`. */
typedef struct vmlab_replacement_ops_v1 {
    uint32_t abi_version; /* 1 */
    uint32_t struct_size;
    const char *name;
    const char *summary;
    const char *source;
    const char *parameters; /* types inferred from the defaults only */
    int32_t needs_future;
    /* Returns NULL to refuse, without a reason. */
    void *(*create)(uint32_t frames, const vmlab_arguments *arguments);
    void (*destroy)(void *state);
    void (*inserted)(void *state, int32_t frame, const vmlab_reference *reference);
    void (*accessed)(void *state, int32_t frame, const vmlab_reference *reference);
    int32_t (*evict)(void *state, const vmlab_reference *reference);
    void (*removed)(void *state, int32_t frame);
} vmlab_replacement_ops_v1;

/* The two symbols a plugin exports (the host looks them up with dlsym). */

/* Returns VMLAB_PLUGIN_ABI_VERSION as the plugin was compiled. Called first; must do nothing else. */
typedef uint32_t (*vmlab_plugin_abi_version_function)(void);
/* Registers the plugin's policies through `registrar`; returns 0 on success, anything else to refuse loading. */
typedef int (*vmlab_plugin_register_function)(const vmlab_registrar *registrar);

#define VMLAB_PLUGIN_ABI_VERSION_SYMBOL "vmlab_plugin_abi_version"
#define VMLAB_PLUGIN_REGISTER_SYMBOL "vmlab_plugin_register"

#if defined(_WIN32)
#define VMLAB_PLUGIN_EXPORT __declspec(dllexport)
#else
#define VMLAB_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
}
#endif

#endif /* VMLAB_PLUGIN_H */
