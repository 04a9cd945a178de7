/* bench-photo.c: a 24-megapixel JPEG from file to an on-screen texture at fit size through
 * Stipple's display path (gate, decode scaled by the decoder, orientation, texture),
 * beside gdk_pixbuf_new_from_file_at_scale of the same file in the same run.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Prints bench photo-open (ms), and photo-open-turned for the same picture stored
 * sideways (EXIF orientation 6, as phones save portrait photos), which adds the turn
 * the floor does not do. Options: --rounds N.
 */

#define G_LOG_DOMAIN "bench-photo"

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <stipple/stipple.h>

#include "bench-util.h"

#define WIDTH 6000
#define HEIGHT 4000
#define FIT_WIDTH 1280
#define FIT_HEIGHT 800

/* A photo-like picture: smooth gradients with fine noise, so the JPEG has the size and
 * entropy of a real one (a flat picture decodes unrealistically fast). */
static GdkPixbuf *
make_picture (void)
{
  GdkPixbuf *pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);
  guint32 seed = 12345;

  for (int y = 0; y < HEIGHT; y++)
    {
      guint8 *row = pixels + (gsize)y * stride;

      for (int x = 0; x < WIDTH; x++)
        {
          seed = seed * 1664525u + 1013904223u;
          row[3 * x] = (guint8)(x * 200 / WIDTH + (seed >> 28));
          row[3 * x + 1] = (guint8)(y * 180 / HEIGHT + ((seed >> 24) & 15));
          row[3 * x + 2] = (guint8)((x + y) * 120 / (WIDTH + HEIGHT) + ((seed >> 20) & 15));
        }
    }
  return pixbuf;
}

/* Writes the JPEG with an EXIF segment holding the orientation. */
static void
write_jpeg (const char *path,
            const char *jpeg,
            gsize       len,
            guint       orientation)
{
  static const guint8 tiff_head[] = { 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3,
                                      0, 0, 0, 1 };
  GByteArray *out = g_byte_array_new ();
  guint8 seg[4] = { 0xFF, 0xE1, 0, 2 + 6 + sizeof tiff_head + 8 };
  guint8 value[8] = { 0, orientation, 0, 0, 0, 0, 0, 0 };
  g_autoptr(GError) error = NULL;

  g_byte_array_append (out, (const guint8 *)jpeg, 2);
  g_byte_array_append (out, seg, 4);
  g_byte_array_append (out, (const guint8 *)"Exif\0\0", 6);
  g_byte_array_append (out, tiff_head, sizeof tiff_head);
  g_byte_array_append (out, value, 8);
  g_byte_array_append (out, (const guint8 *)jpeg + 2, len - 2);
  if (!g_file_set_contents (path, (const char *)out->data, out->len, &error))
    g_error ("%s", error->message);
  g_byte_array_unref (out);
}

static double
time_stipple (const char *path,
              int        *w,
              int        *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  gint64 start = g_get_monotonic_time ();

  pixbuf = stp_photo_load_at_size (path, FIT_WIDTH, FIT_HEIGHT, NULL, &error);
  if (pixbuf == NULL)
    g_error ("Stipple's display path failed: %s", error->message);
  texture = gdk_texture_new_for_pixbuf (pixbuf);
  *w = gdk_texture_get_width (texture);
  *h = gdk_texture_get_height (texture);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_floor (const char *path,
            int        *w,
            int        *h)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  gint64 start = g_get_monotonic_time ();

  pixbuf = gdk_pixbuf_new_from_file_at_scale (path, FIT_WIDTH, FIT_HEIGHT, TRUE, &error);
  if (pixbuf == NULL)
    g_error ("gdk-pixbuf failed: %s", error->message);
  *w = gdk_pixbuf_get_width (pixbuf);
  *h = gdk_pixbuf_get_height (pixbuf);
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbuf) picture = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *upright_path = NULL;
  g_autofree char *turned_path = NULL;
  g_autofree char *jpeg = NULL;
  g_autoptr(GArray) stipple_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) floor_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) turned_times = g_array_new (FALSE, FALSE, sizeof (double));
  int rounds = 15;
  gsize len = 0;
  GOptionEntry entries[] = {
    { "rounds", 0, 0, G_OPTION_ARG_INT, &rounds, "Timed rounds of each path", "N" },
    { NULL },
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);

  dir = g_dir_make_tmp ("stipple-bench-photo-XXXXXX", &error);
  g_assert_no_error (error);
  upright_path = g_build_filename (dir, "24mp.jpg", NULL);
  turned_path = g_build_filename (dir, "24mp-turned.jpg", NULL);

  picture = make_picture ();
  if (!gdk_pixbuf_save_to_buffer (picture, &jpeg, &len, "jpeg", &error, "quality", "90", NULL))
    g_error ("%s", error->message);
  g_clear_object (&picture);
  write_jpeg (upright_path, jpeg, len, 1);
  write_jpeg (turned_path, jpeg, len, 6);
  g_print ("# %d x %d JPEG, %.1f MB, fit into %d x %d\n", WIDTH, HEIGHT, len / 1e6,
           FIT_WIDTH, FIT_HEIGHT);

  /* One untimed round of each warms the page cache and the loader modules. */
  for (int r = -1; r < rounds; r++)
    {
      int sw, sh, fw, fh, tw, th;
      double s, f, t;

      /* Alternating which goes first keeps either from gaining by cache order. */
      if (r % 2 == 0)
        {
          s = time_stipple (upright_path, &sw, &sh);
          f = time_floor (upright_path, &fw, &fh);
        }
      else
        {
          f = time_floor (upright_path, &fw, &fh);
          s = time_stipple (upright_path, &sw, &sh);
        }
      t = time_stipple (turned_path, &tw, &th);

      /* The two paths must make the same picture size, or the floor is other work. */
      if (sw != fw || sh != fh || th != FIT_HEIGHT || tw >= th)
        g_error ("sizes differ: stipple %dx%d, floor %dx%d, turned %dx%d",
                 sw, sh, fw, fh, tw, th);
      if (r < 0)
        continue;

      g_array_append_val (stipple_times, s);
      g_array_append_val (floor_times, f);
      g_array_append_val (turned_times, t);
    }

  {
    double floor_median = bench_median (floor_times);

    bench_print ("photo-open", bench_median (stipple_times), floor_median, "ms");
    bench_print ("photo-open-turned", bench_median (turned_times), floor_median, "ms");
  }

  bench_remove_tree (dir);
  return 0;
}
