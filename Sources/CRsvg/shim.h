// librsvg (SVG → cairo) and cairo's image and PDF surfaces, used only by VMChart to turn a chart's SVG into PNG
// and PDF in-process. Every call goes through VMChart's ChartRasterizer, which serialises them.
#ifndef VMLAB_CRSVG_SHIM_H
#define VMLAB_CRSVG_SHIM_H

#include <librsvg/rsvg.h>
#include <cairo.h>
#include <cairo-pdf.h>

#endif
