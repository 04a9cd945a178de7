/* bench-sketch.c: the sketch canvas's frame cost while drawing, and saving and loading
 * a large sketch.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-sketch canvas-frame: 2,000 committed strokes (about 100,000 points) on a
 *   1920x1080 view. One frame while the pen moves is a blit of the render cache plus the
 *   live stroke; the floor is a full re-render of all strokes in the same run. Also
 *   canvas-drag-frame: a frame while one committed stroke is dragged (history edit,
 *   partial cache redraw, blit).
 * bench-sketch sketch-load: saving that sketch to JSON and loading it back (every field
 *   validated). The open's floor is the JSON reader alone on the same bytes (no checks,
 *   no model); json-glib's parse of those bytes is printed as a comment for comparison.
 */

#define G_LOG_DOMAIN "bench-sketch"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>
#include <stipple/stipple.h>

#include "bench-util.h"
#include "stp-sketch-json-private.h"

#define WIDTH 1920
#define HEIGHT 1080
#define N_STROKES 2000
#define N_POINTS 50

/* Strokes like a consultant's: short pressure-varying random walks all over the photo. */
static StpSketch *
make_sketch (void)
{
  StpSketch *sketch = stp_sketch_new (WIDTH, HEIGHT);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);

  for (int s = 0; s < N_STROKES; s++)
    {
      StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
      double x = g_rand_double_range (rand, 50, WIDTH - 50);
      double y = g_rand_double_range (rand, 50, HEIGHT - 50);
      double angle = g_rand_double_range (rand, 0, 2 * G_PI);

      item->layer = s % 3 == 0 ? STP_SKETCH_LAYER_AREAS : STP_SKETCH_LAYER_HAIRLINE;
      for (int i = 0; i < N_POINTS; i++)
        {
          angle += g_rand_double_range (rand, -0.3, 0.3);
          x += cos (angle) * 3;
          y += sin (angle) * 3;
          stp_sketch_item_add_point (item, x, y, 0.3 + 0.7 * sin (i * G_PI / N_POINTS));
        }
      stp_sketch_insert_item (sketch, -1, item);
    }
  return sketch;
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
bench_canvas_frame (void)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(StpSketchRenderCache) cache = stp_sketch_render_cache_new (sketch);
  g_autoptr(StpSketchItem) live = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  cairo_surface_t *target = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, WIDTH, HEIGHT);
  StpSketchView view;
  double frame, floor_ms;

  g_assert (stp_sketch_get_n_points (sketch) == N_STROKES * N_POINTS);
  stp_sketch_view_init (&view);
  stp_sketch_view_fit (&view, WIDTH, HEIGHT, WIDTH, HEIGHT, 0);

  /* The full re-render: what every frame would cost without the cache. */
  for (int i = 0; i < 12; i++)
    {
      double t0 = now_ms (), t;
      cairo_t *cr = cairo_create (target);

      cairo_set_operator (cr, CAIRO_OPERATOR_CLEAR);
      cairo_paint (cr);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      stp_sketch_render_items (sketch, cr, &view, NULL);
      cairo_destroy (cr);
      cairo_surface_flush (target);
      t = now_ms () - t0;
      if (i >= 2)
        g_array_append_val (full, t);
    }

  /* The cache is built once (its cost is a full render), then each frame blits it and
   * draws the live stroke, which grows by a point per frame like a pen moving. */
  stp_sketch_render_cache_update (cache, &view, WIDTH, HEIGHT);
  for (int i = 0; i < 300; i++)
    {
      double t0, t;
      cairo_t *cr;

      stp_sketch_item_add_point (live, 400 + i * 2.0, 500 + 80 * sin (i / 20.0), 0.8);
      t0 = now_ms ();
      cr = cairo_create (target);
      cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
      stp_sketch_render_cache_draw (cache, cr, &view, WIDTH, HEIGHT);
      cairo_set_operator (cr, CAIRO_OPERATOR_OVER);
      stp_sketch_render_item (sketch, cr, &view, live, 1.0);
      cairo_destroy (cr);
      cairo_surface_flush (target);
      t = now_ms () - t0;
      if (i >= 10)
        g_array_append_val (frames, t);
    }
  g_assert (stp_sketch_render_cache_get_n_full_redraws (cache) == 1);

  frame = bench_median (frames);
  floor_ms = bench_median (full);
  bench_print ("canvas-frame", frame, floor_ms, "ms");

  /* Dragging one committed stroke: each motion is a history edit (coalesced into one
   * step), a partial redraw of the cache where the stroke was and is, and the blit. */
  {
    g_autoptr(StpSketchHistory) history = stp_sketch_history_new (sketch);
    g_autoptr(GArray) drags = g_array_new (FALSE, FALSE, sizeof (double));
    guint32 id = stp_sketch_get_item (sketch, N_STROKES / 2)->id;

    stp_sketch_history_begin_group (history, "Move");
    for (int i = 0; i < 100; i++)
      {
        double t0 = now_ms (), t;
        cairo_t *cr;

        stp_sketch_history_move_items (history, &id, 1, 1.0, 0.5);
        cr = cairo_create (target);
        cairo_set_operator (cr, CAIRO_OPERATOR_SOURCE);
        stp_sketch_render_cache_draw (cache, cr, &view, WIDTH, HEIGHT);
        cairo_destroy (cr);
        cairo_surface_flush (target);
        t = now_ms () - t0;
        g_array_append_val (drags, t);
      }
    stp_sketch_history_end_group (history);
    g_assert (stp_sketch_history_get_n_undo (history) == 1);
    bench_print ("canvas-drag-frame", bench_median (drags), floor_ms, "ms");
  }
  cairo_surface_destroy (target);
  return 0;
}

static int
bench_sketch_load (void)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(GArray) saves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) loads = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) parses = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) glib_parses = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) totals = g_array_new (FALSE, FALSE, sizeof (double));
  double save_ms, load_ms, parse_ms;
  gsize length = 0;

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *json = NULL;
      g_autoptr(StpSketch) loaded = NULL;
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      g_autoptr(SjValue) root = NULL;
      SjError code;
      guint line;
      double t0, t1, t2, t3, t4, save, load, glib_ms;

      t0 = now_ms ();
      json = stp_sketch_to_json (sketch, &length);
      t1 = now_ms ();
      loaded = stp_sketch_new_from_json (json, length, &error);
      t2 = now_ms ();
      g_assert_no_error (error);
      if (!stp_sketch_equal (loaded, sketch))
        {
          g_printerr ("bench-sketch: the loaded sketch differs from the saved one\n");
          return 1;
        }
      t3 = now_ms ();
      root = _sj_parse (json, length, 6, &code, &line);
      parse_ms = now_ms () - t3;
      g_assert (root != NULL);
      t4 = now_ms ();
      json_parser_load_from_data (parser, json, length, &error);
      g_assert_no_error (error);
      glib_ms = now_ms () - t4;
      if (i < 2)
        continue;
      save = t1 - t0;
      load = t2 - t1;
      g_array_append_val (saves, save);
      g_array_append_val (loads, load);
      g_array_append_val (parses, parse_ms);
      g_array_append_val (glib_parses, glib_ms);
      save += load;
      g_array_append_val (totals, save);
    }
  save_ms = bench_median (saves);
  load_ms = bench_median (loads);
  parse_ms = bench_median (parses);
  printf ("# %d strokes, %u points, %" G_GSIZE_FORMAT " bytes of JSON\n", N_STROKES,
          N_STROKES * N_POINTS, length);
  printf ("# json-glib parsing the same bytes: %.2f ms\n", bench_median (glib_parses));
  bench_print ("sketch-save", save_ms, 0, "ms");
  bench_print ("sketch-open", load_ms, parse_ms, "ms");
  bench_print ("sketch-load", bench_median (totals), 0, "ms");
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 2 && strcmp (argv[1], "canvas-frame") == 0)
    return bench_canvas_frame ();
  if (argc == 2 && strcmp (argv[1], "sketch-load") == 0)
    return bench_sketch_load ();
  g_printerr ("usage: bench-sketch canvas-frame|sketch-load\n");
  return 2;
}
