/* stp-preview-render.c: compositing the preview's dots over the photo, and the PNG.
 *
 * One cairo arc and fill per dot is slow for a scalp's hundreds of thousands of dots,
 * and cannot draw the soft edge of healed pigment. Dots are small and many share a size,
 * so each size (in quarter pixels), softness and sub-pixel position gets one coverage
 * sprite, made once per render; a dot is then a few rows of integer blending written
 * straight into the image surface's premultiplied pixels.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "stp-preview"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "stipple/stp-preview.h"
#include "stp-preview-private.h"

/* Sprite radii are quantised to a quarter pixel up to SMALL_MAX pixels and to one pixel
 * above, up to MAX_RADIUS (a dot at the canvas's largest zoom). */
#define SMALL_MAX 16.0
#define MAX_RADIUS 160.0
#define N_RADII ((int)(SMALL_MAX * 4) + (int)(MAX_RADIUS - SMALL_MAX) + 2)
/* Softness in eighths of the radius, 0..1.5. */
#define N_SOFTNESS 13
/* Sub-pixel positions per axis, for dots small enough that a half-pixel shift shows. */
#define N_PHASES 4
#define PHASE_MAX_RADIUS 6.0
/* A dot is never drawn smaller than this; smaller ones keep their ink by fading. */
#define MIN_RADIUS 0.6

/* A dot's coverage, trimmed to the pixels it touches: pixel (i, j) of the sprite lies at
 * (x0 + i, y0 + j) from the pixel that holds the dot's centre. */
typedef struct
{
  int     x0, y0;
  int     width, height;
  guint8 *alpha;       /* width * height coverage, 0..255 */
} Sprite;

/* The sprites made so far in one render, by radius, softness and phase: a plain table,
 * since a lookup per dot must cost next to nothing. */
typedef struct
{
  Sprite **sprites;     /* N_RADII * N_SOFTNESS * N_PHASES * N_PHASES, NULL until made */
} SpriteBank;

static void
sprite_free (gpointer data)
{
  Sprite *sprite = data;

  g_free (sprite->alpha);
  g_free (sprite);
}

static double
bucket_radius (int q)
{
  if (q <= SMALL_MAX * 4)
    return q / 4.0;
  return SMALL_MAX + (q - SMALL_MAX * 4);
}

static int
radius_bucket (double r)
{
  if (r <= SMALL_MAX)
    return (int)(r * 4 + 0.5);
  return (int)(SMALL_MAX * 4) + (int)(r - SMALL_MAX + 0.5);
}

/* Healed pigment: opaque in the middle, falling off smoothly over the soft part of the
 * radius, with at least a pixel of falloff so small dots are antialiased. */
static Sprite *
make_sprite (double radius,
             double softness,
             double phase_x,
             double phase_y)
{
  Sprite *sprite = g_new (Sprite, 1);
  double inner = MAX (radius * (1.0 - softness), 0.0);
  double outer = radius * (1.0 + 0.5 * softness) + 0.7;
  int half = (int)ceil (outer) + 1, size = 2 * half + 1;
  g_autofree guint8 *full = g_malloc0 ((gsize)size * size);
  int i0 = size, i1 = -1, j0 = size, j1 = -1;
  double cx = half + phase_x, cy = half + phase_y;

  for (int j = 0; j < size; j++)
    for (int i = 0; i < size; i++)
      {
        double d = hypot (i + 0.5 - cx, j + 0.5 - cy);
        double a;
        guint8 v;

        if (d <= inner)
          a = 1.0;
        else if (d >= outer)
          a = 0.0;
        else
          {
            double t = (d - inner) / (outer - inner);
            a = 1.0 - t * t * (3 - 2 * t);
          }
        v = (guint8)(a * 255 + 0.5);
        full[j * size + i] = v;
        if (v != 0)
          {
            i0 = MIN (i0, i);
            i1 = MAX (i1, i);
            j0 = MIN (j0, j);
            j1 = MAX (j1, j);
          }
      }

  if (i1 < 0)
    i0 = i1 = j0 = j1 = half;
  sprite->x0 = i0 - half;
  sprite->y0 = j0 - half;
  sprite->width = i1 - i0 + 1;
  sprite->height = j1 - j0 + 1;
  sprite->alpha = g_malloc ((gsize)sprite->width * sprite->height);
  for (int j = 0; j < sprite->height; j++)
    memcpy (sprite->alpha + j * sprite->width, full + (j0 + j) * size + i0, sprite->width);
  return sprite;
}

static const Sprite *
bank_get (SpriteBank *bank,
          int         q,
          int         s,
          int         phase)
{
  gsize key = ((gsize)q * N_SOFTNESS + s) * (N_PHASES * N_PHASES) + phase;
  Sprite *sprite = bank->sprites[key];

  if (sprite == NULL)
    {
      double px = 0.5, py = 0.5;

      if (bucket_radius (q) < PHASE_MAX_RADIUS)
        {
          px = (phase % N_PHASES + 0.5) / N_PHASES;
          py = (phase / N_PHASES + 0.5) / N_PHASES;
        }
      sprite = make_sprite (bucket_radius (q), s / 8.0, px, py);
      bank->sprites[key] = sprite;
    }
  return sprite;
}

/* Blends colour (0xffRRGGBB) at coverage a (0..255) over a premultiplied pixel, two
 * channels at a time. */
static inline guint32
blend (guint32 dst,
       guint32 src,
       guint32 a)
{
  guint32 inv = 255 - a;
  guint32 rb = (src & 0x00ff00ff) * a + (dst & 0x00ff00ff) * inv;
  guint32 ag = ((src >> 8) & 0x00ff00ff) * a + ((dst >> 8) & 0x00ff00ff) * inv;

  rb += 0x00800080;
  rb = ((rb + ((rb >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  ag += 0x00800080;
  ag = ((ag + ((ag >> 8) & 0x00ff00ff)) >> 8) & 0x00ff00ff;
  return rb | (ag << 8);
}

void
stp_preview_render (const StpPreviewDots *dots,
                    cairo_surface_t      *target,
                    const StpSketchView  *view)
{
  SpriteBank bank;
  guint32 colors[256];
  double scale = 1.0, ox = 0.0, oy = 0.0;
  guint8 *data;
  int width, height, stride;
  cairo_format_t format;

  g_return_if_fail (dots != NULL);
  g_return_if_fail (target != NULL);
  g_return_if_fail (cairo_surface_get_type (target) == CAIRO_SURFACE_TYPE_IMAGE);

  format = cairo_image_surface_get_format (target);
  g_return_if_fail (format == CAIRO_FORMAT_ARGB32 || format == CAIRO_FORMAT_RGB24);

  if (view != NULL)
    {
      scale = view->scale;
      ox = view->offset_x;
      oy = view->offset_y;
    }

  cairo_surface_flush (target);
  data = cairo_image_surface_get_data (target);
  width = cairo_image_surface_get_width (target);
  height = cairo_image_surface_get_height (target);
  stride = cairo_image_surface_get_stride (target);
  if (data == NULL || width <= 0 || height <= 0)
    return;

  memset (colors, 0, sizeof colors);
  for (guint i = 0; i < MIN (dots->n_colors, 256); i++)
    {
      const StpPreviewColor *c = &dots->palette[i];
      colors[i] = 0xff000000u |
                  ((guint32)(CLAMP (c->r, 0.f, 1.f) * 255 + 0.5f) << 16) |
                  ((guint32)(CLAMP (c->g, 0.f, 1.f) * 255 + 0.5f) << 8) |
                  (guint32)(CLAMP (c->b, 0.f, 1.f) * 255 + 0.5f);
    }

  bank.sprites = g_new0 (Sprite *, (gsize)N_RADII * N_SOFTNESS * N_PHASES * N_PHASES);

  for (guint k = 0; k < dots->n_dots; k++)
    {
      double cx = dots->x[k] * scale + ox;
      double cy = dots->y[k] * scale + oy;
      double r = dots->radius[k] * scale;
      double amount = dots->opacity[k];
      const Sprite *sprite;
      int q, s, phase = 0, x0, y0, i0, i1, j0, j1, fx, fy;
      guint32 op, src;

      if (!(r > 0) || cx < -MAX_RADIUS * 2 || cy < -MAX_RADIUS * 2 ||
          cx > width + MAX_RADIUS * 2 || cy > height + MAX_RADIUS * 2)
        continue;
      if (r < MIN_RADIUS)
        {
          /* Keep the ink a smaller dot would leave. */
          amount *= (r * r) / (MIN_RADIUS * MIN_RADIUS);
          r = MIN_RADIUS;
        }
      r = MIN (r, MAX_RADIUS);
      op = (guint32)(CLAMP (amount, 0.0, 1.0) * 256);
      if (op == 0)
        continue;

      q = radius_bucket (r);
      s = CLAMP ((int)(dots->softness[k] * 8 + 0.5), 0, N_SOFTNESS - 1);
      /* floor () without a library call per dot (cx and cy are well within int). */
      fx = (int)cx - (cx < (int)cx);
      fy = (int)cy - (cy < (int)cy);
      if (bucket_radius (q) < PHASE_MAX_RADIUS)
        phase = (int)((cy - fy) * N_PHASES) * N_PHASES + (int)((cx - fx) * N_PHASES);
      sprite = bank_get (&bank, q, s, phase);
      src = colors[dots->color[k]];

      x0 = fx + sprite->x0;
      y0 = fy + sprite->y0;
      i0 = MAX (0, -x0);
      j0 = MAX (0, -y0);
      i1 = MIN (sprite->width, width - x0);
      j1 = MIN (sprite->height, height - y0);
      for (int j = j0; j < j1; j++)
        {
          guint32 *row = (guint32 *)(data + (gsize)(y0 + j) * stride) + x0;
          const guint8 *alpha = sprite->alpha + j * sprite->width;

          for (int i = i0; i < i1; i++)
            {
              guint32 a = (alpha[i] * op) >> 8;
              if (a != 0)
                row[i] = blend (row[i], src, a);
            }
        }
    }

  for (gsize i = 0; i < (gsize)N_RADII * N_SOFTNESS * N_PHASES * N_PHASES; i++)
    if (bank.sprites[i] != NULL)
      sprite_free (bank.sprites[i]);
  g_free (bank.sprites);
  cairo_surface_mark_dirty (target);
}

void
stp_preview_render_naive (const StpPreviewDots *dots,
                          cairo_t              *cr)
{
  g_return_if_fail (dots != NULL);
  g_return_if_fail (cr != NULL);

  cairo_save (cr);
  for (guint k = 0; k < dots->n_dots; k++)
    {
      const StpPreviewColor *c = &dots->palette[dots->color[k]];

      cairo_set_source_rgba (cr, c->r, c->g, c->b, dots->opacity[k]);
      cairo_arc (cr, dots->x[k], dots->y[k], dots->radius[k], 0, 2 * G_PI);
      cairo_fill (cr);
    }
  cairo_restore (cr);
}

cairo_surface_t *
stp_preview_surface_from_pixbuf (GdkPixbuf *pixbuf)
{
  cairo_surface_t *surface;
  int width, height, n_channels, src_stride, dst_stride;
  const guint8 *src;
  guint8 *dst;
  gboolean alpha;

  g_return_val_if_fail (GDK_IS_PIXBUF (pixbuf), NULL);
  g_return_val_if_fail (gdk_pixbuf_get_colorspace (pixbuf) == GDK_COLORSPACE_RGB, NULL);
  g_return_val_if_fail (gdk_pixbuf_get_bits_per_sample (pixbuf) == 8, NULL);

  width = gdk_pixbuf_get_width (pixbuf);
  height = gdk_pixbuf_get_height (pixbuf);
  n_channels = gdk_pixbuf_get_n_channels (pixbuf);
  alpha = gdk_pixbuf_get_has_alpha (pixbuf);
  src_stride = gdk_pixbuf_get_rowstride (pixbuf);
  src = gdk_pixbuf_read_pixels (pixbuf);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    return surface;
  dst = cairo_image_surface_get_data (surface);
  dst_stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < height; y++)
    {
      const guint8 *s = src + (gsize)y * src_stride;
      guint32 *d = (guint32 *)(dst + (gsize)y * dst_stride);

      for (int x = 0; x < width; x++, s += n_channels)
        {
          guint32 r = s[0], g = s[1], b = s[2];

          if (alpha)
            {
              /* Over white, as a transparent photo shows in a viewer. */
              guint32 a = s[3];
              r = (r * a + 255 * (255 - a) + 127) / 255;
              g = (g * a + 255 * (255 - a) + 127) / 255;
              b = (b * a + 255 * (255 - a) + 127) / 255;
            }
          d[x] = 0xff000000u | (r << 16) | (g << 8) | b;
        }
    }
  cairo_surface_mark_dirty (surface);
  return surface;
}

cairo_surface_t *
stp_preview_render_photo (const StpPreviewDots *dots,
                          GdkPixbuf            *photo)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (dots != NULL, NULL);
  g_return_val_if_fail (GDK_IS_PIXBUF (photo), NULL);

  surface = stp_preview_surface_from_pixbuf (photo);
  if (surface != NULL && cairo_surface_status (surface) == CAIRO_STATUS_SUCCESS)
    stp_preview_render (dots, surface, NULL);
  return surface;
}

cairo_surface_t *
stp_preview_render_fitted (const StpPreviewDots *dots,
                           GdkPixbuf            *photo,
                           int                   max_width,
                           int                   max_height)
{
  cairo_surface_t *full, *surface;
  StpSketchView view;
  double scale;
  int width, height;
  cairo_t *cr;

  g_return_val_if_fail (dots != NULL, NULL);
  g_return_val_if_fail (GDK_IS_PIXBUF (photo), NULL);
  g_return_val_if_fail (max_width > 0 && max_height > 0, NULL);

  width = gdk_pixbuf_get_width (photo);
  height = gdk_pixbuf_get_height (photo);
  scale = MIN (1.0, MIN ((double)max_width / width, (double)max_height / height));
  stp_sketch_view_init (&view);
  view.scale = scale;

  full = stp_preview_surface_from_pixbuf (photo);
  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, MAX ((int)(width * scale), 1),
                                        MAX ((int)(height * scale), 1));
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, full, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (full);
  /* The dots are drawn at the smaller size, not shrunk with the photo, so they keep
   * their soft edges. */
  stp_preview_render (dots, surface, &view);
  return surface;
}

static cairo_status_t
append_bytes (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

gboolean
stp_preview_export_png (const StpPreviewDots *dots,
                        GdkPixbuf            *photo,
                        GFile                *file,
                        GCancellable         *cancellable,
                        GError              **error)
{
  cairo_surface_t *surface;
  g_autoptr(GByteArray) png = NULL;
  cairo_status_t status;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (dots != NULL, FALSE);
  g_return_val_if_fail (GDK_IS_PIXBUF (photo), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  surface = stp_preview_render_photo (dots, photo);
  if (surface == NULL || cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      g_clear_pointer (&surface, cairo_surface_destroy);
      g_set_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_PHOTO,
                   _("The photo is too large to export with the preview."));
      return FALSE;
    }
  png = g_byte_array_new ();
  status = cairo_surface_write_to_png_stream (surface, append_bytes, png);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_IO,
                   _("The preview could not be made into a PNG: %s"),
                   cairo_status_to_string (status));
      return FALSE;
    }

  /* GIO writes beside the file and renames it into place, so an existing file is only
   * replaced by a complete one. */
  if (!g_file_replace_contents (file, (const char *)png->data, png->len, NULL, FALSE,
                                G_FILE_CREATE_NONE, NULL, cancellable, &local_error))
    {
      g_autofree char *name = g_file_get_parse_name (file);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_set_error (error, STP_PREVIEW_ERROR, STP_PREVIEW_ERROR_IO,
                   _("The preview could not be saved as “%s”: %s"), name,
                   local_error->message);
      return FALSE;
    }
  return TRUE;
}
