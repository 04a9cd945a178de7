/* test-photo-util.h: test pictures made in the test: an asymmetric image with known
 * corner colours, stored in each EXIF orientation, as JPEG with an EXIF segment.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib.h>

/* Quadrant colours of the upright test picture. */
static const guint8 photo_tl[3] = { 220, 30, 30 };    /* red */
static const guint8 photo_tr[3] = { 30, 200, 30 };    /* green */
static const guint8 photo_bl[3] = { 30, 30, 220 };    /* blue */
static const guint8 photo_br[3] = { 240, 240, 240 };  /* white */

/* An upright w x h picture (w != h) made of four coloured quadrants. */
static inline GdkPixbuf *
photo_make_upright (int w,
                    int h)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        const guint8 *c = y < h / 2 ? (x < w / 2 ? photo_tl : photo_tr)
                                    : (x < w / 2 ? photo_bl : photo_br);
        memcpy (pixels + y * stride + x * 3, c, 3);
      }
  return pixbuf;
}

/* Where stored pixel (x, y) of a w x h stored picture shows once upright, by the EXIF
 * definition of each orientation (written out independently of the code under test). */
static inline void
photo_display_coords (guint orientation,
                      int   w,
                      int   h,
                      int   x,
                      int   y,
                      int  *dx,
                      int  *dy)
{
  switch (orientation)
    {
    case 2: *dx = w - 1 - x; *dy = y; break;
    case 3: *dx = w - 1 - x; *dy = h - 1 - y; break;
    case 4: *dx = x; *dy = h - 1 - y; break;
    case 5: *dx = y; *dy = x; break;
    case 6: *dx = h - 1 - y; *dy = x; break;
    case 7: *dx = h - 1 - y; *dy = w - 1 - x; break;
    case 8: *dx = y; *dy = w - 1 - x; break;
    default: *dx = x; *dy = y; break;
    }
}

/* The stored picture that an EXIF viewer shows as upright. */
static inline GdkPixbuf *
photo_make_stored (GdkPixbuf *upright,
                   guint      orientation)
{
  int uw = gdk_pixbuf_get_width (upright), uh = gdk_pixbuf_get_height (upright);
  gboolean swap = orientation >= 5;
  int w = swap ? uh : uw, h = swap ? uw : uh;
  GdkPixbuf *stored = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, w, h);
  const guint8 *src = gdk_pixbuf_get_pixels (upright);
  guint8 *dst = gdk_pixbuf_get_pixels (stored);
  int sstride = gdk_pixbuf_get_rowstride (upright), dstride = gdk_pixbuf_get_rowstride (stored);

  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++)
      {
        int dx, dy;

        photo_display_coords (orientation, w, h, x, y, &dx, &dy);
        g_assert (dx >= 0 && dx < uw && dy >= 0 && dy < uh);
        memcpy (dst + y * dstride + x * 3, src + dy * sstride + dx * 3, 3);
      }
  return stored;
}

static inline void
put16 (GByteArray *a, gboolean le, guint v)
{
  guint8 b[2] = { le ? v & 0xFF : v >> 8, le ? v >> 8 : v & 0xFF };
  g_byte_array_append (a, b, 2);
}

static inline void
put32 (GByteArray *a, gboolean le, guint32 v)
{
  guint8 b[4];
  for (int i = 0; i < 4; i++)
    b[i] = le ? (v >> (8 * i)) & 0xFF : (v >> (8 * (3 - i))) & 0xFF;
  g_byte_array_append (a, b, 4);
}

/* A TIFF/EXIF block: IFD0 with the orientation (0: none) and, when when != NULL, an Exif
 * IFD with DateTimeOriginal and (when offset != NULL) OffsetTimeOriginal. */
static inline GByteArray *
photo_make_tiff (gboolean    little,
                 guint       orientation,
                 const char *when,
                 const char *offset)
{
  GByteArray *t = g_byte_array_new ();
  guint n0 = (orientation ? 1 : 0) + (when ? 1 : 0);
  guint exif_ifd = 8 + 2 + 12 * n0 + 4;
  guint n1 = 1 + (offset ? 1 : 0);
  guint data = exif_ifd + 2 + 12 * n1 + 4;

  g_byte_array_append (t, (const guint8 *)(little ? "II" : "MM"), 2);
  put16 (t, little, 42);
  put32 (t, little, 8);
  put16 (t, little, n0);
  if (orientation)
    {
      put16 (t, little, 0x0112);
      put16 (t, little, 3);
      put32 (t, little, 1);
      put16 (t, little, orientation);
      put16 (t, little, 0);
    }
  if (when)
    {
      put16 (t, little, 0x8769);
      put16 (t, little, 4);
      put32 (t, little, 1);
      put32 (t, little, exif_ifd);
    }
  put32 (t, little, 0);
  if (when)
    {
      put16 (t, little, n1);
      put16 (t, little, 0x9003);
      put16 (t, little, 2);
      put32 (t, little, 20);
      put32 (t, little, data);
      if (offset)
        {
          put16 (t, little, 0x9011);
          put16 (t, little, 2);
          put32 (t, little, 7);
          put32 (t, little, data + 20);
        }
      put32 (t, little, 0);
      g_byte_array_append (t, (const guint8 *)when, 20);  /* 19 characters and a NUL */
      if (offset)
        g_byte_array_append (t, (const guint8 *)offset, 7);
    }
  return t;
}

/* A JPEG of the pixbuf with an APP1 EXIF segment holding tiff (NULL: none). */
static inline GBytes *
photo_make_jpeg (GdkPixbuf  *pixbuf,
                 GByteArray *tiff)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *jpeg = NULL;
  gsize len = 0;
  GByteArray *out = g_byte_array_new ();

  gdk_pixbuf_save_to_buffer (pixbuf, &jpeg, &len, "jpeg", &error, "quality", "95", NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, 2);

  g_byte_array_append (out, (const guint8 *)jpeg, 2);  /* SOI */
  if (tiff != NULL)
    {
      guint seg = 2 + 6 + tiff->len;
      guint8 head[4] = { 0xFF, 0xE1, seg >> 8, seg & 0xFF };

      g_byte_array_append (out, head, 4);
      g_byte_array_append (out, (const guint8 *)"Exif\0\0", 6);
      g_byte_array_append (out, tiff->data, tiff->len);
    }
  g_byte_array_append (out, (const guint8 *)jpeg + 2, len - 2);
  return g_byte_array_free_to_bytes (out);
}

/* PNG's chunk checksum (CRC-32, as in zlib), bit by bit: tests make few chunks. */
static inline guint32
photo_png_crc (const guint8 *data,
               gsize         len)
{
  guint32 crc = 0xFFFFFFFFu;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (int k = 0; k < 8; k++)
        crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
    }
  return crc ^ 0xFFFFFFFFu;
}

/* A PNG of the pixbuf with an eXIf chunk holding tiff right after IHDR, where the PNG
 * specification puts it. */
static inline GBytes *
photo_make_png (GdkPixbuf  *pixbuf,
                GByteArray *tiff)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  gsize len = 0;
  GByteArray *out = g_byte_array_new ();
  GByteArray *chunk = g_byte_array_new ();
  const gsize ihdr_end = 8 + 8 + 13 + 4;

  gdk_pixbuf_save_to_buffer (pixbuf, &png, &len, "png", &error, NULL);
  g_assert_no_error (error);
  g_assert_cmpuint (len, >, ihdr_end);
  g_assert_true (memcmp (png + 12, "IHDR", 4) == 0);

  g_byte_array_append (out, (const guint8 *)png, ihdr_end);
  put32 (out, FALSE, tiff->len);
  g_byte_array_append (chunk, (const guint8 *)"eXIf", 4);
  g_byte_array_append (chunk, tiff->data, tiff->len);
  g_byte_array_append (out, chunk->data, chunk->len);
  put32 (out, FALSE, photo_png_crc (chunk->data, chunk->len));
  g_byte_array_append (out, (const guint8 *)png + ihdr_end, len - ihdr_end);
  g_byte_array_unref (chunk);
  return g_byte_array_free_to_bytes (out);
}

/* The test picture stored in an orientation, with that orientation in its EXIF: a JPEG
 * (APP1 segment) or a PNG (eXIf chunk). */
static inline GBytes *
photo_make_oriented (int      w,
                     int      h,
                     guint    orientation,
                     gboolean png)
{
  g_autoptr(GdkPixbuf) upright = photo_make_upright (w, h);
  g_autoptr(GdkPixbuf) stored = photo_make_stored (upright, orientation);
  GByteArray *tiff = photo_make_tiff (orientation % 2 == (png ? 1 : 0), orientation,
                                      NULL, NULL);
  GBytes *bytes = png ? photo_make_png (stored, tiff) : photo_make_jpeg (stored, tiff);

  g_byte_array_unref (tiff);
  return bytes;
}

static inline GBytes *
photo_make_oriented_jpeg (int w, int h, guint orientation)
{
  return photo_make_oriented (w, h, orientation, FALSE);
}

static inline gboolean
photo_color_near (const guint8 *p,
                  const guint8 *c)
{
  for (int i = 0; i < 3; i++)
    if (ABS ((int)p[i] - (int)c[i]) > 40)
      return FALSE;
  return TRUE;
}

/* Asserts the picture shows the four quadrant colours where an upright one has them,
 * sampled a quarter of the way in from each corner. */
static inline void
photo_assert_upright (GdkPixbuf *pixbuf)
{
  int w = gdk_pixbuf_get_width (pixbuf), h = gdk_pixbuf_get_height (pixbuf);
  int n = gdk_pixbuf_get_n_channels (pixbuf), stride = gdk_pixbuf_get_rowstride (pixbuf);
  const guint8 *px = gdk_pixbuf_get_pixels (pixbuf);
  const guint8 *tl = px + (h / 4) * stride + (w / 4) * n;
  const guint8 *tr = px + (h / 4) * stride + (3 * w / 4) * n;
  const guint8 *bl = px + (3 * h / 4) * stride + (w / 4) * n;
  const guint8 *br = px + (3 * h / 4) * stride + (3 * w / 4) * n;

  if (!photo_color_near (tl, photo_tl) || !photo_color_near (tr, photo_tr) ||
      !photo_color_near (bl, photo_bl) || !photo_color_near (br, photo_br))
    g_error ("not upright: %dx%d tl=%d,%d,%d tr=%d,%d,%d bl=%d,%d,%d br=%d,%d,%d", w, h,
             tl[0], tl[1], tl[2], tr[0], tr[1], tr[2], bl[0], bl[1], bl[2],
             br[0], br[1], br[2]);
}

static inline void
photo_write (const char *path,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       &error);
  g_assert_no_error (error);
}
