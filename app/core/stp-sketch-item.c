/* stp-sketch-item.c: one item of a sketch: creation, copies, geometry, smoothing.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <math.h>
#include <string.h>

#include "stipple/stp-sketch.h"
#include "stp-sketch-private.h"

G_DEFINE_BOXED_TYPE (StpSketchItem, stp_sketch_item, stp_sketch_item_copy, stp_sketch_item_free)

StpSketchItem *
stp_sketch_item_new (StpSketchItemKind kind)
{
  StpSketchItem *item = g_new0 (StpSketchItem, 1);

  item->kind = kind;
  item->points = g_array_new (FALSE, FALSE, sizeof (StpSketchPoint));
  item->nodes = g_array_new (FALSE, FALSE, sizeof (StpSketchNode));
  item->shade = g_strdup ("");
  item->text = g_strdup ("");

  /* Colours chosen to read on skin and hair alike, and to tell the layers apart. */
  switch (kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      item->layer = STP_SKETCH_LAYER_HAIRLINE;
      item->color = 0x1a5fb4ff;
      item->width = 4.0;
      break;
    case STP_SKETCH_ITEM_CURVE:
      item->layer = STP_SKETCH_LAYER_HAIRLINE;
      item->color = 0x1c71d8ff;
      item->width = 5.0;
      break;
    case STP_SKETCH_ITEM_REGION:
      item->layer = STP_SKETCH_LAYER_AREAS;
      item->color = 0x26a269ff;
      item->width = 3.0;
      item->role = STP_SKETCH_ROLE_TREATMENT;
      break;
    case STP_SKETCH_ITEM_LABEL:
      item->layer = STP_SKETCH_LAYER_NOTES;
      item->color = 0x241f31ff;
      item->width = 1.0;
      item->font_size = 32.0;
      break;
    case STP_SKETCH_ITEM_MEASURE:
      item->layer = STP_SKETCH_LAYER_NOTES;
      item->color = 0xe66100ff;
      item->width = 3.0;
      break;
    default:
      g_assert_not_reached ();
    }
  return item;
}

StpSketchItem *
stp_sketch_item_copy (const StpSketchItem *item)
{
  StpSketchItem *copy;

  g_return_val_if_fail (item != NULL, NULL);

  copy = g_new (StpSketchItem, 1);
  *copy = *item;
  copy->points = g_array_sized_new (FALSE, FALSE, sizeof (StpSketchPoint), item->points->len);
  g_array_append_vals (copy->points, item->points->data, item->points->len);
  copy->nodes = g_array_sized_new (FALSE, FALSE, sizeof (StpSketchNode), item->nodes->len);
  g_array_append_vals (copy->nodes, item->nodes->data, item->nodes->len);
  copy->shade = g_strdup (item->shade);
  copy->text = g_strdup (item->text);
  return copy;
}

void
stp_sketch_item_free (StpSketchItem *item)
{
  if (item == NULL)
    return;
  g_array_unref (item->points);
  g_array_unref (item->nodes);
  g_free (item->shade);
  g_free (item->text);
  g_free (item);
}

gboolean
stp_sketch_item_equal (const StpSketchItem *a,
                       const StpSketchItem *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->id == b->id && a->kind == b->kind && a->layer == b->layer &&
         a->color == b->color && a->width == b->width &&
         a->points->len == b->points->len &&
         (a->points->len == 0 ||
          memcmp (a->points->data, b->points->data,
                  a->points->len * sizeof (StpSketchPoint)) == 0) &&
         a->nodes->len == b->nodes->len &&
         (a->nodes->len == 0 ||
          memcmp (a->nodes->data, b->nodes->data,
                  a->nodes->len * sizeof (StpSketchNode)) == 0) &&
         !a->mirrored == !b->mirrored && !a->smooth == !b->smooth &&
         a->role == b->role && a->density == b->density &&
         g_strcmp0 (a->shade, b->shade) == 0 && g_strcmp0 (a->text, b->text) == 0 &&
         a->x == b->x && a->y == b->y && a->font_size == b->font_size;
}

void
stp_sketch_item_add_point (StpSketchItem *item,
                           double         x,
                           double         y,
                           double         pressure)
{
  StpSketchPoint p = { x, y, CLAMP (pressure, 0.0, 1.0) };

  g_return_if_fail (item != NULL);
  g_array_append_val (item->points, p);
}

void
stp_sketch_item_add_node (StpSketchItem       *item,
                          const StpSketchNode *node)
{
  g_return_if_fail (item != NULL && node != NULL);
  g_array_append_vals (item->nodes, node, 1);
}

void
stp_sketch_item_set_text (StpSketchItem *item,
                          const char    *text)
{
  g_return_if_fail (item != NULL);
  g_free (item->text);
  item->text = g_strdup (text != NULL ? text : "");
}

void
stp_sketch_item_set_shade (StpSketchItem *item,
                           const char    *shade)
{
  g_return_if_fail (item != NULL);
  g_free (item->shade);
  item->shade = g_strdup (shade != NULL ? shade : "");
}

guint
stp_sketch_item_get_n_points (const StpSketchItem *item)
{
  return item->points->len;
}

guint
stp_sketch_item_get_n_nodes (const StpSketchItem *item)
{
  return item->nodes->len;
}

void
stp_sketch_node_segment_eval (const StpSketchNode *a,
                              const StpSketchNode *b,
                              double               t,
                              double              *x,
                              double              *y)
{
  double u = 1.0 - t;
  double c0 = u * u * u, c1 = 3 * u * u * t, c2 = 3 * u * t * t, c3 = t * t * t;

  *x = c0 * a->x + c1 * a->out_x + c2 * b->in_x + c3 * b->x;
  *y = c0 * a->y + c1 * a->out_y + c2 * b->in_y + c3 * b->y;
}

void
_stp_bounds_add (StpSketchRect *r,
                 double         x,
                 double         y)
{
  if (r->width < 0)
    {
      r->x = x;
      r->y = y;
      r->width = 0;
      r->height = 0;
      return;
    }
  if (x < r->x)
    {
      r->width += r->x - x;
      r->x = x;
    }
  else if (x > r->x + r->width)
    r->width = x - r->x;
  if (y < r->y)
    {
      r->height += r->y - y;
      r->y = y;
    }
  else if (y > r->y + r->height)
    r->height = y - r->y;
}

void
_stp_rect_union (StpSketchRect       *r,
                 const StpSketchRect *other)
{
  if (other->width < 0)
    return;
  _stp_bounds_add (r, other->x, other->y);
  _stp_bounds_add (r, other->x + other->width, other->y + other->height);
}

void
stp_sketch_item_get_bounds (const StpSketchItem *item,
                            StpSketchRect       *bounds)
{
  StpSketchRect r = { 0, 0, -1, -1 };
  double pad;

  g_return_if_fail (item != NULL && bounds != NULL);

  for (guint i = 0; i < item->points->len; i++)
    {
      const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
      _stp_bounds_add (&r, p->x, p->y);
    }
  /* A Bézier segment stays inside the hull of its control points. */
  for (guint i = 0; i < item->nodes->len; i++)
    {
      const StpSketchNode *n = &g_array_index (item->nodes, StpSketchNode, i);
      _stp_bounds_add (&r, n->x, n->y);
      _stp_bounds_add (&r, n->in_x, n->in_y);
      _stp_bounds_add (&r, n->out_x, n->out_y);
    }
  if (item->kind == STP_SKETCH_ITEM_LABEL && item->text != NULL && item->text[0] != '\0')
    {
      StpSketchRect ink;

      _stp_text_extents (item->text, item->font_size, &ink);
      _stp_bounds_add (&r, item->x + ink.x, item->y + ink.y);
      _stp_bounds_add (&r, item->x + ink.x + ink.width, item->y + ink.y + ink.height);
    }
  if (item->kind == STP_SKETCH_ITEM_MEASURE && item->points->len >= 2)
    {
      /* Room for the longest length the line can show beside it (the text depends on
       * the calibration, and changing that redraws everything anyway). */
      const StpSketchPoint *a = &g_array_index (item->points, StpSketchPoint, 0);
      const StpSketchPoint *b = &g_array_index (item->points, StpSketchPoint, 1);
      double fs = _stp_measure_font_size (item);
      double tx = (a->x + b->x) / 2 + fs * 0.4, ty = (a->y + b->y) / 2 - fs * 0.4;
      StpSketchRect ink;

      _stp_text_extents ("00000.0 mm", fs, &ink);
      _stp_bounds_add (&r, tx + ink.x, ty + ink.y);
      _stp_bounds_add (&r, tx + ink.x + ink.width, ty + ink.y + ink.height);
    }

  if (r.width < 0)
    {
      *bounds = (StpSketchRect) { 0, 0, 0, 0 };
      return;
    }
  /* Half the line width, plus a pixel for antialiasing and joins. */
  pad = item->width * (item->kind == STP_SKETCH_ITEM_MEASURE ? 3.0 : 1.0) + 2.0;
  r.x -= pad;
  r.y -= pad;
  r.width += 2 * pad;
  r.height += 2 * pad;
  *bounds = r;
}

double
_stp_measure_font_size (const StpSketchItem *item)
{
  return MAX (12.0, item->width * 6.0);
}

void
stp_sketch_item_translate (StpSketchItem *item,
                           double         dx,
                           double         dy)
{
  g_return_if_fail (item != NULL);

  for (guint i = 0; i < item->points->len; i++)
    {
      StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
      p->x += dx;
      p->y += dy;
    }
  for (guint i = 0; i < item->nodes->len; i++)
    {
      StpSketchNode *n = &g_array_index (item->nodes, StpSketchNode, i);
      n->x += dx;
      n->y += dy;
      n->in_x += dx;
      n->in_y += dy;
      n->out_x += dx;
      n->out_y += dy;
    }
  item->x += dx;
  item->y += dy;
}

void
stp_sketch_item_smooth_stroke (StpSketchItem *item,
                               double         min_distance)
{
  GArray *pts;
  guint n, kept;

  g_return_if_fail (item != NULL);

  pts = item->points;
  n = pts->len;
  /* Two passes of a [1 2 1] / 4 kernel take out the pen's jitter without rounding off the
   * stroke's ends, which stay where the pen touched down and lifted. */
  for (int pass = 0; pass < 2 && n >= 3; pass++)
    {
      StpSketchPoint prev = g_array_index (pts, StpSketchPoint, 0);

      for (guint i = 1; i + 1 < n; i++)
        {
          StpSketchPoint *p = &g_array_index (pts, StpSketchPoint, i);
          const StpSketchPoint *next = &g_array_index (pts, StpSketchPoint, i + 1);
          StpSketchPoint cur = *p;

          p->x = (prev.x + 2 * cur.x + next->x) / 4;
          p->y = (prev.y + 2 * cur.y + next->y) / 4;
          p->pressure = (prev.pressure + 2 * cur.pressure + next->pressure) / 4;
          prev = cur;
        }
    }

  if (min_distance <= 0 || n < 3)
    return;
  kept = 1;
  for (guint i = 1; i < n; i++)
    {
      const StpSketchPoint *last = &g_array_index (pts, StpSketchPoint, kept - 1);
      const StpSketchPoint *p = &g_array_index (pts, StpSketchPoint, i);
      gboolean is_end = i == n - 1;

      if (!is_end && hypot (p->x - last->x, p->y - last->y) < min_distance)
        continue;
      g_array_index (pts, StpSketchPoint, kept++) = *p;
    }
  g_array_set_size (pts, kept);
}

void
stp_sketch_item_auto_handles (StpSketchItem *item,
                              gboolean       closed)
{
  guint n;
  StpSketchNode *nodes;

  g_return_if_fail (item != NULL);

  n = item->nodes->len;
  nodes = (StpSketchNode *) item->nodes->data;
  if (n == 0)
    return;
  /* Catmull-Rom tangents: each node's handles lie on the line parallel to the chord
   * between its neighbours, a sixth of that chord away, so the spline passes through
   * every node and turns smoothly there. */
  for (guint i = 0; i < n; i++)
    {
      const StpSketchNode *prev, *next;
      double tx, ty;

      if (closed && n >= 3)
        {
          prev = &nodes[(i + n - 1) % n];
          next = &nodes[(i + 1) % n];
        }
      else
        {
          prev = &nodes[i > 0 ? i - 1 : i];
          next = &nodes[i + 1 < n ? i + 1 : i];
        }
      tx = (next->x - prev->x) / 6.0;
      ty = (next->y - prev->y) / 6.0;
      if (!closed && (i == 0 || i == n - 1))
        {
          /* An open end has one neighbour: aim a third of the way to it. */
          tx *= 2.0;
          ty *= 2.0;
        }
      nodes[i].in_x = nodes[i].x - tx;
      nodes[i].in_y = nodes[i].y - ty;
      nodes[i].out_x = nodes[i].x + tx;
      nodes[i].out_y = nodes[i].y + ty;
    }
}

/* Coordinates are kept to a hundredth of a photo pixel (pressure to a thousandth): far
 * below what shows, and exactly what the file format writes, so a saved sketch loads
 * back equal and the saver can print numbers as scaled integers, which is fast. */
double
_stp_quantize (double value,
               double steps)
{
  if (!isfinite (value))
    return 0;
  value = CLAMP (value, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD);
  return round (value * steps) / steps;
}

void
_stp_sketch_item_quantize (StpSketchItem *item)
{
  for (guint i = 0; i < item->points->len; i++)
    {
      StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
      p->x = _stp_quantize (p->x, STP_SKETCH_COORD_STEPS);
      p->y = _stp_quantize (p->y, STP_SKETCH_COORD_STEPS);
      p->pressure = _stp_quantize (CLAMP (p->pressure, 0.0, 1.0), STP_SKETCH_PRESSURE_STEPS);
    }
  for (guint i = 0; i < item->nodes->len; i++)
    {
      StpSketchNode *n = &g_array_index (item->nodes, StpSketchNode, i);
      n->x = _stp_quantize (n->x, STP_SKETCH_COORD_STEPS);
      n->y = _stp_quantize (n->y, STP_SKETCH_COORD_STEPS);
      n->in_x = _stp_quantize (n->in_x, STP_SKETCH_COORD_STEPS);
      n->in_y = _stp_quantize (n->in_y, STP_SKETCH_COORD_STEPS);
      n->out_x = _stp_quantize (n->out_x, STP_SKETCH_COORD_STEPS);
      n->out_y = _stp_quantize (n->out_y, STP_SKETCH_COORD_STEPS);
    }
  item->x = _stp_quantize (item->x, STP_SKETCH_COORD_STEPS);
  item->y = _stp_quantize (item->y, STP_SKETCH_COORD_STEPS);
}

/* Flattens the item's outline into photo-space points (curves in 16 pieces per
 * segment); closed shapes do not repeat their first point. */
GArray *
_stp_sketch_item_flatten (const StpSketchItem *item,
                          const GArray        *nodes_override,
                          gboolean            *closed)
{
  const GArray *nodes = nodes_override != NULL ? nodes_override : item->nodes;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (StpSketchPoint));
  gboolean use_nodes = item->kind == STP_SKETCH_ITEM_CURVE ||
                       (item->kind == STP_SKETCH_ITEM_REGION && item->smooth);

  *closed = item->kind == STP_SKETCH_ITEM_REGION;
  if (use_nodes)
    {
      guint n = nodes->len;
      guint segments = *closed ? n : (n > 0 ? n - 1 : 0);

      if (n == 1)
        {
          const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, 0);
          StpSketchPoint p = { a->x, a->y, 1.0 };
          g_array_append_val (out, p);
        }
      for (guint s = 0; s < segments; s++)
        {
          const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, s);
          const StpSketchNode *b = &g_array_index (nodes, StpSketchNode, (s + 1) % n);

          for (int k = 0; k < 16; k++)
            {
              StpSketchPoint p = { 0, 0, 1.0 };
              stp_sketch_node_segment_eval (a, b, k / 16.0, &p.x, &p.y);
              g_array_append_val (out, p);
            }
          if (!*closed && s + 1 == segments)
            {
              StpSketchPoint p = { b->x, b->y, 1.0 };
              g_array_append_val (out, p);
            }
        }
    }
  else
    g_array_append_vals (out, item->points->data, item->points->len);
  return out;
}
