/* stp-sketch-render-cache.c: committed items drawn once, blitted every frame.
 *
 * The cache is an image surface the size of the widget (in device pixels) holding the
 * committed items at the current view. It tracks what went stale in device pixels as
 * a cairo region: an edit dirties the item's old and new bounds, a pan by whole device
 * pixels shifts the pixels and dirties only the strips that came into view. Only a zoom,
 * a resize or a layer change redraws everything.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <math.h>

#include "stipple/stp-sketch-render.h"
#include "stp-sketch-private.h"
#include "stp-sketch-render-private.h"

/* Beyond this many dirty rectangles one redraw of their extents is cheaper. */
#define MAX_DIRTY_RECTS 16

struct _StpSketchRenderCache
{
  StpSketch       *sketch;
  gulong           changed_id;
  cairo_surface_t *surface;
  StpSketchView    view;         /* the view the surface was drawn at */
  int              width;        /* widget pixels */
  int              height;
  double           device_scale;
  gboolean         all_dirty;
  /* Stale photo-space rectangles since the last update, not yet in device pixels
   * (the view may change before the next update). */
  GArray          *dirty;        /* of StpSketchRect */
  GHashTable      *hidden;       /* ids left out */
  guint            n_full;
  guint            n_partial;
};

static void
add_dirty (StpSketchRenderCache *cache,
           const StpSketchRect  *rect)
{
  if (rect == NULL)
    {
      cache->all_dirty = TRUE;
      return;
    }
  if (rect->width <= 0 || rect->height <= 0)
    return;
  g_array_append_vals (cache->dirty, rect, 1);
}

static void
sketch_changed_cb (StpSketch           *sketch,
                   guint                what,
                   const StpSketchRect *rect,
                   gpointer             user_data)
{
  StpSketchRenderCache *cache = user_data;

  /* Layer looks, the midline (mirrored curves) and calibration (measure texts) change
   * items all over the picture. */
  if (what & (STP_SKETCH_CHANGE_LAYERS | STP_SKETCH_CHANGE_MIDLINE |
              STP_SKETCH_CHANGE_CALIBRATION))
    cache->all_dirty = TRUE;
  if (what & STP_SKETCH_CHANGE_ITEMS)
    add_dirty (cache, rect);
}

StpSketchRenderCache *
stp_sketch_render_cache_new (StpSketch *sketch)
{
  StpSketchRenderCache *cache;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);

  cache = g_new0 (StpSketchRenderCache, 1);
  cache->sketch = g_object_ref (sketch);
  cache->changed_id = g_signal_connect (sketch, "changed", G_CALLBACK (sketch_changed_cb), cache);
  cache->device_scale = 1.0;
  cache->all_dirty = TRUE;
  cache->dirty = g_array_new (FALSE, FALSE, sizeof (StpSketchRect));
  cache->hidden = g_hash_table_new (NULL, NULL);
  stp_sketch_view_init (&cache->view);
  return cache;
}

void
stp_sketch_render_cache_free (StpSketchRenderCache *cache)
{
  if (cache == NULL)
    return;
  g_clear_signal_handler (&cache->changed_id, cache->sketch);
  g_clear_object (&cache->sketch);
  g_clear_pointer (&cache->surface, cairo_surface_destroy);
  g_array_unref (cache->dirty);
  g_hash_table_unref (cache->hidden);
  g_free (cache);
}

void
stp_sketch_render_cache_set_device_scale (StpSketchRenderCache *cache,
                                          double                scale)
{
  g_return_if_fail (cache != NULL);

  if (!isfinite (scale) || scale <= 0 || scale == cache->device_scale)
    return;
  cache->device_scale = scale;
  cache->all_dirty = TRUE;
}

static void
dirty_item (StpSketchRenderCache *cache,
            guint32               id)
{
  const StpSketchItem *item = stp_sketch_lookup_item (cache->sketch, id);
  StpSketchRect b;

  if (item == NULL)
    return;
  _stp_sketch_item_drawn_bounds (cache->sketch, item, &b);
  add_dirty (cache, &b);
}

void
stp_sketch_render_cache_set_hidden (StpSketchRenderCache *cache,
                                    const guint32        *ids,
                                    guint                 n_ids)
{
  GHashTableIter iter;
  gpointer key;

  g_return_if_fail (cache != NULL);
  g_return_if_fail (ids != NULL || n_ids == 0);

  g_hash_table_iter_init (&iter, cache->hidden);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    dirty_item (cache, GPOINTER_TO_UINT (key));
  g_hash_table_remove_all (cache->hidden);
  for (guint i = 0; i < n_ids; i++)
    {
      g_hash_table_add (cache->hidden, GUINT_TO_POINTER (ids[i]));
      dirty_item (cache, ids[i]);
    }
}

void
stp_sketch_render_cache_invalidate (StpSketchRenderCache *cache)
{
  g_return_if_fail (cache != NULL);
  cache->all_dirty = TRUE;
}

cairo_surface_t *
stp_sketch_render_cache_get_surface (StpSketchRenderCache *cache)
{
  g_return_val_if_fail (cache != NULL, NULL);
  return cache->surface;
}

guint
stp_sketch_render_cache_get_n_full_redraws (StpSketchRenderCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);
  return cache->n_full;
}

guint
stp_sketch_render_cache_get_n_partial_redraws (StpSketchRenderCache *cache)
{
  g_return_val_if_fail (cache != NULL, 0);
  return cache->n_partial;
}

/* Draws the items inside region (device pixels) afresh. */
static void
redraw_region (StpSketchRenderCache *cache,
               cairo_region_t       *region)
{
  cairo_t *cr = cairo_create (cache->surface);
  int n = cairo_region_num_rectangles (region);
  double inv = 1.0 / (cache->view.scale * cache->device_scale);
  StpSketchRect clip;
  cairo_rectangle_int_t extents;

  /* The surface carries the device scale, so cr starts in widget pixels. */
  for (int i = 0; i < n; i++)
    {
      cairo_rectangle_int_t r;

      cairo_region_get_rectangle (region, i, &r);
      cairo_rectangle (cr, r.x / cache->device_scale, r.y / cache->device_scale,
                       r.width / cache->device_scale, r.height / cache->device_scale);
    }
  cairo_clip (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
  cairo_paint (cr);
  cairo_set_operator (cr, CAIRO_OPERATOR_OVER);

  stp_sketch_view_apply (&cache->view, cr);
  cairo_region_get_extents (region, &extents);
  clip.x = (extents.x / cache->device_scale - cache->view.offset_x) / cache->view.scale;
  clip.y = (extents.y / cache->device_scale - cache->view.offset_y) / cache->view.scale;
  clip.width = extents.width * inv;
  clip.height = extents.height * inv;
  _stp_sketch_draw_items (cache->sketch, cr, &clip, cache->hidden);
  cairo_destroy (cr);
}

static void
add_photo_rect (StpSketchRenderCache *cache,
                cairo_region_t       *region,
                const StpSketchRect  *r)
{
  double s = cache->view.scale * cache->device_scale;
  double x1 = (r->x * cache->view.scale + cache->view.offset_x) * cache->device_scale;
  double y1 = (r->y * cache->view.scale + cache->view.offset_y) * cache->device_scale;
  cairo_rectangle_int_t d;

  /* One device pixel more on each side for antialiasing. */
  d.x = (int) floor (CLAMP (x1, -1e7, 1e7)) - 1;
  d.y = (int) floor (CLAMP (y1, -1e7, 1e7)) - 1;
  d.width = (int) ceil (CLAMP (r->width * s, 0, 2e7)) + 3;
  d.height = (int) ceil (CLAMP (r->height * s, 0, 2e7)) + 3;
  cairo_region_union_rectangle (region, &d);
}

gboolean
stp_sketch_render_cache_update (StpSketchRenderCache *cache,
                                const StpSketchView  *view,
                                int                   width,
                                int                   height)
{
  int dw, dh;
  gboolean same_size, same_scale;
  cairo_region_t *region;
  cairo_rectangle_int_t all;
  gboolean drew = FALSE;

  g_return_val_if_fail (cache != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  width = MAX (width, 1);
  height = MAX (height, 1);
  dw = (int) ceil (width * cache->device_scale);
  dh = (int) ceil (height * cache->device_scale);
  all = (cairo_rectangle_int_t) { 0, 0, dw, dh };
  same_size = cache->surface != NULL && width == cache->width && height == cache->height;
  same_scale = view->scale == cache->view.scale;

  if (!same_size || !same_scale || cache->all_dirty)
    {
      if (!same_size)
        {
          g_clear_pointer (&cache->surface, cairo_surface_destroy);
          cache->surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, dw, dh);
          cairo_surface_set_device_scale (cache->surface, cache->device_scale,
                                          cache->device_scale);
          cache->width = width;
          cache->height = height;
        }
      cache->view = *view;
      region = cairo_region_create_rectangle (&all);
      redraw_region (cache, region);
      cairo_region_destroy (region);
      cache->all_dirty = FALSE;
      g_array_set_size (cache->dirty, 0);
      cache->n_full++;
      return TRUE;
    }

  region = cairo_region_create ();
  /* Stale areas are dirtied at the old view; the old pixels move with a pan, so map
   * them at the old view and again at the new one. */
  for (guint i = 0; i < cache->dirty->len; i++)
    add_photo_rect (cache, region, &g_array_index (cache->dirty, StpSketchRect, i));

  if (view->offset_x != cache->view.offset_x || view->offset_y != cache->view.offset_y)
    {
      double ddx = (view->offset_x - cache->view.offset_x) * cache->device_scale;
      double ddy = (view->offset_y - cache->view.offset_y) * cache->device_scale;
      int sx = (int) lround (ddx), sy = (int) lround (ddy);

      if (fabs (ddx - sx) > 1e-6 || fabs (ddy - sy) > 1e-6 || abs (sx) >= dw || abs (sy) >= dh)
        {
          /* A pan by a fraction of a pixel cannot reuse pixels without blurring. */
          cairo_region_destroy (region);
          cache->all_dirty = TRUE;
          return stp_sketch_render_cache_update (cache, view, width, height);
        }
      else
        {
          cairo_surface_t *moved = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, dw, dh);
          cairo_t *cr = cairo_create (moved);
          cairo_region_t *kept;

          cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
          cairo_surface_set_device_scale (cache->surface, 1, 1);
          cairo_set_source_surface (cr, cache->surface, sx, sy);
          cairo_paint (cr);
          cairo_destroy (cr);
          cairo_surface_destroy (cache->surface);
          cairo_surface_set_device_scale (moved, cache->device_scale, cache->device_scale);
          cache->surface = moved;

          /* Whatever was stale moved too; and the strips that came into view are new. */
          cairo_region_translate (region, sx, sy);
          kept = cairo_region_create_rectangle (&all);
          cairo_region_translate (kept, sx, sy);
          cairo_region_xor_rectangle (kept, &all);
          cairo_region_intersect_rectangle (kept, &all);
          cairo_region_union (region, kept);
          cairo_region_destroy (kept);
          cache->view = *view;
          for (guint i = 0; i < cache->dirty->len; i++)
            add_photo_rect (cache, region, &g_array_index (cache->dirty, StpSketchRect, i));
        }
    }
  g_array_set_size (cache->dirty, 0);

  cairo_region_intersect_rectangle (region, &all);
  if (!cairo_region_is_empty (region))
    {
      if (cairo_region_num_rectangles (region) > MAX_DIRTY_RECTS)
        {
          cairo_rectangle_int_t ext;
          cairo_region_get_extents (region, &ext);
          cairo_region_destroy (region);
          region = cairo_region_create_rectangle (&ext);
        }
      redraw_region (cache, region);
      cache->n_partial++;
      drew = TRUE;
    }
  cairo_region_destroy (region);
  return drew;
}

void
stp_sketch_render_cache_draw (StpSketchRenderCache *cache,
                              cairo_t              *cr,
                              const StpSketchView  *view,
                              int                   width,
                              int                   height)
{
  g_return_if_fail (cache != NULL);
  g_return_if_fail (cr != NULL);

  stp_sketch_render_cache_update (cache, view, width, height);
  cairo_save (cr);
  cairo_set_source_surface (cr, cache->surface, 0, 0);
  cairo_paint (cr);
  cairo_restore (cr);
}

gboolean
stp_sketch_render_cache_draw_stale (StpSketchRenderCache *cache,
                                    cairo_t              *cr,
                                    const StpSketchView  *view,
                                    int                   width,
                                    int                   height)
{
  double k;

  g_return_val_if_fail (cache != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);
  g_return_val_if_fail (view != NULL, FALSE);

  if (cache->surface == NULL)
    return FALSE;
  /* widget = photo * s + o for both views, so new = (old - o_old) * k + o_new. */
  k = view->scale / cache->view.scale;
  cairo_save (cr);
  cairo_translate (cr, view->offset_x - cache->view.offset_x * k,
                   view->offset_y - cache->view.offset_y * k);
  cairo_scale (cr, k, k);
  cairo_set_source_surface (cr, cache->surface, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_BILINEAR);
  cairo_paint (cr);
  cairo_restore (cr);
  return stp_sketch_view_equal (view, &cache->view) && width == cache->width &&
         height == cache->height && !cache->all_dirty && cache->dirty->len == 0;
}
