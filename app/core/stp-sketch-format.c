/* stp-sketch-format.c: writing a sketch as JSON, and reading it back with every field
 * checked.
 *
 * The writer prints with GString by hand: points are stored in hundredths of a pixel,
 * so they print as scaled integers, many times faster than a general double formatter
 * and JsonBuilder. The reader is the strict little JSON reader of stp-sketch-json.c,
 * which is several times faster than json-glib on the long number lists of strokes.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "stipple/stp-sketch-format.h"
#include "stp-sketch-json-private.h"
#include "stp-sketch-private.h"

/* The format nests four deep (sketch, items, item, points); anything deeper is not ours. */
#define MAX_DEPTH 6

static const char *kind_ids[] = { "stroke", "curve", "region", "label", "measure" };
static const char *role_ids[] = { "treatment", "scar" };

/* Writing */

/* value is a multiple of 1/10^decimals (the model keeps it so): print it exactly, with
 * trailing zeros dropped, straight into the string's buffer. */
static void
append_fixed (GString *out,
              double   value,
              int      decimals)
{
  static const double scales[] = { 1, 10, 100, 1000 };
  double scaled = value * scales[decimals];
  gint64 k = (gint64) (scaled < 0 ? scaled - 0.5 : scaled + 0.5);
  char buf[32];
  int pos = sizeof buf;
  guint64 ip, fp;
  gboolean neg = k < 0;
  int d = decimals;
  gsize len, n;

  if (neg)
    k = -k;
  ip = (guint64) k;
  fp = 0;
  for (int i = 0; i < decimals; i++)
    {
      fp += (ip % 10) * (guint64) scales[i];
      ip /= 10;
    }
  /* Drop trailing zeros of the fraction. */
  while (d > 0 && fp % 10 == 0)
    {
      fp /= 10;
      d--;
    }
  if (d > 0)
    {
      for (int i = 0; i < d; i++)
        {
          buf[--pos] = '0' + fp % 10;
          fp /= 10;
        }
      buf[--pos] = '.';
    }
  do
    {
      buf[--pos] = '0' + ip % 10;
      ip /= 10;
    }
  while (ip > 0);
  if (neg)
    buf[--pos] = '-';

  /* Grow once in a while, then copy without another call per number. */
  n = sizeof buf - pos;
  len = out->len;
  if (len + n + 1 > out->allocated_len)
    {
      g_string_set_size (out, len + n + 4096);
      g_string_set_size (out, len);
    }
  memcpy (out->str + len, buf + pos, n);
  out->len = len + n;
  out->str[out->len] = '\0';
}

/* Any finite double, exactly (shortest form that reads back the same). */
static void
append_double (GString *out,
               double   value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    value = 0;
  if (value == floor (value) && fabs (value) < 1e15)
    g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) value);
  else
    g_string_append (out, g_ascii_dtostr (buf, sizeof buf, value));
}

static void
append_string (GString    *out,
               const char *str)
{
  g_autofree char *valid = NULL;

  if (str == NULL)
    str = "";
  if (!g_utf8_validate (str, -1, NULL))
    str = valid = g_utf8_make_valid (str, -1);
  g_string_append_c (out, '"');
  for (const char *c = str; *c != '\0'; c++)
    {
      unsigned char ch = (unsigned char) *c;

      if (ch == '"' || ch == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, ch);
        }
      else if (ch == '\n')
        g_string_append (out, "\\n");
      else if (ch == '\t')
        g_string_append (out, "\\t");
      else if (ch < 0x20)
        g_string_append_printf (out, "\\u%04x", ch);
      else
        g_string_append_c (out, ch);
    }
  g_string_append_c (out, '"');
}

static void
append_item (GString             *out,
             const StpSketchItem *item)
{
  g_string_append (out, "{\"id\":");
  g_string_append_printf (out, "%u", item->id);
  g_string_append (out, ",\"kind\":\"");
  g_string_append (out, kind_ids[item->kind]);
  g_string_append (out, "\",\"layer\":\"");
  g_string_append (out, stp_sketch_layer_to_string (item->layer));
  g_string_append_printf (out, "\",\"color\":\"#%08x\",\"width\":", item->color);
  append_double (out, item->width);

  switch (item->kind)
    {
    case STP_SKETCH_ITEM_CURVE:
      g_string_append (out, item->mirrored ? ",\"mirrored\":true" : ",\"mirrored\":false");
      break;
    case STP_SKETCH_ITEM_REGION:
      g_string_append (out, ",\"role\":\"");
      g_string_append (out, role_ids[item->role]);
      g_string_append (out, item->smooth ? "\",\"smooth\":true,\"density\":" :
                                           "\",\"smooth\":false,\"density\":");
      append_double (out, item->density);
      g_string_append (out, ",\"shade\":");
      append_string (out, item->shade);
      break;
    case STP_SKETCH_ITEM_LABEL:
      g_string_append (out, ",\"text\":");
      append_string (out, item->text);
      g_string_append (out, ",\"x\":");
      append_fixed (out, item->x, 2);
      g_string_append (out, ",\"y\":");
      append_fixed (out, item->y, 2);
      g_string_append (out, ",\"font_size\":");
      append_double (out, item->font_size);
      break;
    case STP_SKETCH_ITEM_STROKE:
    case STP_SKETCH_ITEM_MEASURE:
    default:
      break;
    }

  if (item->points->len > 0)
    {
      g_string_append (out, ",\"points\":[");
      for (guint i = 0; i < item->points->len; i++)
        {
          const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
          if (i > 0)
            g_string_append_c (out, ',');
          append_fixed (out, p->x, 2);
          g_string_append_c (out, ',');
          append_fixed (out, p->y, 2);
          g_string_append_c (out, ',');
          append_fixed (out, p->pressure, 3);
        }
      g_string_append_c (out, ']');
    }
  if (item->nodes->len > 0)
    {
      g_string_append (out, ",\"nodes\":[");
      for (guint i = 0; i < item->nodes->len; i++)
        {
          const StpSketchNode *n = &g_array_index (item->nodes, StpSketchNode, i);
          double v[6] = { n->x, n->y, n->in_x, n->in_y, n->out_x, n->out_y };
          for (int k = 0; k < 6; k++)
            {
              if (i > 0 || k > 0)
                g_string_append_c (out, ',');
              append_fixed (out, v[k], 2);
            }
        }
      g_string_append_c (out, ']');
    }
  g_string_append_c (out, '}');
}

char *
stp_sketch_to_json (StpSketch *sketch,
                    gsize     *length)
{
  const StpSketchProps *p;
  GString *out;
  guint n;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);

  p = _stp_sketch_get_props (sketch);
  n = stp_sketch_get_n_items (sketch);
  out = g_string_sized_new (256 + stp_sketch_get_n_points (sketch) * 20 + n * 100);

  g_string_append (out, "{\"format\":\"" STP_SKETCH_FORMAT_NAME "\",\"version\":");
  g_string_append_printf (out, "%d", STP_SKETCH_FORMAT_VERSION);
  g_string_append (out, ",\"name\":");
  append_string (out, p->name);
  g_string_append_printf (out, ",\"photo\":{\"width\":%d,\"height\":%d}",
                          stp_sketch_get_photo_width (sketch),
                          stp_sketch_get_photo_height (sketch));
  g_string_append (out, ",\"layers\":[");
  for (int i = 0; i < STP_SKETCH_N_LAYERS; i++)
    {
      g_string_append_printf (out, "%s{\"id\":\"%s\",\"visible\":%s,\"opacity\":",
                              i > 0 ? "," : "", stp_sketch_layer_to_string (i),
                              p->layer_visible[i] ? "true" : "false");
      append_double (out, p->layer_opacity[i]);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "],\"midline\":{\"x\":");
  append_double (out, p->midline_x);
  g_string_append (out, ",\"angle\":");
  append_double (out, p->midline_angle);
  g_string_append (out, "},\"guides\":{\"visible\":");
  g_string_append (out, p->guides_visible ? "true" : "false");
  g_string_append (out, ",\"y\":[");
  for (int i = 0; i < 3; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_double (out, p->guides[i]);
    }
  g_string_append (out, "]},\"calibration\":");
  if (p->calibrated)
    {
      g_string_append (out, "{\"x1\":");
      append_double (out, p->cal_x1);
      g_string_append (out, ",\"y1\":");
      append_double (out, p->cal_y1);
      g_string_append (out, ",\"x2\":");
      append_double (out, p->cal_x2);
      g_string_append (out, ",\"y2\":");
      append_double (out, p->cal_y2);
      g_string_append (out, ",\"mm\":");
      append_double (out, p->cal_mm);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");
  g_string_append_printf (out, ",\"next_id\":%u,\"items\":[", stp_sketch_get_next_id (sketch));
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      append_item (out, stp_sketch_get_item (sketch, i));
    }
  g_string_append (out, "]}");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

/* Reading */

typedef struct
{
  GError **error;
  guint    item;        /* 1-based item being read, 0 outside items */
  guint    n_points;    /* over the whole sketch so far */
} Reader;

G_GNUC_PRINTF (3, 4)
static gboolean
fail (Reader     *r,
      int         code,
      const char *format,
      ...)
{
  g_autofree char *detail = NULL;
  va_list args;

  va_start (args, format);
  detail = g_strdup_vprintf (format, args);
  va_end (args);
  if (r->item > 0)
    /* Translators: the first %u is an item's position in the drawing, %s what is wrong. */
    g_set_error (r->error, STP_SKETCH_ERROR, code,
                 _("This sketch cannot be opened: item %u %s."), r->item, detail);
  else
    g_set_error (r->error, STP_SKETCH_ERROR, code,
                 _("This sketch cannot be opened: %s."), detail);
  return FALSE;
}

static SjValue *
sj_element (SjValue *array,
            guint    index)
{
  if (array->type != SJ_ARRAY || index >= array->array.len)
    return NULL;
  return array->array.items[index];
}

static gboolean node_number (SjValue *node,
                             double  *out);

/* Element index of a list as a number; FALSE when it is something else. */
static gboolean
sj_number_at (SjValue *array,
              guint    index,
              double  *out)
{
  if (array->type == SJ_NUMBERS && index < array->numbers.len)
    {
      *out = array->numbers.values[index];
      return TRUE;
    }
  return node_number (sj_element (array, index), out);
}

static SjValue *
member (Reader     *r,
        SjValue *object,
        const char *name,
        gboolean    required)
{
  SjValue *node = _sj_object_get (object, name);

  if (node == NULL && required)
    fail (r, STP_SKETCH_ERROR_MISSING_FIELD, _("has no “%s”"), name);
  return node;
}

static gboolean
node_number (SjValue *node,
             double   *out)
{

  if (node == NULL || node->type != SJ_NUMBER)
    return FALSE;
  *out = node->number;
  return TRUE;
}

/* A number member within [min, max]; absent gives fallback unless required. */
static gboolean
read_number (Reader     *r,
             SjValue *object,
             const char *name,
             gboolean    required,
             double      fallback,
             double      min,
             double      max,
             double     *out)
{
  SjValue *node = member (r, object, name, required);

  if (node == NULL)
    {
      *out = fallback;
      return !required;
    }
  if (!node_number (node, out))
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not a number"), name);
  if (!isfinite (*out))
    return fail (r, STP_SKETCH_ERROR_NOT_FINITE, _("has an infinite or undefined “%s”"), name);
  if (*out < min || *out > max)
    return fail (r, STP_SKETCH_ERROR_OUT_OF_RANGE,
                 _("has a “%s” of %g, outside %g to %g"), name, *out, min, max);
  return TRUE;
}

static gboolean
read_bool (Reader     *r,
           SjValue *object,
           const char *name,
           gboolean    fallback,
           gboolean   *out)
{
  SjValue *node = member (r, object, name, FALSE);

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (node->type != SJ_BOOL)
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not true or false"),
                 name);
  *out = node->boolean;
  return TRUE;
}

/* A string member of at most max_chars characters (valid UTF-8 by json-glib's parse). */
static gboolean
read_string (Reader      *r,
             SjValue     *object,
             const char  *name,
             gboolean     required,
             guint        max_chars,
             const char **out)
{
  SjValue *node = member (r, object, name, required);

  *out = NULL;
  if (node == NULL)
    return !required;
  if (node->type != SJ_STRING)
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not text"), name);
  *out = node->string;
  if (!g_utf8_validate (*out, -1, NULL))
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not valid text"), name);
  if ((guint) g_utf8_strlen (*out, -1) > max_chars)
    return fail (r, STP_SKETCH_ERROR_OUT_OF_RANGE,
                 _("has a “%s” longer than %u characters"), name, max_chars);
  return TRUE;
}

static SjValue *
read_object (Reader     *r,
             SjValue *object,
             const char *name,
             gboolean    required)
{
  SjValue *node = member (r, object, name, required);

  if (node == NULL)
    return NULL;
  if (node->type != SJ_OBJECT)
    {
      fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not an object"), name);
      return NULL;
    }
  return node;
}

static SjValue *
read_array (Reader     *r,
            SjValue *object,
            const char *name,
            gboolean    required)
{
  SjValue *node = member (r, object, name, required);

  if (node == NULL)
    return NULL;
  if (node->type != SJ_ARRAY && node->type != SJ_NUMBERS)
    {
      fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a “%s” that is not a list"), name);
      return NULL;
    }
  return node;
}

/* A flat list of numbers in groups of stride; *values borrows them from the parsed
 * document. */
static gboolean
read_numbers (Reader         *r,
              SjValue        *object,
              const char     *name,
              guint           stride,
              const double  **values,
              guint          *n_groups)
{
  SjValue *array;
  const double *v;
  guint len;

  *values = NULL;
  *n_groups = 0;
  if (_sj_object_get (object, name) == NULL)
    return TRUE;
  array = read_array (r, object, name, TRUE);
  if (array == NULL)
    return FALSE;
  len = _sj_array_length (array);
  /* The reader packs a list of numbers only; a general list here holds something else. */
  if (array->type != SJ_NUMBERS && len > 0)
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a point that is not a number"));
  if (len % stride != 0)
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE,
                 _("has “%s” that do not come in groups of %u numbers"), name, stride);
  if (len / stride > STP_SKETCH_MAX_ITEM_POINTS ||
      r->n_points + len / stride > STP_SKETCH_MAX_POINTS)
    return fail (r, STP_SKETCH_ERROR_TOO_LARGE,
                 _("has more points than Stipple takes (%u in one item, %u in a sketch)"),
                 STP_SKETCH_MAX_ITEM_POINTS, STP_SKETCH_MAX_POINTS);

  /* The reader refuses NaN and infinities already; ranges are checked here. */
  v = array->type == SJ_NUMBERS ? array->numbers.values : NULL;
  for (guint i = 0; i < len; i++)
    {
      gboolean pressure = stride == 3 && i % 3 == 2;

      if (!isfinite (v[i]))
        return fail (r, STP_SKETCH_ERROR_NOT_FINITE, _("has an infinite or undefined point"));
      if (pressure ? (v[i] < 0.0 || v[i] > 1.0) : fabs (v[i]) > STP_SKETCH_MAX_COORD)
        return fail (r, STP_SKETCH_ERROR_OUT_OF_RANGE, _("has a point far outside the photo"));
    }
  r->n_points += len / stride;
  *values = v;
  *n_groups = len / stride;
  return TRUE;
}

static gboolean
read_enum (Reader      *r,
           SjValue     *object,
           const char  *name,
           gboolean     required,
           const char **ids,
           guint        n_ids,
           int          fallback,
           int         *out)
{
  const char *str;

  if (!read_string (r, object, name, required, 64, &str))
    return FALSE;
  if (str == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  for (guint i = 0; i < n_ids; i++)
    if (strcmp (str, ids[i]) == 0)
      {
        *out = i;
        return TRUE;
      }
  return fail (r, STP_SKETCH_ERROR_UNKNOWN_KIND,
               _("has a “%s” of “%s”, which this version of Stipple does not know"), name, str);
}

static gboolean
read_color (Reader         *r,
            SjValue        *object,
            StpSketchColor  fallback,
            StpSketchColor *out)
{
  const char *str;
  char *end = NULL;
  guint64 v;

  if (!read_string (r, object, "color", FALSE, 16, &str))
    return FALSE;
  if (str == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  if (str[0] != '#' || strlen (str) != 9 || !g_ascii_isxdigit (str[1]))
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a colour that is not #rrggbbaa"));
  v = g_ascii_strtoull (str + 1, &end, 16);
  if (end == NULL || *end != '\0')
    return fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has a colour that is not #rrggbbaa"));
  *out = (StpSketchColor) v;
  return TRUE;
}

static StpSketchItem *
read_item (Reader     *r,
           SjValue    *node,
           GHashTable *ids)
{
  g_autoptr(StpSketchItem) item = NULL;
  const double *points = NULL;
  const double *nodes = NULL;
  guint n_points, n_nodes;
  SjValue *object;
  double id;
  int kind = 0, layer = 0, role = 0;
  const char *str;

  if (node == NULL || node->type != SJ_OBJECT)
    {
      fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("is not an object"));
      return NULL;
    }
  object = node;
  if (!read_number (r, object, "id", TRUE, 0, 1, G_MAXUINT32 - 1, &id))
    return NULL;
  if (id != floor (id))
    {
      fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("has an id that is not a whole number"));
      return NULL;
    }
  if (g_hash_table_contains (ids, GUINT_TO_POINTER ((guint32) id)))
    {
      fail (r, STP_SKETCH_ERROR_DUPLICATE_ID, _("has the id %u of an earlier item"),
            (guint32) id);
      return NULL;
    }
  if (!read_enum (r, object, "kind", TRUE, kind_ids, G_N_ELEMENTS (kind_ids), 0, &kind))
    return NULL;

  item = stp_sketch_item_new (kind);
  item->id = (guint32) id;
  {
    const char *layers[STP_SKETCH_N_LAYERS];
    for (int i = 0; i < STP_SKETCH_N_LAYERS; i++)
      layers[i] = stp_sketch_layer_to_string (i);
    if (!read_enum (r, object, "layer", FALSE, layers, STP_SKETCH_N_LAYERS, item->layer, &layer))
      return NULL;
    item->layer = layer;
  }
  if (!read_color (r, object, item->color, &item->color) ||
      !read_number (r, object, "width", FALSE, item->width, 0.1, STP_SKETCH_MAX_WIDTH,
                    &item->width) ||
      !read_numbers (r, object, "points", 3, &points, &n_points) ||
      !read_numbers (r, object, "nodes", 6, &nodes, &n_nodes))
    return NULL;

  /* Points and nodes are plain runs of doubles, as in the file. */
  G_STATIC_ASSERT (sizeof (StpSketchPoint) == 3 * sizeof (double));
  G_STATIC_ASSERT (sizeof (StpSketchNode) == 6 * sizeof (double));
  if (n_points > 0)
    g_array_append_vals (item->points, points, n_points);
  if (n_nodes > 0)
    g_array_append_vals (item->nodes, nodes, n_nodes);

  switch (kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      if (n_points == 0)
        {
          fail (r, STP_SKETCH_ERROR_MISSING_FIELD, _("is a stroke without points"));
          return NULL;
        }
      break;
    case STP_SKETCH_ITEM_CURVE:
      if (n_nodes == 0)
        {
          fail (r, STP_SKETCH_ERROR_MISSING_FIELD, _("is a curve without points"));
          return NULL;
        }
      if (!read_bool (r, object, "mirrored", FALSE, &item->mirrored))
        return NULL;
      break;
    case STP_SKETCH_ITEM_REGION:
      if (!read_bool (r, object, "smooth", FALSE, &item->smooth) ||
          !read_enum (r, object, "role", FALSE, role_ids, G_N_ELEMENTS (role_ids),
                      STP_SKETCH_ROLE_TREATMENT, &role) ||
          !read_number (r, object, "density", FALSE, 0, 0, STP_SKETCH_MAX_DENSITY,
                        &item->density) ||
          !read_string (r, object, "shade", FALSE, STP_SKETCH_MAX_SHADE, &str))
        return NULL;
      item->role = role;
      stp_sketch_item_set_shade (item, str);
      if ((item->smooth ? n_nodes : n_points) == 0)
        {
          fail (r, STP_SKETCH_ERROR_MISSING_FIELD, _("is an area without an outline"));
          return NULL;
        }
      break;
    case STP_SKETCH_ITEM_LABEL:
      if (!read_string (r, object, "text", TRUE, STP_SKETCH_MAX_TEXT, &str) ||
          !read_number (r, object, "x", TRUE, 0, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD,
                        &item->x) ||
          !read_number (r, object, "y", TRUE, 0, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD,
                        &item->y) ||
          !read_number (r, object, "font_size", FALSE, item->font_size, 1, 2000,
                        &item->font_size))
        return NULL;
      stp_sketch_item_set_text (item, str);
      break;
    case STP_SKETCH_ITEM_MEASURE:
      if (n_points != 2)
        {
          fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("is a measurement without two end points"));
          return NULL;
        }
      break;
    default:
      g_assert_not_reached ();
    }
  g_hash_table_add (ids, GUINT_TO_POINTER (item->id));
  return g_steal_pointer (&item);
}

static gboolean
read_settings (Reader     *r,
               SjValue *root,
               StpSketch  *sketch)
{
  StpSketchProps props = { 0 };
  SjValue *object;
  SjValue *array;
  const char *name;
  gboolean ok = FALSE;

  _stp_sketch_props_copy (&props, _stp_sketch_get_props (sketch));
  if (!read_string (r, root, "name", FALSE, STP_SKETCH_MAX_NAME, &name))
    goto out;
  g_free (props.name);
  props.name = g_strdup (name != NULL ? name : "");

  array = NULL;
  if (_sj_object_get (root, "layers") != NULL &&
      (array = read_array (r, root, "layers", TRUE)) == NULL)
    goto out;
  if (array != NULL)
    {
      if (_sj_array_length (array) > STP_SKETCH_N_LAYERS)
        {
          fail (r, STP_SKETCH_ERROR_TOO_LARGE, _("it has more layers than Stipple knows"));
          goto out;
        }
      for (guint i = 0; i < _sj_array_length (array); i++)
        {
          SjValue *node = sj_element (array, i);
          const char *ids[STP_SKETCH_N_LAYERS];
          int layer = 0;

          for (int k = 0; k < STP_SKETCH_N_LAYERS; k++)
            ids[k] = stp_sketch_layer_to_string (k);
          if (node == NULL || node->type != SJ_OBJECT)
            {
              fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("a layer is not an object"));
              goto out;
            }
          object = node;
          if (!read_enum (r, object, "id", TRUE, ids, STP_SKETCH_N_LAYERS, 0, &layer) ||
              !read_bool (r, object, "visible", TRUE, &props.layer_visible[layer]) ||
              !read_number (r, object, "opacity", FALSE, 1, 0, 1, &props.layer_opacity[layer]))
            goto out;
        }
    }

  object = NULL;
  if (_sj_object_get (root, "midline") != NULL &&
      (object = read_object (r, root, "midline", TRUE)) == NULL)
    goto out;
  if (object != NULL &&
      (!read_number (r, object, "x", TRUE, 0, -STP_SKETCH_MAX_COORD, STP_SKETCH_MAX_COORD,
                     &props.midline_x) ||
       !read_number (r, object, "angle", FALSE, 0, -45, 45, &props.midline_angle)))
    goto out;

  object = NULL;
  if (_sj_object_get (root, "guides") != NULL &&
      (object = read_object (r, root, "guides", TRUE)) == NULL)
    goto out;
  if (object != NULL)
    {
      if (!read_bool (r, object, "visible", FALSE, &props.guides_visible))
        goto out;
      array = NULL;
      if (_sj_object_get (object, "y") != NULL &&
          (array = read_array (r, object, "y", TRUE)) == NULL)
        goto out;
      if (array != NULL)
        {
          if (_sj_array_length (array) != 3)
            {
              fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("the guides are not three lines"));
              goto out;
            }
          for (guint i = 0; i < 3; i++)
            {
              double v;
              if (!sj_number_at (array, i, &v))
                {
                  fail (r, STP_SKETCH_ERROR_WRONG_TYPE, _("a guide is not a number"));
                  goto out;
                }
              if (!isfinite (v))
                {
                  fail (r, STP_SKETCH_ERROR_NOT_FINITE, _("a guide is infinite or undefined"));
                  goto out;
                }
              if (fabs (v) > STP_SKETCH_MAX_COORD)
                {
                  fail (r, STP_SKETCH_ERROR_OUT_OF_RANGE, _("a guide lies far outside the photo"));
                  goto out;
                }
              props.guides[i] = v;
            }
        }
    }

  {
    SjValue *node = _sj_object_get (root, "calibration");

    props.calibrated = FALSE;
    if (node != NULL && node->type != SJ_NULL)
      {
        if ((object = read_object (r, root, "calibration", TRUE)) == NULL)
          goto out;
        if (!read_number (r, object, "x1", TRUE, 0, -STP_SKETCH_MAX_COORD,
                          STP_SKETCH_MAX_COORD, &props.cal_x1) ||
            !read_number (r, object, "y1", TRUE, 0, -STP_SKETCH_MAX_COORD,
                          STP_SKETCH_MAX_COORD, &props.cal_y1) ||
            !read_number (r, object, "x2", TRUE, 0, -STP_SKETCH_MAX_COORD,
                          STP_SKETCH_MAX_COORD, &props.cal_x2) ||
            !read_number (r, object, "y2", TRUE, 0, -STP_SKETCH_MAX_COORD,
                          STP_SKETCH_MAX_COORD, &props.cal_y2) ||
            !read_number (r, object, "mm", TRUE, 0, 0, STP_SKETCH_MAX_CALIBRATION,
                          &props.cal_mm))
          goto out;
        if (!_stp_sketch_check_calibration (props.cal_x1, props.cal_y1, props.cal_x2,
                                            props.cal_y2, props.cal_mm, NULL))
          {
            fail (r, STP_SKETCH_ERROR_OUT_OF_RANGE,
                  _("its calibration points are too close or its length is not positive"));
            goto out;
          }
        props.calibrated = TRUE;
      }
  }

  _stp_sketch_set_props (sketch, &props);
  ok = TRUE;
out:
  _stp_sketch_props_clear (&props);
  return ok;
}

StpSketch *
stp_sketch_new_from_json (const char  *data,
                          gssize       length,
                          GError     **error)
{
  g_autoptr(SjValue) root = NULL;
  SjError code = SJ_ERROR_SYNTAX;
  guint line = 0;
  g_autoptr(StpSketch) sketch = NULL;
  g_autoptr(GHashTable) ids = NULL;
  Reader r = { error, 0, 0 };
  SjValue *object, *photo;
  SjValue *items;
  const char *format;
  double version, width, height, next_id;
  guint n_items;
  gboolean blank = TRUE;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (length < 0)
    length = strlen (data);
  for (gssize i = 0; i < length && blank; i++)
    blank = g_ascii_isspace (data[i]);
  if (blank)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_EMPTY,
                   _("This sketch is empty: the file has no drawing in it."));
      return NULL;
    }
  if ((gsize) length > STP_SKETCH_MAX_BYTES)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_TOO_LARGE,
                   _("This sketch is %" G_GSIZE_FORMAT " MB; Stipple opens sketches up to "
                     "%d MB."), (gsize) length / (1024 * 1024),
                   STP_SKETCH_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (memchr (data, '\0', length) != NULL)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_JSON,
                   _("This file is not a Stipple sketch (it is not text)."));
      return NULL;
    }
  root = _sj_parse (data, length, MAX_DEPTH, &code, &line);
  if (root == NULL)
    {
      switch (code)
        {
        case SJ_ERROR_TRUNCATED:
          g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_TRUNCATED,
                       _("This sketch is incomplete: the file ends too early. It may have "
                         "been cut short while copying; use an earlier copy."));
          break;
        case SJ_ERROR_NON_FINITE:
          g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_FINITE,
                       _("This sketch cannot be opened: line %u has a number that is "
                         "infinite or undefined (NaN)."), line);
          break;
        case SJ_ERROR_DEPTH:
          g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_SKETCH,
                       _("This file is not a Stipple sketch (it is nested too deeply)."));
          break;
        case SJ_ERROR_SYNTAX:
        default:
          g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_JSON,
                       _("This file is not a Stipple sketch (it is not valid JSON at line "
                         "%u)."), line);
          break;
        }
      return NULL;
    }
  if (root->type != SJ_OBJECT)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_SKETCH,
                   _("This file is not a Stipple sketch (it holds no sketch object)."));
      return NULL;
    }
  object = root;
  if (!read_string (&r, object, "format", FALSE, 64, &format))
    return NULL;
  if (g_strcmp0 (format, STP_SKETCH_FORMAT_NAME) != 0)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NOT_SKETCH,
                   _("This file is not a Stipple sketch (it does not say it is one)."));
      return NULL;
    }
  if (!read_number (&r, object, "version", TRUE, 0, -G_MAXINT32, G_MAXINT32, &version))
    return NULL;
  if (version != STP_SKETCH_FORMAT_VERSION)
    {
      if (version > STP_SKETCH_FORMAT_VERSION)
        g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_UNSUPPORTED_VERSION,
                     _("This sketch was saved by a newer version of Stipple (format %g). "
                       "Update Stipple to open it."), version);
      else
        g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_UNSUPPORTED_VERSION,
                     _("This sketch has an unknown format version (%g)."), version);
      return NULL;
    }

  if ((photo = read_object (&r, object, "photo", TRUE)) == NULL ||
      !read_number (&r, photo, "width", TRUE, 0, 1, STP_SKETCH_MAX_SIDE, &width) ||
      !read_number (&r, photo, "height", TRUE, 0, 1, STP_SKETCH_MAX_SIDE, &height))
    return NULL;
  if (width != floor (width) || height != floor (height))
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_WRONG_TYPE,
                   _("This sketch cannot be opened: its photo size is not in whole pixels."));
      return NULL;
    }
  sketch = stp_sketch_new ((int) width, (int) height);
  if (!read_settings (&r, object, sketch))
    return NULL;

  if ((items = read_array (&r, object, "items", TRUE)) == NULL)
    return NULL;
  n_items = _sj_array_length (items);
  if (n_items > STP_SKETCH_MAX_ITEMS)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_TOO_LARGE,
                   _("This sketch has %u items; Stipple opens sketches of up to %u."),
                   n_items, STP_SKETCH_MAX_ITEMS);
      return NULL;
    }
  ids = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < n_items; i++)
    {
      StpSketchItem *item;

      r.item = i + 1;
      item = read_item (&r, sj_element (items, i), ids);
      if (item == NULL)
        return NULL;
      if (stp_sketch_insert_item (sketch, -1, item) == 0)
        {
          fail (&r, STP_SKETCH_ERROR_TOO_LARGE, _("passes the size limits of a sketch"));
          return NULL;
        }
    }
  r.item = 0;
  if (!read_number (&r, object, "next_id", FALSE, 1, 1, G_MAXUINT32, &next_id))
    return NULL;
  _stp_sketch_set_next_id (sketch, MAX ((guint32) next_id, stp_sketch_get_next_id (sketch)));
  return g_steal_pointer (&sketch);
}

gboolean
stp_sketch_save_to_file (StpSketch   *sketch,
                         const char  *path,
                         GError     **error)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) local = NULL;
  gsize length;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  json = stp_sketch_to_json (sketch, &length);
  if (!g_file_set_contents_full (path, json, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local))
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_IO,
                   _("The sketch could not be saved: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

StpSketch *
stp_sketch_new_from_file (const char  *path,
                          GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  file = g_mapped_file_new (path, FALSE, &local);
  if (file == NULL)
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_IO,
                   _("The sketch could not be opened: %s"), local->message);
      return NULL;
    }
  return stp_sketch_new_from_json (g_mapped_file_get_contents (file),
                                   g_mapped_file_get_length (file), error);
}
