/* stp-sketch.c: the sketch model: items, layers, midline, guides, calibration.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "stipple/stp-sketch.h"
#include "stp-sketch-private.h"

struct _StpSketch
{
  GObject         parent_instance;

  int             photo_width;
  int             photo_height;
  GPtrArray      *items;      /* of StpSketchItem, drawing order */
  GHashTable     *by_id;      /* id -> StpSketchItem (borrowed from items) */
  guint32         next_id;
  guint           n_points;   /* points + nodes over all items */
  StpSketchProps  props;
};

G_DEFINE_FINAL_TYPE (StpSketch, stp_sketch, G_TYPE_OBJECT)

G_DEFINE_QUARK (stp-sketch-error-quark, stp_sketch_error)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *layer_ids[STP_SKETCH_N_LAYERS] = { "hairline", "areas", "scars", "notes" };

void
_stp_sketch_props_clear (StpSketchProps *props)
{
  g_clear_pointer (&props->name, g_free);
}

void
_stp_sketch_props_copy (StpSketchProps       *dest,
                        const StpSketchProps *src)
{
  char *name = g_strdup (src->name);

  g_free (dest->name);
  *dest = *src;
  dest->name = name;
}

StpSketchChange
_stp_sketch_props_diff (const StpSketchProps *a,
                        const StpSketchProps *b)
{
  StpSketchChange what = 0;

  if (g_strcmp0 (a->name, b->name) != 0)
    what |= STP_SKETCH_CHANGE_META;
  for (int i = 0; i < STP_SKETCH_N_LAYERS; i++)
    if (!a->layer_visible[i] != !b->layer_visible[i] ||
        a->layer_opacity[i] != b->layer_opacity[i])
      what |= STP_SKETCH_CHANGE_LAYERS;
  if (a->midline_x != b->midline_x || a->midline_angle != b->midline_angle)
    what |= STP_SKETCH_CHANGE_MIDLINE;
  if (!a->guides_visible != !b->guides_visible || a->guides[0] != b->guides[0] ||
      a->guides[1] != b->guides[1] || a->guides[2] != b->guides[2])
    what |= STP_SKETCH_CHANGE_GUIDES;
  if (!a->calibrated != !b->calibrated ||
      (a->calibrated &&
       (a->cal_x1 != b->cal_x1 || a->cal_y1 != b->cal_y1 || a->cal_x2 != b->cal_x2 ||
        a->cal_y2 != b->cal_y2 || a->cal_mm != b->cal_mm)))
    what |= STP_SKETCH_CHANGE_CALIBRATION;
  return what;
}

static void
stp_sketch_finalize (GObject *object)
{
  StpSketch *self = (StpSketch *)object;

  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  _stp_sketch_props_clear (&self->props);

  G_OBJECT_CLASS (stp_sketch_parent_class)->finalize (object);
}

static void
stp_sketch_class_init (StpSketchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = stp_sketch_finalize;

  /**
   * StpSketch::changed:
   * @what: the StpSketchChange flags
   * @rect: (nullable): the dirty rectangle (const StpSketchRect *) in photo pixels, or
   *   NULL when everything may have changed
   */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_POINTER);
}

static void
stp_sketch_init (StpSketch *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) stp_sketch_item_free);
  self->by_id = g_hash_table_new (NULL, NULL);
  self->next_id = 1;
  self->props.name = g_strdup ("");
  for (int i = 0; i < STP_SKETCH_N_LAYERS; i++)
    {
      self->props.layer_visible[i] = TRUE;
      self->props.layer_opacity[i] = 1.0;
    }
}

StpSketch *
stp_sketch_new (int photo_width,
                int photo_height)
{
  StpSketch *self = g_object_new (STP_TYPE_SKETCH, NULL);

  self->photo_width = CLAMP (photo_width, 1, STP_SKETCH_MAX_SIDE);
  self->photo_height = CLAMP (photo_height, 1, STP_SKETCH_MAX_SIDE);
  self->props.midline_x = self->photo_width / 2.0;
  /* Where brows, nose base and chin sit in a typical front portrait, to be dragged into
   * place on the client's face. */
  self->props.guides[0] = self->photo_height * 0.40;
  self->props.guides[1] = self->photo_height * 0.62;
  self->props.guides[2] = self->photo_height * 0.84;
  return self;
}

StpSketch *
stp_sketch_copy (StpSketch *self)
{
  StpSketch *copy;

  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);

  copy = stp_sketch_new (self->photo_width, self->photo_height);
  _stp_sketch_props_copy (&copy->props, &self->props);
  for (guint i = 0; i < self->items->len; i++)
    stp_sketch_insert_item (copy, -1, stp_sketch_item_copy (g_ptr_array_index (self->items, i)));
  copy->next_id = self->next_id;
  return copy;
}

gboolean
stp_sketch_equal (StpSketch *a,
                  StpSketch *b)
{
  g_return_val_if_fail (STP_IS_SKETCH (a) && STP_IS_SKETCH (b), FALSE);

  if (a->photo_width != b->photo_width || a->photo_height != b->photo_height ||
      _stp_sketch_props_diff (&a->props, &b->props) != 0 || a->items->len != b->items->len)
    return FALSE;
  for (guint i = 0; i < a->items->len; i++)
    if (!stp_sketch_item_equal (g_ptr_array_index (a->items, i), g_ptr_array_index (b->items, i)))
      return FALSE;
  return TRUE;
}

void
stp_sketch_emit_changed (StpSketch           *self,
                         StpSketchChange      what,
                         const StpSketchRect *rect)
{
  g_return_if_fail (STP_IS_SKETCH (self));
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, (guint) what, (gpointer) rect);
}

const char *
stp_sketch_get_name (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  return self->props.name;
}

void
stp_sketch_set_name (StpSketch  *self,
                     const char *name)
{
  g_return_if_fail (STP_IS_SKETCH (self));

  if (g_strcmp0 (self->props.name, name) == 0)
    return;
  g_free (self->props.name);
  self->props.name = g_strdup (name != NULL ? name : "");
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_META, NULL);
}

int
stp_sketch_get_photo_width (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->photo_width;
}

int
stp_sketch_get_photo_height (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->photo_height;
}

void
stp_sketch_set_photo_size (StpSketch *self,
                           int        width,
                           int        height)
{
  g_return_if_fail (STP_IS_SKETCH (self));

  width = CLAMP (width, 1, STP_SKETCH_MAX_SIDE);
  height = CLAMP (height, 1, STP_SKETCH_MAX_SIDE);
  if (width == self->photo_width && height == self->photo_height)
    return;
  self->photo_width = width;
  self->photo_height = height;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_META, NULL);
}

guint
stp_sketch_get_n_items (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->items->len;
}

const StpSketchItem *
stp_sketch_get_item (StpSketch *self,
                     guint      index)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  g_return_val_if_fail (index < self->items->len, NULL);
  return g_ptr_array_index (self->items, index);
}

const StpSketchItem *
stp_sketch_lookup_item (StpSketch *self,
                        guint32    id)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  return g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
}

int
stp_sketch_find_item (StpSketch *self,
                      guint32    id)
{
  gpointer item;

  g_return_val_if_fail (STP_IS_SKETCH (self), -1);

  item = g_hash_table_lookup (self->by_id, GUINT_TO_POINTER (id));
  if (item == NULL)
    return -1;
  /* Recent items are the ones edited most: search from the end. */
  for (guint i = self->items->len; i > 0; i--)
    if (g_ptr_array_index (self->items, i - 1) == item)
      return (int) i - 1;
  g_assert_not_reached ();
  return -1;
}

guint
stp_sketch_get_n_points (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->n_points;
}

guint32
stp_sketch_get_next_id (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->next_id;
}

void
_stp_sketch_set_next_id (StpSketch *self,
                         guint32    next_id)
{
  self->next_id = MAX (next_id, 1);
}

static guint
item_size (const StpSketchItem *item)
{
  return item->points->len + item->nodes->len;
}

void
_stp_sketch_item_drawn_bounds (StpSketch           *self,
                               const StpSketchItem *item,
                               StpSketchRect       *bounds)
{
  stp_sketch_item_get_bounds (item, bounds);
  if (item->kind == STP_SKETCH_ITEM_CURVE && item->mirrored)
    {
      g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (self, item);
      StpSketchItem shadow = *item;
      StpSketchRect mb;

      shadow.nodes = mirror;
      stp_sketch_item_get_bounds (&shadow, &mb);
      _stp_rect_union (bounds, &mb);
    }
}

guint32
stp_sketch_insert_item (StpSketch     *self,
                        int            index,
                        StpSketchItem *item)
{
  StpSketchRect bounds;

  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  g_return_val_if_fail (item != NULL, 0);

  if (self->items->len >= STP_SKETCH_MAX_ITEMS ||
      self->n_points + item_size (item) > STP_SKETCH_MAX_POINTS ||
      (item->id != 0 && g_hash_table_contains (self->by_id, GUINT_TO_POINTER (item->id))) ||
      (item->id == 0 && self->next_id == G_MAXUINT32))
    {
      stp_sketch_item_free (item);
      return 0;
    }
  _stp_sketch_item_quantize (item);
  if (item->id == 0)
    item->id = self->next_id++;
  else if (item->id >= self->next_id)
    self->next_id = item->id == G_MAXUINT32 ? G_MAXUINT32 : item->id + 1;

  if (index < 0 || (guint) index > self->items->len)
    index = self->items->len;
  g_ptr_array_insert (self->items, index, item);
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (item->id), item);
  self->n_points += item_size (item);

  /* Loading thousands of items has nobody listening: skip the bounds then. */
  if (g_signal_has_handler_pending (self, signals[SIGNAL_CHANGED], 0, TRUE))
    {
      _stp_sketch_item_drawn_bounds (self, item, &bounds);
      stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_ITEMS, &bounds);
    }
  return item->id;
}

gboolean
stp_sketch_replace_item (StpSketch     *self,
                         StpSketchItem *item)
{
  int index;
  StpSketchItem *old;
  StpSketchRect bounds, new_bounds;

  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  index = stp_sketch_find_item (self, item->id);
  if (index < 0)
    {
      stp_sketch_item_free (item);
      return FALSE;
    }
  old = g_ptr_array_index (self->items, index);
  if (self->n_points - item_size (old) + item_size (item) > STP_SKETCH_MAX_POINTS)
    {
      stp_sketch_item_free (item);
      return FALSE;
    }
  _stp_sketch_item_quantize (item);
  _stp_sketch_item_drawn_bounds (self, old, &bounds);
  self->n_points = self->n_points - item_size (old) + item_size (item);
  g_hash_table_insert (self->by_id, GUINT_TO_POINTER (item->id), item);
  /* The array's free function frees the old item. */
  g_ptr_array_index (self->items, index) = item;
  stp_sketch_item_free (old);

  _stp_sketch_item_drawn_bounds (self, item, &new_bounds);
  _stp_rect_union (&bounds, &new_bounds);
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_ITEMS, &bounds);
  return TRUE;
}

StpSketchItem *
stp_sketch_take_item (StpSketch *self,
                      guint32    id,
                      int       *index)
{
  int i;
  StpSketchItem *item;
  StpSketchRect bounds;

  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);

  i = stp_sketch_find_item (self, id);
  if (index != NULL)
    *index = i;
  if (i < 0)
    return NULL;
  item = g_ptr_array_steal_index (self->items, i);
  g_hash_table_remove (self->by_id, GUINT_TO_POINTER (id));
  self->n_points -= item_size (item);

  _stp_sketch_item_drawn_bounds (self, item, &bounds);
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_ITEMS, &bounds);
  return item;
}

static double
segment_distance (double px, double py,
                  double ax, double ay,
                  double bx, double by)
{
  double dx = bx - ax, dy = by - ay;
  double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;

  t = CLAMP (t, 0.0, 1.0);
  return hypot (px - (ax + t * dx), py - (ay + t * dy));
}

static gboolean
polygon_contains (const GArray *pts,
                  double        x,
                  double        y)
{
  gboolean inside = FALSE;
  guint n = pts->len;

  for (guint i = 0, j = n - 1; i < n; j = i++)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, i);
      const StpSketchPoint *b = &g_array_index (pts, StpSketchPoint, j);

      if ((a->y > y) != (b->y > y) &&
          x < (b->x - a->x) * (y - a->y) / (b->y - a->y) + a->x)
        inside = !inside;
    }
  return inside;
}

static gboolean
item_hit (StpSketch           *self,
          const StpSketchItem *item,
          const GArray        *nodes_override,
          double               x,
          double               y,
          double               tolerance)
{
  g_autoptr(GArray) pts = NULL;
  gboolean closed;
  StpSketchRect b;

  stp_sketch_item_get_bounds (item, &b);
  if (nodes_override == NULL &&
      (x < b.x - tolerance || y < b.y - tolerance ||
       x > b.x + b.width + tolerance || y > b.y + b.height + tolerance))
    return FALSE;
  if (item->kind == STP_SKETCH_ITEM_LABEL)
    return TRUE;

  pts = _stp_sketch_item_flatten (item, nodes_override, &closed);
  if (pts->len == 0)
    return FALSE;
  if (closed && pts->len >= 3 && polygon_contains (pts, x, y))
    return TRUE;
  for (guint i = 0; i < pts->len; i++)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, i);
      const StpSketchPoint *c;
      double reach;

      if (i + 1 < pts->len)
        c = &g_array_index (pts, StpSketchPoint, i + 1);
      else if (closed)
        c = &g_array_index (pts, StpSketchPoint, 0);
      else if (pts->len == 1)
        c = a;
      else
        break;
      reach = tolerance + item->width *
              (item->kind == STP_SKETCH_ITEM_STROKE ? MAX (a->pressure, c->pressure) : 1.0) / 2;
      if (segment_distance (x, y, a->x, a->y, c->x, c->y) <= reach)
        return TRUE;
    }
  return FALSE;
}

guint32
stp_sketch_hit_test (StpSketch *self,
                     double     x,
                     double     y,
                     double     tolerance)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);

  /* Top layer first, and within a layer the last drawn first. */
  for (int layer = STP_SKETCH_N_LAYERS - 1; layer >= 0; layer--)
    {
      if (!self->props.layer_visible[layer])
        continue;
      for (guint i = self->items->len; i > 0; i--)
        {
          const StpSketchItem *item = g_ptr_array_index (self->items, i - 1);

          if ((int) item->layer != layer)
            continue;
          if (item_hit (self, item, NULL, x, y, tolerance))
            return item->id;
          if (item->kind == STP_SKETCH_ITEM_CURVE && item->mirrored)
            {
              g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (self, item);
              if (item_hit (self, item, mirror, x, y, tolerance))
                return item->id;
            }
        }
    }
  return 0;
}

static gboolean
near (double x,
      double y,
      double px,
      double py,
      double tolerance)
{
  return hypot (x - px, y - py) <= tolerance;
}

static gboolean
hit_nodes (const GArray    *nodes,
           double           x,
           double           y,
           double           tolerance,
           guint           *index,
           StpSketchHandle *handle)
{
  /* Handles first: they are drawn over the nodes; the last node wins like drawing order. */
  for (guint i = nodes->len; i > 0; i--)
    {
      const StpSketchNode *n = &g_array_index (nodes, StpSketchNode, i - 1);
      StpSketchHandle h;

      if (near (x, y, n->out_x, n->out_y, tolerance))
        h = STP_SKETCH_HANDLE_OUT;
      else if (near (x, y, n->in_x, n->in_y, tolerance))
        h = STP_SKETCH_HANDLE_IN;
      else
        continue;
      *index = i - 1;
      *handle = h;
      return TRUE;
    }
  for (guint i = nodes->len; i > 0; i--)
    {
      const StpSketchNode *n = &g_array_index (nodes, StpSketchNode, i - 1);

      if (near (x, y, n->x, n->y, tolerance))
        {
          *index = i - 1;
          *handle = STP_SKETCH_HANDLE_NODE;
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
stp_sketch_hit_node (StpSketch           *self,
                     const StpSketchItem *item,
                     double               x,
                     double               y,
                     double               tolerance,
                     guint               *index,
                     StpSketchHandle     *handle,
                     gboolean            *on_mirror)
{
  guint i = 0;
  StpSketchHandle h = STP_SKETCH_HANDLE_NODE;
  gboolean mirror = FALSE, hit;

  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  hit = hit_nodes (item->nodes, x, y, tolerance, &i, &h);
  if (!hit && item->kind == STP_SKETCH_ITEM_CURVE && item->mirrored)
    {
      g_autoptr(GArray) image = stp_sketch_get_mirror_nodes (self, item);
      hit = mirror = hit_nodes (image, x, y, tolerance, &i, &h);
    }
  if (!hit)
    return FALSE;
  if (index != NULL)
    *index = i;
  if (handle != NULL)
    *handle = h;
  if (on_mirror != NULL)
    *on_mirror = mirror;
  return TRUE;
}

GArray *
stp_sketch_find_items_in_rect (StpSketch           *self,
                               const StpSketchRect *rect)
{
  GArray *ids;

  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  g_return_val_if_fail (rect != NULL, NULL);

  ids = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < self->items->len; i++)
    {
      const StpSketchItem *item = g_ptr_array_index (self->items, i);
      StpSketchRect b;

      if (!self->props.layer_visible[item->layer])
        continue;
      _stp_sketch_item_drawn_bounds (self, item, &b);
      if (b.x >= rect->x && b.y >= rect->y && b.x + b.width <= rect->x + rect->width &&
          b.y + b.height <= rect->y + rect->height)
        g_array_append_val (ids, item->id);
    }
  return ids;
}

/* Layers */

gboolean
stp_sketch_get_layer_visible (StpSketch      *self,
                              StpSketchLayer  layer)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (layer < STP_SKETCH_N_LAYERS, FALSE);
  return self->props.layer_visible[layer];
}

void
stp_sketch_set_layer_visible (StpSketch      *self,
                              StpSketchLayer  layer,
                              gboolean        visible)
{
  g_return_if_fail (STP_IS_SKETCH (self));
  g_return_if_fail (layer < STP_SKETCH_N_LAYERS);

  if (!self->props.layer_visible[layer] == !visible)
    return;
  self->props.layer_visible[layer] = !!visible;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_LAYERS, NULL);
}

double
stp_sketch_get_layer_opacity (StpSketch      *self,
                              StpSketchLayer  layer)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 1.0);
  g_return_val_if_fail (layer < STP_SKETCH_N_LAYERS, 1.0);
  return self->props.layer_opacity[layer];
}

void
stp_sketch_set_layer_opacity (StpSketch      *self,
                              StpSketchLayer  layer,
                              double          opacity)
{
  g_return_if_fail (STP_IS_SKETCH (self));
  g_return_if_fail (layer < STP_SKETCH_N_LAYERS);

  opacity = isfinite (opacity) ? CLAMP (opacity, 0.0, 1.0) : 1.0;
  if (self->props.layer_opacity[layer] == opacity)
    return;
  self->props.layer_opacity[layer] = opacity;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_LAYERS, NULL);
}

const char *
stp_sketch_layer_to_string (StpSketchLayer layer)
{
  g_return_val_if_fail (layer < STP_SKETCH_N_LAYERS, NULL);
  return layer_ids[layer];
}

gboolean
stp_sketch_layer_from_string (const char     *str,
                              StpSketchLayer *layer)
{
  for (int i = 0; i < STP_SKETCH_N_LAYERS; i++)
    if (g_strcmp0 (str, layer_ids[i]) == 0)
      {
        *layer = i;
        return TRUE;
      }
  return FALSE;
}

const char *
stp_sketch_layer_get_label (StpSketchLayer layer)
{
  switch (layer)
    {
    case STP_SKETCH_LAYER_HAIRLINE:
      return _("Hairline");
    case STP_SKETCH_LAYER_AREAS:
      return _("Treatment areas");
    case STP_SKETCH_LAYER_SCARS:
      return _("Scars");
    case STP_SKETCH_LAYER_NOTES:
      return _("Notes");
    case STP_SKETCH_N_LAYERS:
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Midline and mirror */

double
stp_sketch_get_midline_x (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->props.midline_x;
}

double
stp_sketch_get_midline_angle (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->props.midline_angle;
}

void
stp_sketch_set_midline (StpSketch *self,
                        double     x,
                        double     angle)
{
  g_return_if_fail (STP_IS_SKETCH (self));

  if (!isfinite (x) || !isfinite (angle))
    return;
  x = CLAMP (x, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD);
  angle = CLAMP (angle, -45.0, 45.0);
  if (x == self->props.midline_x && angle == self->props.midline_angle)
    return;
  self->props.midline_x = x;
  self->props.midline_angle = angle;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_MIDLINE, NULL);
}

void
stp_sketch_mirror_point (StpSketch *self,
                         double     x,
                         double     y,
                         double    *mx,
                         double    *my)
{
  double px, py, dx, dy, dot, a;

  g_return_if_fail (STP_IS_SKETCH (self));

  /* Reflect about the line through P along the unit vector d: p' = 2 (P + ((p-P).d) d) - p.
   * The line points up (y grows downwards), leaning right for a positive angle. */
  a = self->props.midline_angle * G_PI / 180.0;
  px = self->props.midline_x;
  py = self->photo_height / 2.0;
  dx = sin (a);
  dy = -cos (a);
  dot = (x - px) * dx + (y - py) * dy;
  *mx = 2 * (px + dot * dx) - x;
  *my = 2 * (py + dot * dy) - y;
}

static void
mirror_nodes_into (StpSketch    *self,
                   const GArray *nodes,
                   GArray       *out)
{
  g_array_set_size (out, nodes->len);
  for (guint i = 0; i < nodes->len; i++)
    {
      const StpSketchNode *n = &g_array_index (nodes, StpSketchNode, i);
      StpSketchNode *m = &g_array_index (out, StpSketchNode, i);

      stp_sketch_mirror_point (self, n->x, n->y, &m->x, &m->y);
      stp_sketch_mirror_point (self, n->in_x, n->in_y, &m->in_x, &m->in_y);
      stp_sketch_mirror_point (self, n->out_x, n->out_y, &m->out_x, &m->out_y);
    }
}

GArray *
stp_sketch_get_mirror_nodes (StpSketch           *self,
                             const StpSketchItem *item)
{
  GArray *out;

  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  out = g_array_sized_new (FALSE, FALSE, sizeof (StpSketchNode), item->nodes->len);
  mirror_nodes_into (self, item->nodes, out);
  return out;
}

StpSketchItem *
stp_sketch_mirror_item (StpSketch           *self,
                        const StpSketchItem *item)
{
  StpSketchItem *m;

  g_return_val_if_fail (STP_IS_SKETCH (self), NULL);
  g_return_val_if_fail (item != NULL, NULL);

  m = stp_sketch_item_copy (item);
  m->id = 0;
  m->mirrored = FALSE;
  for (guint i = 0; i < m->points->len; i++)
    {
      StpSketchPoint *p = &g_array_index (m->points, StpSketchPoint, i);
      stp_sketch_mirror_point (self, p->x, p->y, &p->x, &p->y);
    }
  mirror_nodes_into (self, item->nodes, m->nodes);
  stp_sketch_mirror_point (self, item->x, item->y, &m->x, &m->y);
  return m;
}

gboolean
stp_sketch_smooth_midline_join (StpSketch     *self,
                                StpSketchItem *item,
                                double         tolerance)
{
  double a, ux, uy, nx, ny;
  gboolean changed = FALSE;

  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (item != NULL, FALSE);

  if (item->kind != STP_SKETCH_ITEM_CURVE || !item->mirrored || item->nodes->len == 0)
    return FALSE;
  /* u runs along the midline (upwards), n across it. */
  a = self->props.midline_angle * G_PI / 180.0;
  ux = sin (a);
  uy = -cos (a);
  nx = -uy;
  ny = ux;
  for (int end = 0; end < 2; end++)
    {
      guint i = end == 0 ? 0 : item->nodes->len - 1;
      StpSketchNode *node = &g_array_index (item->nodes, StpSketchNode, i);
      double px = node->x - self->props.midline_x;
      double py = node->y - self->photo_height / 2.0;
      double across = px * nx + py * ny;
      double along = px * ux + py * uy;
      double in_len, out_len, sx, sy;

      if (fabs (across) > tolerance || (end == 1 && i == 0))
        continue;
      /* Onto the line, keeping the position along it. */
      sx = self->props.midline_x + along * ux;
      sy = self->photo_height / 2.0 + along * uy;
      in_len = hypot (node->in_x - node->x, node->in_y - node->y);
      out_len = hypot (node->out_x - node->x, node->out_y - node->y);
      /* The inner handle (towards the rest of the curve) keeps its side of the line;
       * the outer one is its mirror, which the mirror image continues. */
      {
        double hx = end == 0 ? node->out_x - node->x : node->in_x - node->x;
        double hy = end == 0 ? node->out_y - node->y : node->in_y - node->y;
        double side = hx * nx + hy * ny >= 0 ? 1.0 : -1.0;
        double inner = end == 0 ? out_len : in_len;
        double outer = end == 0 ? in_len : out_len;

        if (inner < 1e-9)
          inner = outer > 1e-9 ? outer : 10.0;
        if (outer < 1e-9)
          outer = inner;
        node->x = sx;
        node->y = sy;
        if (end == 0)
          {
            node->out_x = sx + side * nx * inner;
            node->out_y = sy + side * ny * inner;
            node->in_x = sx - side * nx * outer;
            node->in_y = sy - side * ny * outer;
          }
        else
          {
            node->in_x = sx + side * nx * inner;
            node->in_y = sy + side * ny * inner;
            node->out_x = sx - side * nx * outer;
            node->out_y = sy - side * ny * outer;
          }
      }
      changed = TRUE;
    }
  return changed;
}

/* Guides */

gboolean
stp_sketch_get_guides_visible (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  return self->props.guides_visible;
}

void
stp_sketch_set_guides_visible (StpSketch *self,
                               gboolean   visible)
{
  g_return_if_fail (STP_IS_SKETCH (self));

  if (!self->props.guides_visible == !visible)
    return;
  self->props.guides_visible = !!visible;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_GUIDES, NULL);
}

void
stp_sketch_get_guides (StpSketch *self,
                       double     y[3])
{
  g_return_if_fail (STP_IS_SKETCH (self));
  memcpy (y, self->props.guides, sizeof self->props.guides);
}

void
stp_sketch_set_guides (StpSketch    *self,
                       const double  y[3])
{
  g_return_if_fail (STP_IS_SKETCH (self));

  for (int i = 0; i < 3; i++)
    if (!isfinite (y[i]))
      return;
  if (memcmp (y, self->props.guides, sizeof self->props.guides) == 0)
    return;
  for (int i = 0; i < 3; i++)
    self->props.guides[i] = CLAMP (y[i], -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD);
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_GUIDES, NULL);
}

double
stp_sketch_get_suggested_hairline_y (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), 0);
  return self->props.guides[0] - (self->props.guides[1] - self->props.guides[0]);
}

/* Calibration and measuring */

gboolean
stp_sketch_is_calibrated (StpSketch *self)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  return self->props.calibrated;
}

gboolean
stp_sketch_get_calibration (StpSketch *self,
                            double    *x1,
                            double    *y1,
                            double    *x2,
                            double    *y2,
                            double    *length_mm)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);

  if (!self->props.calibrated)
    return FALSE;
  if (x1 != NULL)
    *x1 = self->props.cal_x1;
  if (y1 != NULL)
    *y1 = self->props.cal_y1;
  if (x2 != NULL)
    *x2 = self->props.cal_x2;
  if (y2 != NULL)
    *y2 = self->props.cal_y2;
  if (length_mm != NULL)
    *length_mm = self->props.cal_mm;
  return TRUE;
}

gboolean
_stp_sketch_check_calibration (double   x1,
                               double   y1,
                               double   x2,
                               double   y2,
                               double   length_mm,
                               GError **error)
{
  if (!isfinite (x1) || !isfinite (y1) || !isfinite (x2) || !isfinite (y2) ||
      fabs (x1) > STP_SKETCH_MAX_COORD || fabs (y1) > STP_SKETCH_MAX_COORD ||
      fabs (x2) > STP_SKETCH_MAX_COORD || fabs (y2) > STP_SKETCH_MAX_COORD ||
      hypot (x2 - x1, y2 - y1) < 1.0)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_OUT_OF_RANGE,
                   _("The two calibration points are too close together. Mark two points "
                     "further apart, such as the ends of a ruler in the photo."));
      return FALSE;
    }
  if (!isfinite (length_mm) || length_mm <= 0 || length_mm > STP_SKETCH_MAX_CALIBRATION)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_OUT_OF_RANGE,
                   _("The distance between the calibration points must be more than 0 "
                     "and at most %.0f mm."), STP_SKETCH_MAX_CALIBRATION);
      return FALSE;
    }
  return TRUE;
}

gboolean
stp_sketch_set_calibration (StpSketch  *self,
                            double      x1,
                            double      y1,
                            double      x2,
                            double      y2,
                            double      length_mm,
                            GError    **error)
{
  StpSketchProps *p;

  g_return_val_if_fail (STP_IS_SKETCH (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_stp_sketch_check_calibration (x1, y1, x2, y2, length_mm, error))
    return FALSE;
  p = &self->props;
  if (p->calibrated && p->cal_x1 == x1 && p->cal_y1 == y1 && p->cal_x2 == x2 &&
      p->cal_y2 == y2 && p->cal_mm == length_mm)
    return TRUE;
  p->calibrated = TRUE;
  p->cal_x1 = x1;
  p->cal_y1 = y1;
  p->cal_x2 = x2;
  p->cal_y2 = y2;
  p->cal_mm = length_mm;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_CALIBRATION, NULL);
  return TRUE;
}

void
stp_sketch_clear_calibration (StpSketch *self)
{
  g_return_if_fail (STP_IS_SKETCH (self));

  if (!self->props.calibrated)
    return;
  self->props.calibrated = FALSE;
  self->props.cal_x1 = self->props.cal_y1 = self->props.cal_x2 = self->props.cal_y2 = 0;
  self->props.cal_mm = 0;
  stp_sketch_emit_changed (self, STP_SKETCH_CHANGE_CALIBRATION, NULL);
}

double
stp_sketch_get_mm_per_pixel (StpSketch *self)
{
  StpSketchProps *p;

  g_return_val_if_fail (STP_IS_SKETCH (self), NAN);

  p = &self->props;
  if (!p->calibrated)
    return NAN;
  return p->cal_mm / hypot (p->cal_x2 - p->cal_x1, p->cal_y2 - p->cal_y1);
}

static gboolean
need_calibration (StpSketch  *self,
                  GError    **error)
{
  if (self->props.calibrated)
    return TRUE;
  g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_CALIBRATED,
               _("The sketch is not calibrated. Mark two points a known distance apart "
                 "first, then measure."));
  return FALSE;
}

double
stp_sketch_measure_mm (StpSketch  *self,
                       double      x1,
                       double      y1,
                       double      x2,
                       double      y2,
                       GError    **error)
{
  g_return_val_if_fail (STP_IS_SKETCH (self), NAN);

  if (!need_calibration (self, error))
    return NAN;
  return hypot (x2 - x1, y2 - y1) * stp_sketch_get_mm_per_pixel (self);
}

static double
polyline_length (const GArray *pts,
                 gboolean      closed)
{
  double len = 0;

  for (guint i = 1; i < pts->len; i++)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, i - 1);
      const StpSketchPoint *b = &g_array_index (pts, StpSketchPoint, i);
      len += hypot (b->x - a->x, b->y - a->y);
    }
  if (closed && pts->len >= 3)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, pts->len - 1);
      const StpSketchPoint *b = &g_array_index (pts, StpSketchPoint, 0);
      len += hypot (b->x - a->x, b->y - a->y);
    }
  return len;
}

double
stp_sketch_item_length_mm (StpSketch           *self,
                           const StpSketchItem *item,
                           GError             **error)
{
  g_autoptr(GArray) pts = NULL;
  gboolean closed;

  g_return_val_if_fail (STP_IS_SKETCH (self), NAN);
  g_return_val_if_fail (item != NULL, NAN);

  if (!need_calibration (self, error))
    return NAN;
  pts = _stp_sketch_item_flatten (item, NULL, &closed);
  return polyline_length (pts, closed) * stp_sketch_get_mm_per_pixel (self);
}

double
stp_sketch_region_area_cm2 (StpSketch           *self,
                            const StpSketchItem *item,
                            GError             **error)
{
  g_autoptr(GArray) pts = NULL;
  gboolean closed;
  double area = 0, mm;

  g_return_val_if_fail (STP_IS_SKETCH (self), NAN);
  g_return_val_if_fail (item != NULL, NAN);

  if (!need_calibration (self, error))
    return NAN;
  pts = _stp_sketch_item_flatten (item, NULL, &closed);
  /* The shoelace formula over the flattened outline. */
  for (guint i = 0; i < pts->len; i++)
    {
      const StpSketchPoint *a = &g_array_index (pts, StpSketchPoint, i);
      const StpSketchPoint *b = &g_array_index (pts, StpSketchPoint, (i + 1) % pts->len);
      area += a->x * b->y - b->x * a->y;
    }
  mm = stp_sketch_get_mm_per_pixel (self);
  return fabs (area) / 2 * mm * mm / 100.0;
}

/* Whole-settings snapshots for the history */

const StpSketchProps *
_stp_sketch_get_props (StpSketch *self)
{
  return &self->props;
}

void
_stp_sketch_set_props (StpSketch            *self,
                       const StpSketchProps *props)
{
  StpSketchChange what = _stp_sketch_props_diff (&self->props, props);

  if (what == 0)
    return;
  _stp_sketch_props_copy (&self->props, props);
  stp_sketch_emit_changed (self, what, NULL);
}
