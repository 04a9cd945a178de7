/* stp-sketch-export.h: a sketch as PNG (over its photo) and SVG (the drawing alone).
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gdk-pixbuf/gdk-pixbuf.h>

#include "stp-sketch.h"
#include "stp-sketch-render.h"

G_BEGIN_DECLS

/* The photo (may be NULL: a white page) with the sketch drawn over it at the photo's
 * resolution, as an image surface of the sketch's photo size. A photo of another size
 * is scaled to it. flags as for stp_sketch_render (usually STP_SKETCH_RENDER_EXPORT). */
cairo_surface_t *stp_sketch_export_surface   (StpSketch            *sketch,
                                              GdkPixbuf            *photo,
                                              StpSketchRenderFlags  flags);
/* The same, encoded as PNG bytes / written to a PNG file (replaced atomically). */
GBytes          *stp_sketch_export_png_bytes (StpSketch            *sketch,
                                              GdkPixbuf            *photo,
                                              StpSketchRenderFlags  flags,
                                              GError              **error);
gboolean         stp_sketch_export_png       (StpSketch            *sketch,
                                              GdkPixbuf            *photo,
                                              StpSketchRenderFlags  flags,
                                              const char           *path,
                                              GError              **error);
/* The sketch alone as SVG 1.1 at photo size (viewBox in photo pixels), each visible
 * layer a <g> with id "layer-<name>" and inkscape:label/groupmode so drawing programs
 * show the layers by name; hidden layers are written with display:none. */
char            *stp_sketch_to_svg           (StpSketch            *sketch,
                                              gsize                *length);
gboolean         stp_sketch_export_svg       (StpSketch            *sketch,
                                              const char           *path,
                                              GError              **error);
/* A small PNG (longest side max_side pixels) of the photo (may be NULL) and sketch, for
 * version lists. */
GBytes          *stp_sketch_render_thumbnail (StpSketch            *sketch,
                                              GdkPixbuf            *photo,
                                              int                   max_side,
                                              GError              **error);

G_END_DECLS
