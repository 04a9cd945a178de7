/* stp-sketch-export.c: PNG (photo and sketch composited) and SVG (the sketch alone).
 *
 * The PNG goes through the same cairo renderer as the canvas. The SVG is written by hand
 * because cairo's SVG surface cannot name its groups, and other programs should show the
 * layers by name.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-sketch"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "stipple/stp-sketch-export.h"
#include "stp-sketch-private.h"
#include "stp-sketch-render-private.h"

/* The photo as a cairo surface: premultiplied, native-endian ARGB, as cairo wants. */
static cairo_surface_t *
surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf);
  int h = gdk_pixbuf_get_height (pixbuf);
  int channels = gdk_pixbuf_get_n_channels (pixbuf);
  int src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *src = gdk_pixbuf_read_pixels (pixbuf);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  guint8 *dst;
  int dst_stride;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  cairo_surface_flush (surface);
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < h; y++)
    {
      const guint8 *s = src + (gsize) y * src_stride;
      guint32 *d = (guint32 *) (dst + (gsize) y * dst_stride);

      for (int x = 0; x < w; x++, s += channels)
        {
          guint a = channels == 4 ? s[3] : 255;
          guint r = (s[0] * a + 127) / 255;
          guint g = (s[1] * a + 127) / 255;
          guint b = (s[2] * a + 127) / 255;
          d[x] = (a << 24) | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
stp_sketch_export_surface (StpSketch            *sketch,
                           GdkPixbuf            *photo,
                           StpSketchRenderFlags  flags)
{
  int w, h;
  cairo_surface_t *surface;
  cairo_t *cr;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);
  g_return_val_if_fail (photo == NULL || GDK_IS_PIXBUF (photo), NULL);

  w = stp_sketch_get_photo_width (sketch);
  h = stp_sketch_get_photo_height (sketch);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  if (photo != NULL)
    {
      cairo_surface_t *image = surface_from_pixbuf (photo);

      cairo_save (cr);
      cairo_scale (cr, (double) w / gdk_pixbuf_get_width (photo),
                   (double) h / gdk_pixbuf_get_height (photo));
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
      cairo_paint (cr);
      cairo_restore (cr);
      cairo_surface_destroy (image);
    }
  else
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  stp_sketch_render (sketch, cr, NULL, flags);
  cairo_destroy (cr);
  return surface;
}

static cairo_status_t
append_to_bytes (void                *closure,
                 const unsigned char *data,
                 unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
surface_to_png (cairo_surface_t  *surface,
                GError          **error)
{
  GByteArray *bytes = g_byte_array_new ();

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS ||
      cairo_surface_write_to_png_stream (surface, append_to_bytes, bytes) !=
      CAIRO_STATUS_SUCCESS)
    {
      g_byte_array_unref (bytes);
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_IO,
                   _("The picture could not be made (not enough memory for its size)."));
      return NULL;
    }
  return g_byte_array_free_to_bytes (bytes);
}

GBytes *
stp_sketch_export_png_bytes (StpSketch            *sketch,
                             GdkPixbuf            *photo,
                             StpSketchRenderFlags  flags,
                             GError              **error)
{
  cairo_surface_t *surface;
  GBytes *bytes;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);

  surface = stp_sketch_export_surface (sketch, photo, flags);
  bytes = surface_to_png (surface, error);
  cairo_surface_destroy (surface);
  return bytes;
}

static gboolean
write_file (const char  *path,
            const char  *data,
            gsize        length,
            GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (!g_file_set_contents_full (path, data, length, G_FILE_SET_CONTENTS_CONSISTENT, 0644,
                                 &local))
    {
      g_set_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_IO,
                   _("The export could not be written: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
stp_sketch_export_png (StpSketch            *sketch,
                       GdkPixbuf            *photo,
                       StpSketchRenderFlags  flags,
                       const char           *path,
                       GError              **error)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = stp_sketch_export_png_bytes (sketch, photo, flags, error);
  if (bytes == NULL)
    return FALSE;
  return write_file (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), error);
}

GBytes *
stp_sketch_render_thumbnail (StpSketch  *sketch,
                             GdkPixbuf  *photo,
                             int         max_side,
                             GError    **error)
{
  int w, h, tw, th;
  double scale;
  cairo_surface_t *surface;
  cairo_t *cr;
  GBytes *bytes;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);
  g_return_val_if_fail (max_side > 0, NULL);

  w = stp_sketch_get_photo_width (sketch);
  h = stp_sketch_get_photo_height (sketch);
  scale = MIN (1.0, (double) max_side / MAX (w, h));
  tw = MAX (1, (int) round (w * scale));
  th = MAX (1, (int) round (h * scale));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, tw, th);
  cr = cairo_create (surface);
  cairo_scale (cr, (double) tw / w, (double) th / h);
  if (photo != NULL)
    {
      /* Scale the photo down first: cheaper than filtering the original. */
      g_autoptr(GdkPixbuf) small = gdk_pixbuf_scale_simple (photo, tw, th, GDK_INTERP_BILINEAR);
      cairo_surface_t *image = small != NULL ? surface_from_pixbuf (small) : NULL;

      if (image != NULL)
        {
          cairo_save (cr);
          cairo_identity_matrix (cr);
          cairo_set_source_surface (cr, image, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
          cairo_surface_destroy (image);
        }
    }
  else
    {
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
    }
  _stp_sketch_draw_items (sketch, cr, NULL, NULL);
  cairo_destroy (cr);
  bytes = surface_to_png (surface, error);
  cairo_surface_destroy (surface);
  return bytes;
}

/* SVG */

static void
svg_number (GString *out,
            double   v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char *end;

  g_ascii_formatd (buf, sizeof buf, "%.2f", isfinite (v) ? v : 0);
  /* Drop the zeros a fixed format leaves: "12.50" -> "12.5", "3.00" -> "3". */
  end = buf + strlen (buf);
  while (end > buf && end[-1] == '0')
    *--end = '\0';
  if (end > buf && end[-1] == '.')
    *--end = '\0';
  if (strcmp (buf, "-0") == 0)
    strcpy (buf, "0");
  g_string_append (out, buf);
}

static void
svg_point (GString *out,
           double   x,
           double   y)
{
  svg_number (out, x);
  g_string_append_c (out, ' ');
  svg_number (out, y);
}

/* Text content and attribute values: the five XML entities escaped, characters XML 1.0
 * cannot hold at all (most control characters) left out. */
static void
svg_escape (GString    *out,
            const char *text)
{
  g_autofree char *valid = NULL;

  if (text == NULL)
    return;
  if (!g_utf8_validate (text, -1, NULL))
    text = valid = g_utf8_make_valid (text, -1);
  for (const char *c = text; *c != '\0'; c++)
    {
      unsigned char ch = (unsigned char) *c;

      switch (ch)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, "&quot;");
          break;
        case '\'':
          g_string_append (out, "&apos;");
          break;
        default:
          if (ch >= 0x20 || ch == '\t' || ch == '\n' || ch == '\r')
            g_string_append_c (out, ch);
          break;
        }
    }
}

static void
svg_color (GString        *out,
           const char     *attr,
           StpSketchColor  color,
           double          alpha)
{
  g_string_append_printf (out, " %s=\"#%06x\"", attr, color >> 8);
  if ((color & 0xff) != 0xff || alpha != 1.0)
    {
      g_string_append_printf (out, " %s-opacity=\"", attr);
      svg_number (out, (color & 0xff) / 255.0 * alpha);
      g_string_append_c (out, '"');
    }
}

static void
svg_nodes_path (GString      *out,
                const GArray *nodes,
                gboolean      closed)
{
  guint n = nodes->len;

  if (n == 0)
    return;
  g_string_append (out, "M");
  svg_point (out, g_array_index (nodes, StpSketchNode, 0).x,
             g_array_index (nodes, StpSketchNode, 0).y);
  for (guint s = 0; s < (closed ? n : n - 1); s++)
    {
      const StpSketchNode *a = &g_array_index (nodes, StpSketchNode, s);
      const StpSketchNode *b = &g_array_index (nodes, StpSketchNode, (s + 1) % n);

      g_string_append (out, " C");
      svg_point (out, a->out_x, a->out_y);
      g_string_append_c (out, ' ');
      svg_point (out, b->in_x, b->in_y);
      g_string_append_c (out, ' ');
      svg_point (out, b->x, b->y);
    }
  if (closed)
    g_string_append (out, " Z");
}

static void
svg_stroke (GString             *out,
            const StpSketchItem *item)
{
  const StpSketchPoint *pts = (const StpSketchPoint *) item->points->data;
  guint n = item->points->len;

  if (n == 0)
    return;
  if (n == 1)
    {
      g_string_append (out, "<circle cx=\"");
      svg_number (out, pts[0].x);
      g_string_append (out, "\" cy=\"");
      svg_number (out, pts[0].y);
      g_string_append (out, "\" r=\"");
      svg_number (out, item->width * MAX (pts[0].pressure, 0.15) / 2);
      g_string_append_c (out, '"');
      svg_color (out, "fill", item->color, 1.0);
      g_string_append (out, "/>\n");
      return;
    }
  /* The pressure-shaped outline the canvas fills: left edge forwards, right edge back,
   * round ends. */
  {
    double *nx = g_new (double, n), *ny = g_new (double, n);
    double w;

    for (guint i = 0; i < n; i++)
      {
        const StpSketchPoint *a = &pts[i > 0 ? i - 1 : 0];
        const StpSketchPoint *b = &pts[i + 1 < n ? i + 1 : n - 1];
        double dx = b->x - a->x, dy = b->y - a->y, len = hypot (dx, dy);

        nx[i] = len > 1e-9 ? -dy / len : (i > 0 ? nx[i - 1] : 0);
        ny[i] = len > 1e-9 ? dx / len : (i > 0 ? ny[i - 1] : 1);
      }
    g_string_append (out, "<path d=\"M");
    for (guint i = 0; i < n; i++)
      {
        w = item->width * MAX (pts[i].pressure, 0.15) / 2;
        if (i > 0)
          g_string_append (out, " L");
        svg_point (out, pts[i].x + nx[i] * w, pts[i].y + ny[i] * w);
      }
    w = item->width * MAX (pts[n - 1].pressure, 0.15) / 2;
    g_string_append (out, " A");
    svg_point (out, w, w);
    g_string_append (out, " 0 0 0 ");
    svg_point (out, pts[n - 1].x - nx[n - 1] * w, pts[n - 1].y - ny[n - 1] * w);
    for (guint i = n - 1; i > 0; i--)
      {
        w = item->width * MAX (pts[i - 1].pressure, 0.15) / 2;
        g_string_append (out, " L");
        svg_point (out, pts[i - 1].x - nx[i - 1] * w, pts[i - 1].y - ny[i - 1] * w);
      }
    w = item->width * MAX (pts[0].pressure, 0.15) / 2;
    g_string_append (out, " A");
    svg_point (out, w, w);
    g_string_append (out, " 0 0 0 ");
    svg_point (out, pts[0].x + nx[0] * w, pts[0].y + ny[0] * w);
    g_string_append (out, " Z\"");
    svg_color (out, "fill", item->color, 1.0);
    g_string_append (out, "/>\n");
    g_free (nx);
    g_free (ny);
  }
}

static void
svg_line_style (GString             *out,
                const StpSketchItem *item)
{
  svg_color (out, "stroke", item->color, 1.0);
  g_string_append (out, " stroke-width=\"");
  svg_number (out, item->width);
  g_string_append (out, "\" stroke-linecap=\"round\" stroke-linejoin=\"round\"");
}

static void
svg_text (GString        *out,
          const char     *text,
          double          x,
          double          y,
          double          size,
          StpSketchColor  color)
{
  g_string_append (out, "<text x=\"");
  svg_number (out, x);
  g_string_append (out, "\" y=\"");
  svg_number (out, y);
  g_string_append (out, "\" font-family=\"sans-serif\" font-weight=\"bold\" font-size=\"");
  svg_number (out, size);
  g_string_append (out, "\" stroke=\"#ffffff\" stroke-opacity=\"0.85\" stroke-width=\"");
  svg_number (out, size / 6);
  g_string_append (out, "\" stroke-linejoin=\"round\" paint-order=\"stroke\"");
  svg_color (out, "fill", color, 1.0);
  g_string_append (out, " xml:space=\"preserve\">");
  svg_escape (out, text);
  g_string_append (out, "</text>\n");
}

static void
svg_item (StpSketch           *sketch,
          GString             *out,
          const StpSketchItem *item)
{
  switch (item->kind)
    {
    case STP_SKETCH_ITEM_STROKE:
      svg_stroke (out, item);
      break;
    case STP_SKETCH_ITEM_CURVE:
      if (item->nodes->len < 2)
        break;
      g_string_append (out, "<path d=\"");
      svg_nodes_path (out, item->nodes, FALSE);
      if (item->mirrored)
        {
          g_autoptr(GArray) mirror = stp_sketch_get_mirror_nodes (sketch, item);
          g_string_append_c (out, ' ');
          svg_nodes_path (out, mirror, FALSE);
        }
      g_string_append (out, "\" fill=\"none\"");
      svg_line_style (out, item);
      g_string_append (out, "/>\n");
      break;
    case STP_SKETCH_ITEM_REGION:
      {
        gboolean scar = item->role == STP_SKETCH_ROLE_SCAR;

        g_string_append (out, "<path d=\"");
        if (item->smooth)
          svg_nodes_path (out, item->nodes, TRUE);
        else
          {
            for (guint i = 0; i < item->points->len; i++)
              {
                const StpSketchPoint *p = &g_array_index (item->points, StpSketchPoint, i);
                g_string_append (out, i == 0 ? "M" : " L");
                svg_point (out, p->x, p->y);
              }
            g_string_append (out, " Z");
          }
        g_string_append_c (out, '"');
        svg_color (out, "fill", item->color, scar ? 0.35 : 0.25);
        svg_line_style (out, item);
        if (scar)
          {
            g_string_append (out, " stroke-dasharray=\"");
            svg_number (out, item->width * 3);
            g_string_append_c (out, ' ');
            svg_number (out, item->width * 2);
            g_string_append_c (out, '"');
          }
        g_string_append (out, "><title>");
        if (scar)
          svg_escape (out, _("Scar"));
        else
          {
            g_autofree char *title = NULL;
            if (item->density > 0)
              /* Translators: a treatment area's planned density and pigment shade. */
              title = g_strdup_printf (_("Treatment area, %.0f dots/cm², %s"),
                                       item->density, item->shade);
            else
              title = g_strdup_printf (_("Treatment area, %s"), item->shade);
            svg_escape (out, title);
          }
        g_string_append (out, "</title></path>\n");
      }
      break;
    case STP_SKETCH_ITEM_LABEL:
      if (item->text != NULL && item->text[0] != '\0')
        svg_text (out, item->text, item->x, item->y, item->font_size, item->color);
      break;
    case STP_SKETCH_ITEM_MEASURE:
      if (item->points->len >= 2)
        {
          const StpSketchPoint *a = &g_array_index (item->points, StpSketchPoint, 0);
          const StpSketchPoint *b = &g_array_index (item->points, StpSketchPoint, 1);
          double len = hypot (b->x - a->x, b->y - a->y);
          double nx = len > 0 ? -(b->y - a->y) / len : 0, ny = len > 0 ? (b->x - a->x) / len : 1;
          double bar = item->width * 3, fs = _stp_measure_font_size (item);
          g_autofree char *text = stp_sketch_format_measure (sketch, item);

          g_string_append (out, "<path d=\"M");
          svg_point (out, a->x, a->y);
          g_string_append (out, " L");
          svg_point (out, b->x, b->y);
          g_string_append (out, " M");
          svg_point (out, a->x - nx * bar, a->y - ny * bar);
          g_string_append (out, " L");
          svg_point (out, a->x + nx * bar, a->y + ny * bar);
          g_string_append (out, " M");
          svg_point (out, b->x - nx * bar, b->y - ny * bar);
          g_string_append (out, " L");
          svg_point (out, b->x + nx * bar, b->y + ny * bar);
          g_string_append (out, "\" fill=\"none\"");
          svg_line_style (out, item);
          g_string_append (out, "/>\n");
          svg_text (out, text, (a->x + b->x) / 2 + fs * 0.4, (a->y + b->y) / 2 - fs * 0.4, fs,
                    item->color);
        }
      break;
    default:
      break;
    }
}

char *
stp_sketch_to_svg (StpSketch *sketch,
                   gsize     *length)
{
  GString *out;
  int w, h;
  guint n;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), NULL);

  w = stp_sketch_get_photo_width (sketch);
  h = stp_sketch_get_photo_height (sketch);
  n = stp_sketch_get_n_items (sketch);
  out = g_string_sized_new (4096 + stp_sketch_get_n_points (sketch) * 24);
  g_string_append (out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  g_string_append_printf (out,
                          "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                          "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\" "
                          "version=\"1.1\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\">\n",
                          w, h, w, h);
  g_string_append (out, "<title>");
  svg_escape (out, stp_sketch_get_name (sketch));
  g_string_append (out, "</title>\n");

  for (int layer = 0; layer < STP_SKETCH_N_LAYERS; layer++)
    {
      double opacity = stp_sketch_get_layer_opacity (sketch, layer);

      g_string_append_printf (out, "<g id=\"layer-%s\" inkscape:groupmode=\"layer\" "
                              "inkscape:label=\"", stp_sketch_layer_to_string (layer));
      svg_escape (out, stp_sketch_layer_get_label (layer));
      g_string_append_c (out, '"');
      if (opacity < 1.0)
        {
          g_string_append (out, " opacity=\"");
          svg_number (out, opacity);
          g_string_append_c (out, '"');
        }
      if (!stp_sketch_get_layer_visible (sketch, layer))
        g_string_append (out, " style=\"display:none\"");
      g_string_append (out, ">\n");
      for (guint i = 0; i < n; i++)
        {
          const StpSketchItem *item = stp_sketch_get_item (sketch, i);
          if ((int) item->layer == layer)
            svg_item (sketch, out, item);
        }
      g_string_append (out, "</g>\n");
    }
  g_string_append (out, "</svg>\n");

  if (length != NULL)
    *length = out->len;
  return g_string_free (out, FALSE);
}

gboolean
stp_sketch_export_svg (StpSketch   *sketch,
                       const char  *path,
                       GError     **error)
{
  g_autofree char *svg = NULL;
  gsize length;

  g_return_val_if_fail (STP_IS_SKETCH (sketch), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  svg = stp_sketch_to_svg (sketch, &length);
  return write_file (path, svg, length, error);
}
