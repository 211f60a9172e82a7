// CVMSupport is header-only (static inline functions the Swift compiler inlines); this file gives the target a
// source so SwiftPM builds it.
#include "CVMSupport.h"
