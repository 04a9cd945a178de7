/* bench-preview.c: the SMP preview on a full scalp of 200,000 dots over a 1920x1080 photo.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-preview render: compositing the dots over the photo (stp_preview_render) beside
 *   drawing the same dots naively, one cairo arc and fill each, on the same photo in the
 *   same run: prints "bench preview-render: X ms (floor Y ms, ratio Z)", medians.
 * bench-preview generate: generating the dots of the scalp region (with a soft hairline
 *   along its front): prints "bench preview-generate: X ms", the median.
 * Options: --rounds N.
 */

#define G_LOG_DOMAIN "bench-preview"

#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <stipple/stipple.h>

#include "bench-util.h"

#define WIDTH 1920
#define HEIGHT 1080
#define TARGET_DOTS 200000

/* A scalp seen from above and in front: an ellipse filling most of the photo, its front
 * edge the hairline. */
static StpSketch *
scalp_sketch (double density)
{
  StpSketch *sketch = stp_sketch_new (WIDTH, HEIGHT);
  StpSketchItem *region = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  StpSketchItem *curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  g_autoptr(GError) error = NULL;

  for (int i = 0; i < 64; i++)
    {
      double a = 2 * G_PI * i / 64;
      stp_sketch_item_add_point (region, 960 + 880 * cos (a), 540 + 500 * sin (a), 1);
    }
  region->density = density;
  stp_sketch_item_set_shade (region, "charcoal 1:10");
  stp_sketch_insert_item (sketch, -1, region);

  /* The front hairline: the lower arc of the ellipse, a little inside it. */
  for (int i = 0; i <= 6; i++)
    {
      double a = G_PI * (0.15 + 0.7 * i / 6.0);
      double x = 960 + 860 * cos (a), y = 540 + 480 * sin (a);
      StpSketchNode node = { x, y, x, y, x, y };
      stp_sketch_item_add_node (curve, &node);
    }
  stp_sketch_item_auto_handles (curve, FALSE);
  stp_sketch_insert_item (sketch, -1, curve);

  /* About 0.25 mm per pixel: the ellipse is then some 700 cm², a whole scalp. */
  if (!stp_sketch_set_calibration (sketch, 0, 0, 400, 0, 100, &error))
    g_error ("calibration: %s", error->message);
  return sketch;
}

static StpPreviewDots *
generate (StpSketch *sketch,
          double    *ms)
{
  g_autoptr(GError) error = NULL;
  StpPreviewParams params;
  StpPreviewDots *dots;
  gint64 start;

  stp_preview_params_init (&params);
  start = g_get_monotonic_time ();
  dots = stp_preview_generate (sketch, &params, NULL, &error);
  if (ms != NULL)
    *ms = (g_get_monotonic_time () - start) / 1000.0;
  if (dots == NULL)
    g_error ("generate: %s", error->message);
  return dots;
}

/* The density that gives TARGET_DOTS on the scalp (the hairline band thins some). */
static StpSketch *
scalp_for_target (void)
{
  g_autoptr(StpSketch) probe = scalp_sketch (250);
  g_autoptr(StpPreviewDots) dots = generate (probe, NULL);
  double density = 250.0 * TARGET_DOTS / dots->n_dots;

  return scalp_sketch (MIN (density, STP_SKETCH_MAX_DENSITY));
}

/* A photo-like background: skin tones with some texture, so blending has work to do. */
static cairo_surface_t *
photo_surface (void)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  guint8 *data = cairo_image_surface_get_data (surface);
  int stride = cairo_image_surface_get_stride (surface);

  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint32 r = 200 + ((x * 7 + y * 3) % 23), g = 160 + (y % 17), b = 135 + (x % 11);
        ((guint32 *)(data + y * stride))[x] = 0xff000000u | (r << 16) | (g << 8) | b;
      }
  cairo_surface_mark_dirty (surface);
  return surface;
}

static void
restore (cairo_surface_t *target,
         cairo_surface_t *photo)
{
  cairo_surface_flush (target);
  memcpy (cairo_image_surface_get_data (target), cairo_image_surface_get_data (photo),
          (gsize)cairo_image_surface_get_stride (photo) * HEIGHT);
  cairo_surface_mark_dirty (target);
}

static int
bench_render (int rounds)
{
  g_autoptr(StpSketch) sketch = scalp_for_target ();
  g_autoptr(StpPreviewDots) dots = generate (sketch, NULL);
  g_autoptr(GArray) fast = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) naive = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *photo = photo_surface ();
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_RGB24, WIDTH, HEIGHT);
  double mean_radius = 0;

  for (guint k = 0; k < dots->n_dots; k++)
    mean_radius += dots->radius[k] / dots->n_dots;
  g_printerr ("%u dots, mean radius %.2f px\n", dots->n_dots, mean_radius);

  /* Alternate the two so that both see the same machine load. */
  for (int i = 0; i < rounds + 1; i++)
    {
      gint64 start;
      double ms;
      cairo_t *cr;

      restore (target, photo);
      start = g_get_monotonic_time ();
      stp_preview_render (dots, target, NULL);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      if (i > 0)
        g_array_append_val (fast, ms);

      restore (target, photo);
      cr = cairo_create (target);
      start = g_get_monotonic_time ();
      stp_preview_render_naive (dots, cr);
      cairo_surface_flush (target);
      ms = (g_get_monotonic_time () - start) / 1000.0;
      cairo_destroy (cr);
      if (i > 0)
        g_array_append_val (naive, ms);
    }

  bench_print ("preview-render", bench_median (fast), bench_median (naive), "ms");
  cairo_surface_destroy (photo);
  cairo_surface_destroy (target);
  return 0;
}

static int
bench_generate (int rounds)
{
  g_autoptr(StpSketch) sketch = scalp_for_target ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = 0;

  for (int i = 0; i < rounds + 1; i++)
    {
      double ms;
      g_autoptr(StpPreviewDots) dots = generate (sketch, &ms);

      n = dots->n_dots;
      if (i > 0)
        g_array_append_val (times, ms);
    }
  g_printerr ("%u dots\n", n);
  bench_print ("preview-generate", bench_median (times), 0, "ms");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  int rounds = 15;

  if (argc < 2)
    {
      g_printerr ("usage: bench-preview render|generate [--rounds N]\n");
      return 2;
    }
  if (argc >= 4 && g_str_equal (argv[2], "--rounds"))
    rounds = MAX (atoi (argv[3]), 1);

  if (g_str_equal (argv[1], "render"))
    return bench_render (rounds);
  if (g_str_equal (argv[1], "generate"))
    return bench_generate (rounds);
  g_printerr ("unknown benchmark %s\n", argv[1]);
  return 2;
}
