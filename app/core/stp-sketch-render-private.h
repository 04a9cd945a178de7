/* stp-sketch-render-private.h: drawing helpers the render cache and exports share.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "stipple/stp-sketch.h"

G_BEGIN_DECLS

/* cr is already in photo coordinates. */
void  _stp_sketch_draw_item   (StpSketch           *sketch,
                               cairo_t             *cr,
                               const StpSketchItem *item);
/* Layer by layer; clip (photo coordinates) and hidden (ids) may be NULL. */
void  _stp_sketch_draw_items  (StpSketch           *sketch,
                               cairo_t             *cr,
                               const StpSketchRect *clip,
                               GHashTable          *hidden);
void  _stp_sketch_path_nodes  (cairo_t             *cr,
                               const GArray        *nodes,
                               gboolean             closed);
void  _stp_sketch_path_region (cairo_t             *cr,
                               const StpSketchItem *item);

G_END_DECLS
