// The host side of the plugin ABI has no code of its own: this file pins the layout of the structures that cross
// the boundary, for both versions the host loads, so that an accidental change to the header fails the build
// instead of every plugin. The version-1 numbers are those of the version-1 header (Tests/PluginFixtures/v1/),
// which plugins built for version 1 still use.
#include "vmlab_plugin.h"

_Static_assert(VMLAB_PLUGIN_ABI_VERSION == 2, "changing the ABI: update the layout checks below");
_Static_assert(VMLAB_PLUGIN_ABI_VERSION_OLDEST == 1, "changing the oldest ABI: update the layout checks below");
_Static_assert(VMLAB_ERROR_SIZE == 512, "VMLAB_ERROR_SIZE changed");

// Shared by both versions.
_Static_assert(sizeof(vmlab_reference) == 32, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, page) == 16, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, process) == 24, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, kind) == 28, "vmlab_reference layout changed");

#if UINTPTR_MAX > 0xFFFFFFFFu
_Static_assert(sizeof(vmlab_arguments) == 24, "vmlab_arguments layout changed");
_Static_assert(offsetof(vmlab_arguments, keys) == 8, "vmlab_arguments layout changed");

// Version 1.
_Static_assert(offsetof(vmlab_replacement_ops_v1, name) == 8, "vmlab_replacement_ops_v1 layout changed");
_Static_assert(offsetof(vmlab_replacement_ops_v1, needs_future) == 40, "vmlab_replacement_ops_v1 layout changed");
_Static_assert(offsetof(vmlab_replacement_ops_v1, create) == 48, "vmlab_replacement_ops_v1 layout changed");
_Static_assert(offsetof(vmlab_replacement_ops_v1, removed) == 88, "vmlab_replacement_ops_v1 layout changed");
_Static_assert(sizeof(vmlab_replacement_ops_v1) == 96, "vmlab_replacement_ops_v1 layout changed");
// The version-1 registrar is the first three fields of the version-2 one.
_Static_assert(offsetof(vmlab_registrar, context) == 8, "vmlab_registrar layout changed");
_Static_assert(offsetof(vmlab_registrar, register_replacement) == 16, "vmlab_registrar layout changed");

// Version 2: the common prefix of the three ops structures.
#define VMLAB_CHECK_PREFIX(type)                                                                                     \
    _Static_assert(offsetof(type, name) == 8, #type " layout changed");                                              \
    _Static_assert(offsetof(type, parameters) == 32, #type " layout changed");                                       \
    _Static_assert(offsetof(type, parameter_summaries) == 40, #type " layout changed");                              \
    _Static_assert(offsetof(type, context) == 48, #type " layout changed");                                          \
    _Static_assert(offsetof(type, create) == 56, #type " layout changed");                                           \
    _Static_assert(offsetof(type, destroy) == 64, #type " layout changed");
VMLAB_CHECK_PREFIX(vmlab_replacement_ops)
VMLAB_CHECK_PREFIX(vmlab_allocator_ops)
VMLAB_CHECK_PREFIX(vmlab_swap_ops)
_Static_assert(offsetof(vmlab_replacement_ops, inserted) == 72, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_replacement_ops, removed) == 96, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_replacement_ops, needs_future) == 104, "vmlab_replacement_ops layout changed");
_Static_assert(sizeof(vmlab_replacement_ops) == 112, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_allocator_ops, allocate) == 72, "vmlab_allocator_ops layout changed");
_Static_assert(offsetof(vmlab_allocator_ops, released) == 80, "vmlab_allocator_ops layout changed");
_Static_assert(sizeof(vmlab_allocator_ops) == 88, "vmlab_allocator_ops layout changed");
_Static_assert(offsetof(vmlab_swap_ops, place) == 72, "vmlab_swap_ops layout changed");
_Static_assert(offsetof(vmlab_swap_ops, released) == 80, "vmlab_swap_ops layout changed");
_Static_assert(sizeof(vmlab_swap_ops) == 88, "vmlab_swap_ops layout changed");
_Static_assert(offsetof(vmlab_registrar, register_allocator) == 24, "vmlab_registrar layout changed");
_Static_assert(offsetof(vmlab_registrar, register_swap) == 32, "vmlab_registrar layout changed");
_Static_assert(sizeof(vmlab_frame_map) == 16, "vmlab_frame_map layout changed");
_Static_assert(sizeof(vmlab_swap_device) == 48, "vmlab_swap_device layout changed");
_Static_assert(offsetof(vmlab_swap_device, capacity) == 32, "vmlab_swap_device layout changed");
_Static_assert(sizeof(vmlab_swap_space) == 24, "vmlab_swap_space layout changed");
_Static_assert(sizeof(vmlab_swap_slot) == 16, "vmlab_swap_slot layout changed");
_Static_assert(offsetof(vmlab_swap_slot, index) == 8, "vmlab_swap_slot layout changed");
#endif
