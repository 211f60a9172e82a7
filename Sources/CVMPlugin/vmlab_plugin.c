// The host side of the plugin ABI has no code of its own: this file pins the layout of the structures that cross
// the boundary, so that an accidental change to the header fails the build instead of every plugin.
#include "vmlab_plugin.h"

_Static_assert(VMLAB_PLUGIN_ABI_VERSION == 1, "changing the ABI: update the layout checks below");
_Static_assert(sizeof(vmlab_reference) == 32, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, page) == 16, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, process) == 24, "vmlab_reference layout changed");
_Static_assert(offsetof(vmlab_reference, kind) == 28, "vmlab_reference layout changed");
#if UINTPTR_MAX > 0xFFFFFFFFu
_Static_assert(offsetof(vmlab_replacement_ops, name) == 8, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_replacement_ops, needs_future) == 40, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_replacement_ops, create) == 48, "vmlab_replacement_ops layout changed");
_Static_assert(offsetof(vmlab_registrar, context) == 8, "vmlab_registrar layout changed");
#endif
