/* stp-sketch-view.c: the canvas's zoom and pan as one affine transform.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <math.h>

#include "stipple/stp-sketch-view.h"

G_DEFINE_BOXED_TYPE (StpSketchView, stp_sketch_view, stp_sketch_view_copy, stp_sketch_view_free)

void
stp_sketch_view_init (StpSketchView *view)
{
  g_return_if_fail (view != NULL);

  view->scale = 1.0;
  view->offset_x = 0;
  view->offset_y = 0;
  view->min_scale = STP_SKETCH_VIEW_MIN_SCALE;
  view->max_scale = STP_SKETCH_VIEW_MAX_SCALE;
}

StpSketchView *
stp_sketch_view_new (void)
{
  StpSketchView *view = g_new (StpSketchView, 1);

  stp_sketch_view_init (view);
  return view;
}

StpSketchView *
stp_sketch_view_copy (const StpSketchView *view)
{
  g_return_val_if_fail (view != NULL, NULL);
  return g_memdup2 (view, sizeof *view);
}

void
stp_sketch_view_free (StpSketchView *view)
{
  g_free (view);
}

gboolean
stp_sketch_view_equal (const StpSketchView *a,
                       const StpSketchView *b)
{
  g_return_val_if_fail (a != NULL && b != NULL, FALSE);
  return a->scale == b->scale && a->offset_x == b->offset_x && a->offset_y == b->offset_y;
}

void
stp_sketch_view_to_widget (const StpSketchView *view,
                           double               photo_x,
                           double               photo_y,
                           double              *widget_x,
                           double              *widget_y)
{
  g_return_if_fail (view != NULL);
  *widget_x = photo_x * view->scale + view->offset_x;
  *widget_y = photo_y * view->scale + view->offset_y;
}

void
stp_sketch_view_to_photo (const StpSketchView *view,
                          double               widget_x,
                          double               widget_y,
                          double              *photo_x,
                          double              *photo_y)
{
  g_return_if_fail (view != NULL);
  *photo_x = (widget_x - view->offset_x) / view->scale;
  *photo_y = (widget_y - view->offset_y) / view->scale;
}

static double
clamp_scale (const StpSketchView *view,
             double               scale)
{
  if (!isfinite (scale) || scale <= 0)
    return view->scale;
  return CLAMP (scale, view->min_scale, view->max_scale);
}

void
stp_sketch_view_set_scale_range (StpSketchView *view,
                                 double         min_scale,
                                 double         max_scale)
{
  g_return_if_fail (view != NULL);
  g_return_if_fail (min_scale > 0 && min_scale <= max_scale);

  view->min_scale = min_scale;
  view->max_scale = max_scale;
  stp_sketch_view_zoom_at (view, view->scale, 0, 0);
}

void
stp_sketch_view_zoom_at (StpSketchView *view,
                         double         scale,
                         double         widget_x,
                         double         widget_y)
{
  double px, py;

  g_return_if_fail (view != NULL);

  /* Keep the photo point under (widget_x, widget_y) where it is. */
  stp_sketch_view_to_photo (view, widget_x, widget_y, &px, &py);
  view->scale = clamp_scale (view, scale);
  view->offset_x = widget_x - px * view->scale;
  view->offset_y = widget_y - py * view->scale;
}

void
stp_sketch_view_zoom_by (StpSketchView *view,
                         double         factor,
                         double         widget_x,
                         double         widget_y)
{
  g_return_if_fail (view != NULL);
  stp_sketch_view_zoom_at (view, view->scale * factor, widget_x, widget_y);
}

void
stp_sketch_view_pan (StpSketchView *view,
                     double         dx,
                     double         dy)
{
  g_return_if_fail (view != NULL);

  if (!isfinite (dx) || !isfinite (dy))
    return;
  view->offset_x += dx;
  view->offset_y += dy;
}

void
stp_sketch_view_fit (StpSketchView *view,
                     double         photo_width,
                     double         photo_height,
                     double         widget_width,
                     double         widget_height,
                     double         margin)
{
  double avail_w, avail_h;

  g_return_if_fail (view != NULL);

  avail_w = widget_width - 2 * margin;
  avail_h = widget_height - 2 * margin;
  if (photo_width <= 0 || photo_height <= 0 || avail_w <= 0 || avail_h <= 0)
    return;
  view->scale = clamp_scale (view, MIN (avail_w / photo_width, avail_h / photo_height));
  view->offset_x = (widget_width - photo_width * view->scale) / 2;
  view->offset_y = (widget_height - photo_height * view->scale) / 2;
}

void
stp_sketch_view_snap_to_pixels (StpSketchView *view,
                                double         device_scale)
{
  g_return_if_fail (view != NULL);

  if (!isfinite (device_scale) || device_scale <= 0)
    device_scale = 1;
  view->offset_x = round (view->offset_x * device_scale) / device_scale;
  view->offset_y = round (view->offset_y * device_scale) / device_scale;
}

void
stp_sketch_view_get_visible (const StpSketchView *view,
                             double               widget_width,
                             double               widget_height,
                             double              *x,
                             double              *y,
                             double              *width,
                             double              *height)
{
  g_return_if_fail (view != NULL);

  stp_sketch_view_to_photo (view, 0, 0, x, y);
  *width = widget_width / view->scale;
  *height = widget_height / view->scale;
}

void
stp_sketch_view_get_matrix (const StpSketchView *view,
                            cairo_matrix_t      *matrix)
{
  g_return_if_fail (view != NULL);
  cairo_matrix_init (matrix, view->scale, 0, 0, view->scale, view->offset_x, view->offset_y);
}

void
stp_sketch_view_apply (const StpSketchView *view,
                       cairo_t             *cr)
{
  cairo_matrix_t m;

  g_return_if_fail (view != NULL);
  stp_sketch_view_get_matrix (view, &m);
  cairo_transform (cr, &m);
}
