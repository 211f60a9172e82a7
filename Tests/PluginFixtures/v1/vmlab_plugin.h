/* FROZEN: the version-1 plugin header, as plugins built for ABI version 1 have it (the tests build a v1 plugin with it). */
/*
 * vmlab_plugin.h - the C ABI of VMLab run-time plugins.
 *
 * A plugin is a shared library (`libMyPolicy.so`, `libMyPolicy.dylib`) that adds replacement policies to
 * `vmlab` without rebuilding it:
 *
 *     vmlab policies --plugin Output/libclockplugin.so
 *     vmlab compare  --plugin Output/libclockplugin.so --policies c-clock,clock --frames 8,16,32 --trace ...
 *
 * Only C types cross the boundary, so a plugin can be written in C, C++ (extern "C"), Rust (#[no_mangle]
 * extern "C") or Swift (@_cdecl). This header is the whole contract; Examples/plugin/clock_plugin.c is a complete
 * plugin and Examples/plugin/README.md the round trip.
 *
 * LOADING. `vmlab` opens the library with dlopen(RTLD_NOW | RTLD_LOCAL) and never closes it. It then
 *   1. looks up `vmlab_plugin_abi_version` and calls it. If the symbol is missing, or the version differs from the
 *      host's VMLAB_PLUGIN_ABI_VERSION, the plugin is refused (exit status 2) and nothing else in it is touched;
 *   2. looks up `vmlab_plugin_register` and calls it once with a registrar. The plugin calls
 *      `registrar->register_replacement` once per policy. A non-zero return from `vmlab_plugin_register`, or any
 *      refused registration, refuses the whole plugin.
 *
 * VERSIONING. VMLAB_PLUGIN_ABI_VERSION changes whenever a structure or a function signature in this header
 * changes incompatibly. Each structure also carries `abi_version` and `struct_size`, so a host can tell which
 * layout it was handed; the host refuses a `vmlab_replacement_ops` whose `struct_size` is smaller than the one
 * it knows.
 *
 * THE EVENT CONTRACT (the same as Swift's `ReplacementPolicy`, see Sources/VMCore/Protocols/ReplacementPolicy.swift).
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
 * is the same, and otherwise start afresh.
 *
 * SPEED. `inserted`, `accessed`, `evict` and `removed` run once per access, millions of times a second: they must
 * not allocate, print or lock. Allocate every buffer the policy needs in `create` (it is told the number of
 * frames) and free them in `destroy`. The reference is passed by pointer to a value on the host's stack: read it
 * during the call, never keep the pointer.
 *
 * THREADS. `vmlab compare` runs cells in parallel: `create` and `destroy` may be called from several threads at
 * once, for different states. One state is only ever used by one thread at a time. Keep no mutable globals.
 *
 * DETERMINISM. A policy that draws random numbers declares a `seed` parameter and uses its own generator seeded
 * from it (never rand(), time or addresses): the same seed must give the same evictions on every machine.
 *
 * LIFETIME. The library is never unloaded. The strings and the `vmlab_replacement_ops` handed to
 * `register_replacement` are copied by the host during the call; static storage is the simplest choice anyway.
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
 * structure it hands over; the host refuses any other value. */
#define VMLAB_PLUGIN_ABI_VERSION 1

/* `vmlab_reference.kind`: what the access did. */
#define VMLAB_ACCESS_READ 0u  /* a data load */
#define VMLAB_ACCESS_WRITE 1u /* a data store: the page becomes dirty */
#define VMLAB_ACCESS_FETCH 2u /* an instruction fetch */

/* `vmlab_reference.next_use` when the page is not referenced again (or the policy did not ask for the future). */
#define VMLAB_NEVER INT64_MAX

/* One reference, as a policy sees it. */
typedef struct vmlab_reference {
    /* Position of this access in the run, from 0 (hits and faults alike). */
    int64_t time;
    /* Position of the next access to the same page of the same process, or VMLAB_NEVER. Only meaningful when the
     * policy set `needs_future`; otherwise always VMLAB_NEVER. */
    int64_t next_use;
    /* Virtual page number. */
    uint64_t page;
    /* Dense index of the process (0 for the first process the machine saw), not its pid. */
    int32_t process;
    /* VMLAB_ACCESS_READ, VMLAB_ACCESS_WRITE or VMLAB_ACCESS_FETCH. */
    uint32_t kind;
} vmlab_reference;

/* The parameter values a policy is created with: every parameter the policy declared, in declaration order, the
 * user's value or the declared default. Values are already checked against the type inferred from the default
 * (see `vmlab_replacement_ops.parameters`) and normalised: integers in decimal as int64_t (a value above INT64_MAX,
 * allowed for seeds, arrives as the same 64 bits read as signed: parse with strtoll and cast to uint64_t), numbers
 * as decimal text for strtod, booleans `true` or `false`, text as given. */
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

/* One replacement policy: what it is, and the functions that run it. Fill every field. */
typedef struct vmlab_replacement_ops {
    /* VMLAB_PLUGIN_ABI_VERSION. */
    uint32_t abi_version;
    /* sizeof(vmlab_replacement_ops): lets a newer host tell which layout it was given. */
    uint32_t struct_size;
    /* The name users type (`c-clock`): lowercase letters, digits and dashes, starting with a letter or digit.
     * Must not clash with a built-in or another plugin's replacement policy. */
    const char *name;
    /* One line for `vmlab policies`. */
    const char *summary;
    /* The published source: paper, book or program, with year. */
    const char *source;
    /* Parameters with their defaults, `"key=default,key=default"`, or NULL (or "") for none. Users override them
     * with `NAME:key=value,...`. The type of each is inferred from its default: an integer (`0`, `-3`), a number
     * (`0.5`), a boolean (`true`, `false`), otherwise text; a user's value must parse as that type. */
    const char *parameters;
    /* Non-zero when the policy needs `vmlab_reference.next_use` (Belady's OPT and relatives). */
    int32_t needs_future;
    /* Makes a state for a machine of `frames` frames (frame numbers lie in 0 .. frames-1), with every declared
     * parameter in `arguments`. Allocate everything here. Returns NULL when the arguments are unusable or memory
     * is short; the run is then refused with an error naming the policy. */
    void *(*create)(uint32_t frames, const vmlab_arguments *arguments);
    /* Frees a state from `create`; called once, when the run that made it ends. */
    void (*destroy)(void *state);
    /* A page was mapped into `frame` by the fault of `*reference`. */
    void (*inserted)(void *state, int32_t frame, const vmlab_reference *reference);
    /* The page in `frame` was referenced again (a hit). */
    void (*accessed)(void *state, int32_t frame, const vmlab_reference *reference);
    /* Chooses a resident frame to free for the page that `*reference` faulted on, forgets it, and returns it. */
    int32_t (*evict)(void *state, const vmlab_reference *reference);
    /* The page in `frame` left without being chosen by `evict`; forget it. */
    void (*removed)(void *state, int32_t frame);
} vmlab_replacement_ops;

/* What `vmlab_plugin_register` receives from the host. */
typedef struct vmlab_registrar {
    /* The host's VMLAB_PLUGIN_ABI_VERSION. */
    uint32_t abi_version;
    /* The host's own data: pass it back, untouched, as the first argument of `register_replacement`. */
    void *context;
    /* Registers one replacement policy. Returns 0, or -1 when the host refuses it (wrong `abi_version`, short
     * `struct_size`, a missing name or function, a bad or taken name); the host then reports why and refuses the
     * plugin. Call only during `vmlab_plugin_register`. */
    int (*register_replacement)(void *context, const vmlab_replacement_ops *ops);
} vmlab_registrar;

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
