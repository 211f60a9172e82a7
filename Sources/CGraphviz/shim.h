// Graphviz's layout and rendering library (libgvc) and its graph library (cgraph), used only by VMDiagram.
// libgvc is not thread-safe: VMDiagram serialises every call behind one process-wide lock.
#ifndef VMLAB_CGRAPHVIZ_SHIM_H
#define VMLAB_CGRAPHVIZ_SHIM_H

#include <stdio.h>
#include <gvc.h>

#endif
