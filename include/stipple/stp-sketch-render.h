/* stp-sketch-render.h: drawing a sketch with cairo, and the canvas's render cache.
 *
 * One renderer for the canvas, PNG exports, thumbnails and golden-image tests. Items are
 * drawn in photo coordinates through a StpSketchView; overlays (guides, midline,
 * calibration marks, selection handles) keep a constant on-screen width.
 *
 * A canvas widget's frame (widget coordinates, one StpSketchView for zoom and pan):
 *   photo under the view; stp_sketch_render_cache_draw (cache, cr, view, w, h);
 *   stp_sketch_render_overlays (sketch, cr, view, STP_SKETCH_RENDER_GUIDES | ...);
 *   the live stroke with stp_sketch_render_item (sketch, cr, view, live, 1.0);
 *   selection with stp_sketch_render_selection.
 * On pen up: stp_sketch_item_smooth_stroke, then stp_sketch_history_add_item (or
 * _add_item_mirrored). A drag is begin_group / move_items or set_node per motion /
 * end_group; set_hidden on the cache keeps the dragged item out of it if the widget
 * draws it live. The sketch's "changed" signal says what to invalidate.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>

#include "stp-sketch.h"
#include "stp-sketch-view.h"

G_BEGIN_DECLS

typedef enum
{
  STP_SKETCH_RENDER_ITEMS        = 1 << 0,  /* the items of the visible layers */
  STP_SKETCH_RENDER_GUIDES       = 1 << 1,  /* midline and thirds, if the sketch shows them */
  STP_SKETCH_RENDER_MIDLINE      = 1 << 2,  /* the midline even when guides are off */
  STP_SKETCH_RENDER_CALIBRATION  = 1 << 3,  /* the calibration line and its length */
  STP_SKETCH_RENDER_DEFAULT      = STP_SKETCH_RENDER_ITEMS | STP_SKETCH_RENDER_GUIDES,
  STP_SKETCH_RENDER_EXPORT       = STP_SKETCH_RENDER_ITEMS,
} StpSketchRenderFlags;

/* Draws the sketch on cr through view (NULL: photo pixels = cr's units). cr's state is
 * saved and restored; nothing outside the sketch is cleared. */
void     stp_sketch_render                (StpSketch            *sketch,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           StpSketchRenderFlags  flags);
/* The items only, layer by layer (visibility and opacity honoured); clip (photo
 * coordinates, NULL for all) skips items outside it. */
void     stp_sketch_render_items          (StpSketch            *sketch,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           const StpSketchRect  *clip);
/* Guides, midline and calibration as flags ask (the ITEMS flag is ignored). The widget
 * draws these over the cache. view_scale keeps lines one screen pixel wide. */
void     stp_sketch_render_overlays       (StpSketch            *sketch,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           StpSketchRenderFlags  flags);
/* One item (and, for a mirrored curve, its mirror image) at opacity, in photo
 * coordinates through view: the live stroke while the pen moves, or an item being
 * edited. The item need not belong to the sketch (the sketch gives midline and
 * calibration). */
void     stp_sketch_render_item           (StpSketch            *sketch,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           const StpSketchItem  *item,
                                           double                opacity);
/* Selection feedback for an item: its outline box, and for curves and smooth regions
 * the nodes and handles (drawn the same size at any zoom). */
void     stp_sketch_render_selection      (StpSketch            *sketch,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           const StpSketchItem  *item);
/* The item's label text for a measurement: "23.4 mm", or "118 px" when not calibrated.
 * Free with g_free. */
char    *stp_sketch_format_measure        (StpSketch            *sketch,
                                           const StpSketchItem  *item);

/* The canvas's cache: committed items drawn once into an image surface at the current
 * view and widget size, rebuilt only when items or layers change (only the dirty
 * rectangle is redrawn) or the view or size changes. A frame while the pen moves is then
 * a blit of the cache plus the live stroke. A pan by whole device pixels shifts the
 * pixels and draws only the strips that came into view (keep the view snapped with
 * stp_sketch_view_snap_to_pixels); a pan by a fraction of a pixel redraws everything. */
typedef struct _StpSketchRenderCache StpSketchRenderCache;

/* Follows sketch's "changed" signal (a reference to the sketch is kept). */
StpSketchRenderCache *stp_sketch_render_cache_new (StpSketch         *sketch);
void     stp_sketch_render_cache_free     (StpSketchRenderCache *cache);
/* The widget's scale factor (HiDPI): the cache is drawn at this many device pixels per
 * widget pixel. Default 1. */
void     stp_sketch_render_cache_set_device_scale (StpSketchRenderCache *cache,
                                           double                scale);
/* Items left out of the cache (an item being dragged, drawn live instead); n 0 clears. */
void     stp_sketch_render_cache_set_hidden (StpSketchRenderCache *cache,
                                           const guint32        *ids,
                                           guint                 n_ids);
void     stp_sketch_render_cache_invalidate (StpSketchRenderCache *cache);
/* Brings the cache up to date for view and a widget of width x height (widget pixels),
 * then paints it on cr, which is in widget coordinates. */
void     stp_sketch_render_cache_draw     (StpSketchRenderCache *cache,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           int                   width,
                                           int                   height);
/* Brings the cache up to date without drawing; returns TRUE when it had to redraw. */
gboolean stp_sketch_render_cache_update   (StpSketchRenderCache *cache,
                                           const StpSketchView  *view,
                                           int                   width,
                                           int                   height);
/* Paints the cache as it is, moved and scaled from the view it was drawn at to view:
 * immediate but soft after a zoom, for frames during a pinch or scroll zoom while the
 * widget runs stp_sketch_render_cache_update from an idle or after the gesture. Returns
 * whether the cache was already up to date for view and size (nothing to redraw). */
gboolean stp_sketch_render_cache_draw_stale (StpSketchRenderCache *cache,
                                           cairo_t              *cr,
                                           const StpSketchView  *view,
                                           int                   width,
                                           int                   height);
/* The cache's surface (owned by the cache; NULL before the first update). */
cairo_surface_t *stp_sketch_render_cache_get_surface (StpSketchRenderCache *cache);
/* How many full and partial redraws the cache made (for tests and benchmarks). */
guint    stp_sketch_render_cache_get_n_full_redraws    (StpSketchRenderCache *cache);
guint    stp_sketch_render_cache_get_n_partial_redraws (StpSketchRenderCache *cache);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSketchRenderCache, stp_sketch_render_cache_free)

G_END_DECLS
