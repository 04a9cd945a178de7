/* bench-canvas.c: one frame of the real sketch canvas widget over a photo.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * bench-canvas canvas-widget-frame: the StpSketchCanvas widget at 1920x1080 over a photo
 *   of that size with 2,000 committed strokes (about 100,000 points): its snapshot (photo
 *   and render cache blitted in one cairo node, overlays) rendered by GSK's cairo
 *   renderer into a texture, as a frame is drawn while nothing but the pen moves. The
 *   floor is the photo alone as a texture node rendered the same way (what GtkPicture, a
 *   plain photo viewer, pays). Also canvas-widget-commit-frame: the frame
 *   after a short stroke is committed (undo step, partial cache redraw, then the same).
 *   (bench-sketch's canvas-frame measures the core's cache and live stroke by itself.)
 */

#define G_LOG_DOMAIN "bench-canvas"

#include "config.h"

#include <string.h>

#include <gtk/gtk.h>
#include <stipple/stipple.h>

#include "bench-util.h"
#include "stp-sketch-canvas.h"

#define WIDTH 1920
#define HEIGHT 1080
#define N_STROKES 2000
#define N_POINTS 50
#define N_FRAMES 60

static void
add_stroke (StpSketch *sketch,
            GRand     *rand,
            int        n)
{
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  double x = g_rand_double_range (rand, 50, WIDTH - 50);
  double y = g_rand_double_range (rand, 50, HEIGHT - 50);
  double angle = g_rand_double_range (rand, 0, 2 * G_PI);

  item->layer = n % 3 == 0 ? STP_SKETCH_LAYER_AREAS : STP_SKETCH_LAYER_HAIRLINE;
  for (int i = 0; i < N_POINTS; i++)
    {
      angle += g_rand_double_range (rand, -0.3, 0.3);
      x += cos (angle) * 3;
      y += sin (angle) * 3;
      stp_sketch_item_add_point (item, x, y, 0.3 + 0.7 * sin (i * G_PI / N_POINTS));
    }
  stp_sketch_insert_item (sketch, -1, item);
}

static GdkTexture *
make_photo (void)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, WIDTH, HEIGHT);
  guint8 *pixels = gdk_pixbuf_get_pixels (pixbuf);
  int stride = gdk_pixbuf_get_rowstride (pixbuf);

  /* Skin-like tones that vary, so nothing compresses to a flat colour. */
  for (int y = 0; y < HEIGHT; y++)
    for (int x = 0; x < WIDTH; x++)
      {
        guint8 *p = pixels + y * stride + x * 3;
        p[0] = 150 + (x * 7 + y * 3) % 80;
        p[1] = 110 + (x * 5 + y * 11) % 60;
        p[2] = 90 + (x * 13 + y * 2) % 50;
      }
  return gdk_texture_new_for_pixbuf (pixbuf);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

/* Snapshot and render one frame of widget (or of texture alone when widget is NULL). */
static double
render_frame (GskRenderer *renderer,
              GtkWidget   *widget,
              GdkTexture  *texture)
{
  graphene_rect_t viewport = GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT);
  GtkSnapshot *snapshot;
  GskRenderNode *node;
  GdkTexture *frame;
  double t0 = now_ms ();

  snapshot = gtk_snapshot_new ();
  if (widget != NULL)
    GTK_WIDGET_GET_CLASS (widget)->snapshot (widget, snapshot);
  else
    gtk_snapshot_append_texture (snapshot, texture, &viewport);
  node = gtk_snapshot_free_to_node (snapshot);
  frame = gsk_renderer_render_texture (renderer, node, &viewport);
  g_object_unref (frame);
  gsk_render_node_unref (node);
  return now_ms () - t0;
}

static int
bench_canvas_widget_frame (void)
{
  g_autoptr (StpSketch) sketch = stp_sketch_new (WIDTH, HEIGHT);
  g_autoptr (StpSketchHistory) history = NULL;
  g_autoptr (GdkTexture) photo = make_photo ();
  g_autoptr (GRand) rand = g_rand_new_with_seed (42);
  g_autoptr (GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) commits = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GArray) floors = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr (GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr (GError) error = NULL;
  GtkWidget *window, *canvas;
  double floor_ms;

  for (int s = 0; s < N_STROKES; s++)
    add_stroke (sketch, rand, s);
  history = stp_sketch_history_new (sketch);

  canvas = stp_sketch_canvas_new ();
  stp_sketch_canvas_set_history (STP_SKETCH_CANVAS (canvas), history);
  stp_sketch_canvas_set_photo (STP_SKETCH_CANVAS (canvas), photo);
  window = gtk_window_new ();
  gtk_window_set_decorated (GTK_WINDOW (window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), canvas);
  gtk_window_present (GTK_WINDOW (window));
  while (gtk_widget_get_width (canvas) < WIDTH / 2)
    g_main_context_iteration (NULL, TRUE);
  /* At 100 %, the photo filling the view as in the core's benchmark. */
  stp_sketch_canvas_zoom_actual (STP_SKETCH_CANVAS (canvas));

  if (!gsk_renderer_realize (renderer, NULL, &error))
    {
      g_printerr ("No renderer: %s\n", error->message);
      return 1;
    }

  /* The first frame fills the cache. */
  render_frame (renderer, canvas, NULL);
  for (int i = 0; i < N_FRAMES; i++)
    {
      double t = render_frame (renderer, canvas, NULL);
      double f = render_frame (renderer, NULL, photo);

      g_array_append_val (frames, t);
      g_array_append_val (floors, f);
    }

  for (int i = 0; i < N_FRAMES; i++)
    {
      StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
      double x = g_rand_double_range (rand, 100, WIDTH - 100);
      double y = g_rand_double_range (rand, 100, HEIGHT - 100);
      double t0 = now_ms (), t;

      for (int k = 0; k < 20; k++)
        stp_sketch_item_add_point (item, x + k * 3, y + k, 1.0);
      stp_sketch_history_add_item (history, item);
      t = now_ms () - t0 + render_frame (renderer, canvas, NULL);
      g_array_append_val (commits, t);
    }

  floor_ms = bench_median (floors);
  bench_print ("canvas-widget-frame", bench_median (frames), floor_ms, "ms");
  bench_print ("canvas-widget-commit-frame", bench_median (commits), floor_ms, "ms");

  gsk_renderer_unrealize (renderer);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  gtk_init ();

  if (argc == 2 && strcmp (argv[1], "canvas-widget-frame") == 0)
    return bench_canvas_widget_frame ();
  g_printerr ("usage: bench-canvas canvas-widget-frame\n");
  return 2;
}
