/* stp-signature.c: parsing, checking and rendering signature strokes.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-signature"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "stipple/stp-signature.h"

G_DEFINE_QUARK (stp-signature-error-quark, stp_signature_error)

#define DEFAULT_PRESSURE 0.5

GArray *
stp_signature_stroke_new (void)
{
  return g_array_new (FALSE, FALSE, sizeof (StpSignaturePoint));
}

static gboolean
invalid (GError     **error,
         const char  *detail)
{
  g_set_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_INVALID,
               _("The signature could not be read (%s). Ask the client to sign again."),
               detail);
  return FALSE;
}

/* A member that must be a finite number when present; absent gives fallback. */
static gboolean
read_number (JsonObject  *object,
             const char  *name,
             double       fallback,
             double       min,
             double       max,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);
  GType type;

  if (node == NULL)
    {
      *out = fallback;
      return TRUE;
    }
  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type == G_TYPE_INT64)
    *out = (double) json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    *out = json_node_get_double (node);
  else
    return invalid (error, _("a coordinate is not a number"));

  if (!isfinite (*out) || *out < min || *out > max)
    return invalid (error, _("a point lies outside the signature box"));
  return TRUE;
}

/* The format nests three deep (strokes, points, members). Deeper nesting is refused before
 * the JSON parser sees it, so hostile input cannot make it recurse without end. */
static gboolean
nesting_within (const char *json,
                guint       max_depth)
{
  gboolean in_string = FALSE;
  guint depth = 0;

  for (const char *c = json; *c != '\0'; c++)
    {
      if (in_string)
        {
          if (*c == '\\' && c[1] != '\0')
            c++;
          else if (*c == '"')
            in_string = FALSE;
        }
      else if (*c == '"')
        in_string = TRUE;
      else if (*c == '[' || *c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((*c == ']' || *c == '}') && depth > 0)
        depth--;
    }

  return TRUE;
}

GPtrArray *
stp_signature_parse (const char  *strokes_json,
                     GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GPtrArray) strokes = NULL;
  g_autoptr(GError) json_error = NULL;
  JsonNode *root;
  JsonArray *array;
  guint n_points = 0;
  gsize length;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (strokes_json == NULL || *strokes_json == '\0')
    {
      g_set_error_literal (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_EMPTY,
                           _("There is no signature yet. Ask the client to sign in the box."));
      return NULL;
    }
  length = strlen (strokes_json);
  if (length > STP_SIGNATURE_JSON_MAX)
    {
      g_set_error_literal (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_TOO_LARGE,
                           _("The signature is too large to store. Clear it and sign "
                             "again."));
      return NULL;
    }
  if (!g_utf8_validate (strokes_json, length, NULL))
    {
      invalid (error, _("it is not text"));
      return NULL;
    }

  if (!nesting_within (strokes_json, 3))
    {
      invalid (error, _("it is nested too deeply"));
      return NULL;
    }

  parser = json_parser_new ();
  if (!json_parser_load_from_data (parser, strokes_json, length, &json_error))
    {
      invalid (error, _("it is not valid JSON"));
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      invalid (error, _("it is not a list of strokes"));
      return NULL;
    }

  array = json_node_get_array (root);
  if (json_array_get_length (array) > STP_SIGNATURE_STROKES_MAX)
    {
      g_set_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_TOO_LARGE,
                   _("The signature has more than %d strokes. Clear it and sign again."),
                   STP_SIGNATURE_STROKES_MAX);
      return NULL;
    }

  strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *stroke_node = json_array_get_element (array, i);
      g_autoptr(GArray) stroke = NULL;
      JsonArray *points;

      if (!JSON_NODE_HOLDS_ARRAY (stroke_node))
        {
          invalid (error, _("a stroke is not a list of points"));
          return NULL;
        }
      points = json_node_get_array (stroke_node);
      if (n_points + json_array_get_length (points) > STP_SIGNATURE_POINTS_MAX)
        {
          g_set_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_TOO_LARGE,
                       _("The signature has more than %d points. Clear it and sign again."),
                       STP_SIGNATURE_POINTS_MAX);
          return NULL;
        }
      if (json_array_get_length (points) == 0)
        continue;

      stroke = stp_signature_stroke_new ();
      for (guint j = 0; j < json_array_get_length (points); j++)
        {
          JsonNode *point_node = json_array_get_element (points, j);
          StpSignaturePoint point = { 0, };
          JsonObject *object;
          double t;

          if (!JSON_NODE_HOLDS_OBJECT (point_node))
            {
              invalid (error, _("a point is not an object"));
              return NULL;
            }
          object = json_node_get_object (point_node);
          if (!json_object_has_member (object, "x") || !json_object_has_member (object, "y"))
            {
              invalid (error, _("a point has no position"));
              return NULL;
            }
          if (!read_number (object, "x", 0, 0, STP_SIGNATURE_SIZE_MAX, &point.x, error) ||
              !read_number (object, "y", 0, 0, STP_SIGNATURE_SIZE_MAX, &point.y, error) ||
              !read_number (object, "p", DEFAULT_PRESSURE, 0, 1, &point.pressure, error) ||
              !read_number (object, "t", 0, 0, 24.0 * 3600 * 1000, &t, error))
            return NULL;
          point.time_ms = (gint64) t;
          g_array_append_val (stroke, point);
        }
      n_points += stroke->len;
      g_ptr_array_add (strokes, g_steal_pointer (&stroke));
    }

  if (n_points == 0)
    {
      g_set_error_literal (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_EMPTY,
                           _("There is no signature yet. Ask the client to sign in the box."));
      return NULL;
    }

  return g_steal_pointer (&strokes);
}

char *
stp_signature_to_json (GPtrArray *strokes)
{
  GString *json = g_string_new ("[");

  g_return_val_if_fail (strokes != NULL, NULL);

  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);

      g_string_append (json, i > 0 ? ",[" : "[");
      for (guint j = 0; j < stroke->len; j++)
        {
          const StpSignaturePoint *point = &g_array_index (stroke, StpSignaturePoint, j);
          char x[G_ASCII_DTOSTR_BUF_SIZE], y[G_ASCII_DTOSTR_BUF_SIZE];
          char p[G_ASCII_DTOSTR_BUF_SIZE];

          /* Locale-independent numbers, rounded to what a pad can tell apart. */
          g_ascii_formatd (x, sizeof x, "%.2f", point->x);
          g_ascii_formatd (y, sizeof y, "%.2f", point->y);
          g_ascii_formatd (p, sizeof p, "%.3f", point->pressure);
          g_string_append_printf (json, "%s{\"x\":%s,\"y\":%s,\"p\":%s,\"t\":%" G_GINT64_FORMAT "}",
                                  j > 0 ? "," : "", x, y, p, point->time_ms);
        }
      g_string_append_c (json, ']');
    }
  g_string_append_c (json, ']');

  return g_string_free (json, FALSE);
}

static double
width_at (double line_width,
          double pressure)
{
  /* A light touch still leaves a visible line; a firm one about twice the normal width. */
  return line_width * (0.4 + 1.2 * CLAMP (pressure, 0.0, 1.0));
}

void
stp_signature_draw (cairo_t   *cr,
                    GPtrArray *strokes,
                    double     line_width)
{
  g_return_if_fail (cr != NULL);
  g_return_if_fail (strokes != NULL);

  cairo_save (cr);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);

  for (guint i = 0; i < strokes->len; i++)
    {
      GArray *stroke = g_ptr_array_index (strokes, i);
      const StpSignaturePoint *pts = (const StpSignaturePoint *) stroke->data;

      if (stroke->len == 0)
        continue;

      if (stroke->len == 1)
        {
          cairo_new_path (cr);
          cairo_arc (cr, pts[0].x, pts[0].y, width_at (line_width, pts[0].pressure) / 2,
                     0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }

      /* Quadratic curves from midpoint to midpoint, with each point as the control point,
       * give a smooth line through jittery input. Each piece is stroked with the width of
       * its point; round caps hide the joins between widths. */
      for (guint j = 0; j < stroke->len - 1; j++)
        {
          double x0, y0, x1, y1, cx, cy;

          cx = pts[j].x;
          cy = pts[j].y;
          if (j == 0)
            {
              x0 = pts[0].x;
              y0 = pts[0].y;
            }
          else
            {
              x0 = (pts[j - 1].x + pts[j].x) / 2;
              y0 = (pts[j - 1].y + pts[j].y) / 2;
            }
          if (j == stroke->len - 2)
            {
              x1 = pts[j + 1].x;
              y1 = pts[j + 1].y;
            }
          else
            {
              x1 = (pts[j].x + pts[j + 1].x) / 2;
              y1 = (pts[j].y + pts[j + 1].y) / 2;
            }

          cairo_new_path (cr);
          cairo_move_to (cr, x0, y0);
          /* A quadratic curve as cairo's cubic one. */
          cairo_curve_to (cr,
                          x0 + 2.0 / 3.0 * (cx - x0), y0 + 2.0 / 3.0 * (cy - y0),
                          x1 + 2.0 / 3.0 * (cx - x1), y1 + 2.0 / 3.0 * (cy - y1),
                          x1, y1);
          cairo_set_line_width (cr, width_at (line_width,
                                              (pts[j].pressure + pts[j + 1].pressure) / 2));
          cairo_stroke (cr);
        }
    }

  cairo_restore (cr);
}

static cairo_status_t
append_png_cb (void                *closure,
               const unsigned char *data,
               unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

GBytes *
stp_signature_render_png (const char              *strokes_json,
                          int                      width,
                          int                      height,
                          StpSignatureBackground   background,
                          GError                 **error)
{
  g_autoptr(GPtrArray) strokes = NULL;
  g_autoptr(GByteArray) png = NULL;
  cairo_surface_t *surface;
  cairo_status_t status;
  cairo_t *cr;

  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (width < 1 || height < 1 || width > STP_SIGNATURE_SIZE_MAX ||
      height > STP_SIGNATURE_SIZE_MAX)
    {
      g_set_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_SIZE,
                   _("A signature image must be 1 to %d pixels wide and high, not %d × %d."),
                   STP_SIGNATURE_SIZE_MAX, width, height);
      return NULL;
    }

  strokes = stp_signature_parse (strokes_json, error);
  if (strokes == NULL)
    return NULL;

  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cr = cairo_create (surface);
  if (background == STP_SIGNATURE_BACKGROUND_WHITE)
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  /* Dark blue-black, as a pen on paper. */
  cairo_set_source_rgb (cr, 0.05, 0.07, 0.2);
  stp_signature_draw (cr, strokes, 3.0);
  status = cairo_status (cr);
  cairo_destroy (cr);

  png = g_byte_array_new ();
  if (status == CAIRO_STATUS_SUCCESS)
    status = cairo_surface_write_to_png_stream (surface, append_png_cb, png);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_SIZE,
                   _("The signature image could not be drawn: %s."),
                   cairo_status_to_string (status));
      return NULL;
    }

  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (reader->offset + length > reader->size)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data + reader->offset, length);
  reader->offset += length;
  return CAIRO_STATUS_SUCCESS;
}

cairo_surface_t *
stp_signature_decode_png (GBytes  *png,
                          GError **error)
{
  PngReader reader = { 0, };
  cairo_surface_t *surface;

  g_return_val_if_fail (png != NULL, NULL);

  reader.data = g_bytes_get_data (png, &reader.size);
  surface = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_image_surface_get_width (surface) <= 0 ||
      cairo_image_surface_get_height (surface) <= 0)
    {
      cairo_surface_destroy (surface);
      g_set_error_literal (error, STP_SIGNATURE_ERROR, STP_SIGNATURE_ERROR_INVALID,
                           _("The stored signature image cannot be read."));
      return NULL;
    }

  return surface;
}
