/* stp-sketch-render.c: drawing a sketch's items and overlays with cairo.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>

#include "stipple/stp-sketch-render.h"
#include "stp-sketch-private.h"
#include "stp-sketch-render-private.h"

/* The thinnest a pressure-sensitive stroke gets, as a share of its full width, so a
 * light touch still shows. */
#define MIN_PRESSURE_WIDTH 0.15

static void
set_color (cairo_t        *cr,
           StpSketchColor  color,
           double          alpha)
{
  cairo_set_source_rgba (cr,
                         ((color >> 24) & 0xff) / 255.0,
                         ((color >> 16) & 0xff) / 255.0,
                         ((color >> 8) & 0xff) / 255.0,
                         (color & 0xff) / 255.0 * alpha);
}

static double
stroke_half_width (const StpSketchItem  *item,
                   const StpSketchPoint *p)
{
  return item->width * MAX (p->pressure, MIN_PRESSURE_WIDTH) / 2;
}

/* A freehand stroke as one filled outline: the left edge forwards, a round cap, the
 * right edge backwards, a round cap. One fill per stroke keeps thousands of strokes
 * fast and the width follows the pressure smoothly. */
static void
draw_stroke (cairo_t             *cr,
             const StpSketchItem *item)
{
  const StpSketchPoint *pts = (const StpSketchPoint *) item->points->data;
  guint n = item->points->len;
  double *nx, *ny;

  if (n == 0)
    return;
  set_color (cr, item->color, 1.0);
  if (n == 1)
    {
      cairo_new_path (cr);
      cairo_arc (cr, pts[0].x, pts[0].y, stroke_half_width (item, &pts[0]), 0, 2 * G_PI);
      cairo_fill (cr);
      return;
    }

  nx = g_newa (double, n);
  ny = g_newa (double, n);
  for (guint i = 0; i < n; i++)
    {
      const StpSketchPoint *a = &pts[i > 0 ? i - 1 : 0];
      const StpSketchPoint *b = &pts[i + 1 < n ? i + 1 : n - 1];
      double dx = b->x - a->x, dy = b->y - a->y;
      double len = hypot (dx, dy);

      if (len < 1e-9)
        {
          nx[i] = i > 0 ? nx[i - 1] : 0;
          ny[i] = i > 0 ? ny[i - 1] : 1;
          continue;
        }
      nx[i] = -dy / len;
      ny[i] = dx / len;
    }

  cairo_new_path (cr);
  for (guint i = 0; i < n; i++)
    {
      double w = stroke_half_width (item, &pts[i]);
      cairo_line_to (cr, pts[i].x + nx[i] * w, pts[i].y + ny[i] * w);
    }
  {
    double w = stroke_half_width (item, &pts[n - 1]);
    double a = atan2 (ny[n - 1], nx[n - 1]);
    cairo_arc_negative (cr, pts[n - 1].x, pts[n - 1].y, w, a, a - G_PI);
  }
  for (guint i = n; i > 0; i--)
    {
      double w = stroke_half_width (item, &pts[i - 1]);
      cairo_line_to (cr, pts[i - 1].x - nx[i - 1] * w, pts[i - 1].y - ny[i - 1] * w);
    }
  {
    double w = stroke_half_width (item, &pts[0]);
    double a = atan2 (-ny[0], -nx[0]);
    cairo_arc_negative (cr, pts[0].x, pts[0].y, w, a, a - G_PI);
  }
  cairo_close_path (cr);
  cairo_set_fill_rule (cr, CAIRO_FILL_RULE_WINDING);
  cairo_fill (cr);
}

void
_stp_sketch_path_nodes (cairo_t      *cr,
                        const GArray *nodes,
                        gboolean      closed)
{
  guint n = nodes->len;
  guint segments;

  if (n == 0)
    return;
  segments = closed ? n : n - 1;
  cairo_move_to (cr, g_array_index (nodes, StpSketchNode, 0).x,
                 g_array_index (nodes, StpSketchNode, 0).y);
  for (guint s = 0; s < segments; s++)
    {
      const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, s);
      const StpSketchNode *b = &g_array_index (nodes, StpSketchNode, (s + 1) % n);
      cairo_curve_to (cr, a->out_x, a->out_y, b->in_x, b->in_y, b->x, b->y);
    }
  if (closed)
    cairo_close_path (cr);
}

static void
draw_curve_nodes (cairo_t             *cr,
                  const StpSketchItem *item,
                  const GArray        *nodes)
{
  if (nodes->len == 0)
    return;
  cairo_new_path (cr);
  if (nodes->len == 1)
    {
      const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, 0);
      cairo_arc (cr, a->x, a->y, item->width / 2, 0, 2 * G_PI);
      set_color (cr, item->color, 1.0);
      cairo_fill (cr);
      return;
    }
  _stp_sketch_path_nodes (cr, nodes, FALSE);
  set_color (cr, item->color, 1.0);
  cairo_set_line_width (cr, item->width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke (cr);
}

static void
draw_curve (StpSketch           *sketch,
            cairo_t             *cr,
            const StpSketchItem *item)
{
  draw_curve_nodes (cr, item, item->nodes);
  if (item->mirrored)
    {
      g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (sketch, item);
      draw_curve_nodes (cr, item, mirror);
    }
}

void
_stp_sketch_path_region (cairo_t             *cr,
                         const StpSketchItem *item)
{
  cairo_new_path (cr);
  if (item->smooth)
    {
      _stp_sketch_path_nodes (cr, item->nodes, TRUE);
      return;
    }
  for (guint i = 0; i < item->points->len; i++)
    {
      const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
      cairo_line_to (cr, p->x, p->y);
    }
  cairo_close_path (cr);
}

static void
draw_region (cairo_t             *cr,
             const StpSketchItem *item)
{
  gboolean scar = item->role == STP_SKETCH_ROLE_SCAR;

  if ((item->smooth ? item->nodes->len : item->points->len) == 0)
    return;
  _stp_sketch_path_region (cr, item);
  /* A treatment area is a tinted wash; a scar is a stronger wash behind a dashed edge,
   * so the two read apart even in grey. */
  set_color (cr, item->color, scar ? 0.35 : 0.25);
  cairo_fill_preserve (cr);
  set_color (cr, item->color, 1.0);
  cairo_set_line_width (cr, item->width);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  if (scar)
    {
      double dash[2] = { item->width * 3, item->width * 2 };
      cairo_set_dash (cr, dash, 2, 0);
    }
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
}

static void
select_font (cairo_t *cr,
             double   size)
{
  cairo_select_font_face (cr, "Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
  cairo_set_font_size (cr, size);
}

void
_stp_text_extents (const char    *text,
                   double         size,
                   StpSketchRect *ink)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  cairo_t *cr = cairo_create (surface);
  cairo_text_extents_t e;
  double pad;

  select_font (cr, size);
  cairo_text_extents (cr, text, &e);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  /* The halo, and a tenth more for hinting that differs at other scales. */
  pad = size / 12 + size * 0.1 + 1;
  ink->x = e.x_bearing - pad;
  ink->y = e.y_bearing - pad;
  ink->width = MAX (e.width, e.x_advance) + 2 * pad;
  ink->height = e.height + 2 * pad;
}

/* Text with a light halo so it reads over dark hair and light skin alike. */
static void
draw_text (cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          size,
           StpSketchColor  color)
{
  select_font (cr, size);
  cairo_new_path (cr);
  cairo_move_to (cr, x, y);
  cairo_text_path (cr, text);
  cairo_set_source_rgba (cr, 1, 1, 1, 0.85 * (color & 0xff) / 255.0);
  cairo_set_line_width (cr, size / 6);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  cairo_stroke_preserve (cr);
  set_color (cr, color, 1.0);
  cairo_fill (cr);
}

static void
draw_label (cairo_t             *cr,
            const StpSketchItem *item)
{
  if (item->text == NULL || item->text[0] == '\0')
    return;
  draw_text (cr, item->text, item->x, item->y, item->font_size, item->color);
}

char *
stp_sketch_format_measure (StpSketch           *sketch,
                           const StpSketchItem *item)
{
  double px = 0;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  if (item->points->len >= 2)
    {
      const StpSketchPoint *a = &g_array_index (item->points, StpSketchPoint, 0);
      const StpSketchPoint *b = &g_array_index (item->points, StpSketchPoint, 1);
      px = hypot (b->x - a->x, b->y - a->y);
    }
  if (!stp_sketch_is_calibrated (sketch))
    /* Translators: a distance in photo pixels, shown until the sketch is calibrated. */
    return g_strdup_printf (_("%.0f px"), px);
  /* Translators: a measured distance in millimetres. */
  return g_strdup_printf (_("%.1f mm"), px * stp_sketch_get_mm_per_pixel (sketch));
}

/* A line with short end bars, like a ruler reading. */
static void
draw_dimension (cairo_t        *cr,
                double          x1,
                double          y1,
                double          x2,
                double          y2,
                double          width,
                double          bar,
                StpSketchColor  color)
{
  double len = hypot (x2 - x1, y2 - y1);
  double nx = len > 0 ? -(y2 - y1) / len : 0, ny = len > 0 ? (x2 - x1) / len : 1;

  cairo_new_path (cr);
  cairo_move_to (cr, x1, y1);
  cairo_line_to (cr, x2, y2);
  cairo_move_to (cr, x1 - nx * bar, y1 - ny * bar);
  cairo_line_to (cr, x1 + nx * bar, y1 + ny * bar);
  cairo_move_to (cr, x2 - nx * bar, y2 - ny * bar);
  cairo_line_to (cr, x2 + nx * bar, y2 + ny * bar);
  set_color (cr, color, 1.0);
  cairo_set_line_width (cr, width);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_stroke (cr);
}

static void
draw_measure (StpSketch           *sketch,
              cairo_t             *cr,
              const StpSketchItem *item)
{
  const StpSketchPoint *a, *b;
  g_autofree char *text = NULL;
  double fs = _stp_measure_font_size (item);

  if (item->points->len < 2)
    return;
  a = &g_array_index (item->points, StpSketchPoint, 0);
  b = &g_array_index (item->points, StpSketchPoint, 1);
  draw_dimension (cr, a->x, a->y, b->x, b->y, item->width, item->width * 3, item->color);
  text = stp_sketch_format_measure (sketch, item);
  draw_text (cr, text, (a->x + b->x) / 2 + fs * 0.4, (a->y + b->y) / 2 - fs * 0.4, fs,
             item->color);
}

void
_stp_sketch_draw_item (StpSketch           *sketch,
                       cairo_t             *cr,
                       const StpSketchItem *item)
{
  switch (item->kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      draw_stroke (cr, item);
      break;
    case STP_SKETCH_ITEM_CURVE:
      draw_curve (sketch, cr, item);
      break;
    case STP_SKETCH_ITEM_REGION:
      draw_region (cr, item);
      break;
    case STP_SKETCH_ITEM_LABEL:
      draw_label (cr, item);
      break;
    case STP_SKETCH_ITEM_MEASURE:
      draw_measure (sketch, cr, item);
      break;
    default:
      break;
    }
}

static gboolean
rects_intersect (const StpSketchRect *a,
                 const StpSketchRect *b)
{
  return a->x < b->x + b->width && b->x < a->x + a->width &&
         a->y < b->y + b->height && b->y < a->y + a->height;
}

void
_stp_sketch_draw_items (StpSketch           *sketch,
                        cairo_t             *cr,
                        const StpSketchRect *clip,
                        GHashTable          *hidden)
{
  guint n = stp_sketch_get_n_items (sketch);

  for (int layer = 0; layer < STP_SKETCH_N_LAYERS; layer++)
    {
      double opacity = stp_sketch_get_layer_opacity (sketch, layer);
      gboolean grouped = opacity < 1.0;
      gboolean any = FALSE;

      if (!stp_sketch_get_layer_visible (sketch, layer) || opacity <= 0)
        continue;
      for (guint i = 0; i < n; i++)
        {
          const StpSketchItem *item = stp_sketch_get_item (sketch, i);

          if ((int) item->layer != layer)
            continue;
          if (hidden != NULL && g_hash_table_contains (hidden, GUINT_TO_POINTER (item->id)))
            continue;
          if (clip != NULL)
            {
              StpSketchRect b;
              _stp_sketch_item_drawn_bounds (sketch, item, &b);
              if (!rects_intersect (&b, clip))
                continue;
            }
          /* A translucent layer is drawn whole, then blended once, so overlapping items
           * of one layer do not darken each other. */
          if (grouped && !any)
            cairo_push_group (cr);
          any = TRUE;
          cairo_save (cr);
          _stp_sketch_draw_item (sketch, cr, item);
          cairo_restore (cr);
        }
      if (grouped && any)
        {
          cairo_pop_group_to_source (cr);
          cairo_paint_with_alpha (cr, opacity);
        }
    }
}

void
stp_sketch_render_items (StpSketch           *sketch,
                         cairo_t             *cr,
                         const StpSketchView *view,
                         const StpSketchRect *clip)
{
  g_return_if_fail (STP_IS_SKETCH (sketch));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (view != NULL)
    stp_sketch_view_apply (view, cr);
  _stp_sketch_draw_items (sketch, cr, clip, NULL);
  cairo_restore (cr);
}

static double
view_scale (const StpSketchView *view)
{
  return view != NULL ? view->scale : 1.0;
}

void
stp_sketch_render_overlays (StpSketch            *sketch,
                            cairo_t              *cr,
                            const StpSketchView  *view,
                            StpSketchRenderFlags  flags)
{
  double px, w, h;
  gboolean guides;

  g_return_if_fail (STP_IS_SKETCH (sketch));
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  if (view != NULL)
    stp_sketch_view_apply (view, cr);
  /* One and a half screen pixels at any zoom. */
  px = 1.0 / view_scale (view);
  w = stp_sketch_get_photo_width (sketch);
  h = stp_sketch_get_photo_height (sketch);
  guides = (flags & STP_SKETCH_RENDER_GUIDES) && stp_sketch_get_guides_visible (sketch);

  if (guides || (flags & STP_SKETCH_RENDER_MIDLINE))
    {
      double a = stp_sketch_get_midline_angle (sketch) * G_PI / 180;
      double mx = stp_sketch_get_midline_x (sketch), my = h / 2;
      double dash[2] = { 8 * px, 4 * px };
      double reach = h;

      cairo_new_path (cr);
      cairo_move_to (cr, mx + sin (a) * reach, my - cos (a) * reach);
      cairo_line_to (cr, mx - sin (a) * reach, my + cos (a) * reach);
      cairo_set_source_rgba (cr, 0.88, 0.11, 0.14, 0.9);
      cairo_set_line_width (cr, 1.5 * px);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (guides)
    {
      double y[3];
      double dash[2] = { 4 * px, 4 * px };
      double hair = stp_sketch_get_suggested_hairline_y (sketch);

      stp_sketch_get_guides (sketch, y);
      cairo_new_path (cr);
      for (int i = 0; i < 3; i++)
        {
          cairo_move_to (cr, 0, y[i]);
          cairo_line_to (cr, w, y[i]);
        }
      cairo_set_source_rgba (cr, 0.96, 0.76, 0.07, 0.9);
      cairo_set_line_width (cr, 1.5 * px);
      cairo_stroke (cr);
      /* Where the hairline would sit with equal thirds: a hint, not a rule. */
      cairo_new_path (cr);
      cairo_move_to (cr, 0, hair);
      cairo_line_to (cr, w, hair);
      cairo_set_dash (cr, dash, 2, 0);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
    }
  if (flags & STP_SKETCH_RENDER_CALIBRATION)
    {
      double x1, y1, x2, y2, mm;

      if (stp_sketch_get_calibration (sketch, &x1, &y1, &x2, &y2, &mm))
        {
          g_autofree char *text = g_strdup_printf (_("%.1f mm"), mm);

          draw_dimension (cr, x1, y1, x2, y2, 2 * px, 6 * px, 0x2ec27eff);
          draw_text (cr, text, (x1 + x2) / 2 + 6 * px, (y1 + y2) / 2 - 6 * px, 14 * px,
                     0x26a269ff);
        }
    }
  cairo_restore (cr);
}

void
stp_sketch_render (StpSketch            *sketch,
                   cairo_t              *cr,
                   const StpSketchView  *view,
                   StpSketchRenderFlags  flags)
{
  g_return_if_fail (STP_IS_SKETCH (sketch));
  g_return_if_fail (cr != NULL);

  if (flags & STP_SKETCH_RENDER_ITEMS)
    stp_sketch_render_items (sketch, cr, view, NULL);
  if (flags & (STP_SKETCH_RENDER_GUIDES | STP_SKETCH_RENDER_MIDLINE |
               STP_SKETCH_RENDER_CALIBRATION))
    stp_sketch_render_overlays (sketch, cr, view, flags);
}

void
stp_sketch_render_item (StpSketch           *sketch,
                        cairo_t             *cr,
                        const StpSketchView *view,
                        const StpSketchItem *item,
                        double               opacity)
{
  g_return_if_fail (STP_IS_SKETCH (sketch));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (item != NULL);

  cairo_save (cr);
  if (view != NULL)
    stp_sketch_view_apply (view, cr);
  if (opacity < 1.0)
    cairo_push_group (cr);
  _stp_sketch_draw_item (sketch, cr, item);
  if (opacity < 1.0)
    {
      cairo_pop_group_to_source (cr);
      cairo_paint_with_alpha (cr, MAX (opacity, 0.0));
    }
  cairo_restore (cr);
}

static void
draw_handles (cairo_t             *cr,
              const StpSketchView *view,
              const GArray        *nodes,
              gboolean             hollow)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      const StpSketchNode *n = &g_array_index (nodes, StpSketchNode, i);
      double x, y, ix, iy, ox, oy;

      stp_sketch_view_to_widget (view, n->x, n->y, &x, &y);
      stp_sketch_view_to_widget (view, n->in_x, n->in_y, &ix, &iy);
      stp_sketch_view_to_widget (view, n->out_x, n->out_y, &ox, &oy);
      cairo_new_path (cr);
      cairo_move_to (cr, ix, iy);
      cairo_line_to (cr, x, y);
      cairo_line_to (cr, ox, oy);
      cairo_set_source_rgba (cr, 0.2, 0.2, 0.2, 0.8);
      cairo_set_line_width (cr, 1);
      cairo_stroke (cr);
      cairo_new_path (cr);
      cairo_arc (cr, ix, iy, 3.5, 0, 2 * G_PI);
      cairo_new_sub_path (cr);
      cairo_arc (cr, ox, oy, 3.5, 0, 2 * G_PI);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
      cairo_stroke (cr);
      cairo_new_path (cr);
      cairo_rectangle (cr, x - 4.5, y - 4.5, 9, 9);
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_fill_preserve (cr);
      cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
      cairo_set_line_width (cr, hollow ? 1 : 2);
      cairo_stroke (cr);
    }
}

void
stp_sketch_render_selection (StpSketch           *sketch,
                             cairo_t             *cr,
                             const StpSketchView *view,
                             const StpSketchItem *item)
{
  StpSketchView identity;
  StpSketchRect b;
  double x1, y1, x2, y2;
  double dash[2] = { 4, 3 };

  g_return_if_fail (STP_IS_SKETCH (sketch));
  g_return_if_fail (cr != NULL);
  g_return_if_fail (item != NULL);

  if (view == NULL)
    {
      stp_sketch_view_init (&identity);
      view = &identity;
    }
  /* In widget pixels, so handles keep their size at any zoom. */
  cairo_save (cr);
  _stp_sketch_item_drawn_bounds (sketch, item, &b);
  stp_sketch_view_to_widget (view, b.x, b.y, &x1, &y1);
  stp_sketch_view_to_widget (view, b.x + b.width, b.y + b.height, &x2, &y2);
  cairo_new_path (cr);
  cairo_rectangle (cr, floor (x1) + 0.5, floor (y1) + 0.5, ceil (x2 - x1), ceil (y2 - y1));
  cairo_set_line_width (cr, 1);
  cairo_set_source_rgb (cr, 0.11, 0.44, 0.85);
  cairo_set_dash (cr, dash, 2, 0);
  cairo_stroke (cr);
  cairo_set_dash (cr, NULL, 0, 0);
  if (item->kind == STP_SKETCH_ITEM_CURVE ||
      (item->kind == STP_SKETCH_ITEM_REGION && item->smooth))
    {
      draw_handles (cr, view, item->nodes, FALSE);
      if (item->kind == STP_SKETCH_ITEM_CURVE && item->mirrored)
        {
          g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (sketch, item);
          draw_handles (cr, view, mirror, TRUE);
        }
    }
  cairo_restore (cr);
}
