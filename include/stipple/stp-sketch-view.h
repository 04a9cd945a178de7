/* stp-sketch-view.h: zoom and pan of a sketch as a view transform.
 *
 * widget = photo * scale + offset. The widget keeps one StpSketchView and converts
 * pointer positions with it; the renderer and the render cache draw through it.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <glib-object.h>

G_BEGIN_DECLS

#define STP_SKETCH_VIEW_MIN_SCALE 0.01
#define STP_SKETCH_VIEW_MAX_SCALE 32.0

typedef struct
{
  double scale;            /* widget pixels per photo pixel */
  double offset_x;         /* widget position of the photo's origin */
  double offset_y;
  double min_scale;        /* zoom range the zoom calls clamp to */
  double max_scale;
} StpSketchView;

#define STP_TYPE_SKETCH_VIEW (stp_sketch_view_get_type ())
GType          stp_sketch_view_get_type      (void) G_GNUC_CONST;

/* Identity (scale 1, no offset), zoom range STP_SKETCH_VIEW_MIN/MAX_SCALE. */
StpSketchView *stp_sketch_view_new           (void);
void           stp_sketch_view_init          (StpSketchView       *view);
StpSketchView *stp_sketch_view_copy          (const StpSketchView *view);
void           stp_sketch_view_free          (StpSketchView       *view);
gboolean       stp_sketch_view_equal         (const StpSketchView *a,
                                              const StpSketchView *b);

void           stp_sketch_view_to_widget     (const StpSketchView *view,
                                              double               photo_x,
                                              double               photo_y,
                                              double              *widget_x,
                                              double              *widget_y);
void           stp_sketch_view_to_photo      (const StpSketchView *view,
                                              double               widget_x,
                                              double               widget_y,
                                              double              *photo_x,
                                              double              *photo_y);
/* Sets the zoom range; the current scale is clamped into it (about the origin). */
void           stp_sketch_view_set_scale_range (StpSketchView     *view,
                                              double               min_scale,
                                              double               max_scale);
/* Zooms to scale (clamped) keeping the photo point under widget (x, y) in place: what
 * scroll and pinch zoom do about the pointer. */
void           stp_sketch_view_zoom_at       (StpSketchView       *view,
                                              double               scale,
                                              double               widget_x,
                                              double               widget_y);
/* Multiplies the scale by factor about widget (x, y). */
void           stp_sketch_view_zoom_by       (StpSketchView       *view,
                                              double               factor,
                                              double               widget_x,
                                              double               widget_y);
/* Moves the picture by (dx, dy) widget pixels. */
void           stp_sketch_view_pan           (StpSketchView       *view,
                                              double               dx,
                                              double               dy);
/* Scales the photo to fit inside the widget with margin pixels around it and centres
 * it. The result is clamped to the zoom range; a zero-sized photo or widget leaves the
 * view unchanged. */
void           stp_sketch_view_fit           (StpSketchView       *view,
                                              double               photo_width,
                                              double               photo_height,
                                              double               widget_width,
                                              double               widget_height,
                                              double               margin);
/* Rounds the offset to whole device pixels (device_scale: the widget's scale factor).
 * A canvas snaps after each pan and zoom: the render cache then reuses its pixels on a
 * pan instead of redrawing everything, and nothing moves by more than half a pixel. */
void           stp_sketch_view_snap_to_pixels (StpSketchView      *view,
                                              double               device_scale);
/* The photo-space rectangle visible in a widget of that size. */
void           stp_sketch_view_get_visible   (const StpSketchView *view,
                                              double               widget_width,
                                              double               widget_height,
                                              double              *x,
                                              double              *y,
                                              double              *width,
                                              double              *height);
/* Multiplies cr's matrix so that drawing in photo coordinates lands in the widget. */
void           stp_sketch_view_apply         (const StpSketchView *view,
                                              cairo_t             *cr);
void           stp_sketch_view_get_matrix    (const StpSketchView *view,
                                              cairo_matrix_t      *matrix);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (StpSketchView, stp_sketch_view_free)

G_END_DECLS
