/* test-preview-view.c: the preview widget over a photo: dots darken the treatment area
 * and nothing else, and the split shows the photo as it was on the "before" side.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "stp-preview-view.h"
#include "ui-test-util.h"

#define PHOTO_W 400
#define PHOTO_H 300
#define SKIN_R 222
#define SKIN_G 180
#define SKIN_B 150

typedef struct
{
  GtkWidget      *window;
  StpPreviewView *view;
  StpSketch      *sketch;
  GdkPixbuf      *photo;
  int             k;         /* the photo and drawing are k times PHOTO_W x PHOTO_H */
} Fixture;

/* data: the scale of the photo (NULL: 1), to try photos larger than the view shows. */
static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  StpSketchItem *region = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  g_autoptr(GError) error = NULL;
  int k = data != NULL ? GPOINTER_TO_INT (data) : 1;

  f->k = k;
  f->photo = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, PHOTO_W * k, PHOTO_H * k);
  gdk_pixbuf_fill (f->photo, ((guint32)SKIN_R << 24) | (SKIN_G << 16) | (SKIN_B << 8) | 0xff);

  /* 0.1 mm per shown pixel whatever the photo's size, so the dots look the same. */
  f->sketch = stp_sketch_new (PHOTO_W * k, PHOTO_H * k);
  g_assert_true (stp_sketch_set_calibration (f->sketch, 0, 0, 100 * k, 0, 10, &error));
  stp_sketch_item_add_point (region, 100 * k, 80 * k, 1);
  stp_sketch_item_add_point (region, 300 * k, 80 * k, 1);
  stp_sketch_item_add_point (region, 300 * k, 220 * k, 1);
  stp_sketch_item_add_point (region, 100 * k, 220 * k, 1);
  region->density = 200;
  stp_sketch_item_set_shade (region, "black");
  g_assert_cmpuint (stp_sketch_insert_item (f->sketch, -1, region), !=, 0);

  f->view = STP_PREVIEW_VIEW (stp_preview_view_new ());
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 800, 600);
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  stp_preview_view_set_sketch (f->view, f->sketch, f->photo);
  gtk_window_present (GTK_WINDOW (f->window));
  WAIT_UNTIL (stp_preview_view_is_ready (f->view));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->sketch);
  g_clear_object (&f->photo);
}

/* The view as the cairo renderer draws it, as premultiplied ARGB32 pixels. */
typedef struct
{
  int     width, height;
  gsize   stride;
  guint8 *data;
} Shot;

static void
take_shot (Fixture *f,
           Shot    *shot)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderer) renderer = gsk_cairo_renderer_new ();
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  gtk_test_widget_wait_for_draw (f->window);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->view));
  shot->width = gtk_widget_get_width (GTK_WIDGET (f->view));
  shot->height = gtk_widget_get_height (GTK_WIDGET (f->view));
  gdk_paintable_snapshot (paintable, snapshot, shot->width, shot->height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  g_assert_true (gsk_renderer_realize (renderer, gtk_native_get_surface (GTK_NATIVE (f->window)),
                                       &error));
  g_assert_no_error (error);
  texture = gsk_renderer_render_texture (renderer, node, NULL);
  gsk_renderer_unrealize (renderer);
  shot->width = gdk_texture_get_width (texture);
  shot->height = gdk_texture_get_height (texture);
  shot->stride = shot->width * 4;
  shot->data = g_malloc (shot->stride * shot->height);
  gdk_texture_download (texture, shot->data, shot->stride);
}

/* The pixel of the view's picture showing photo pixel (px, py) of the photo at scale 1. */
static void
photo_to_window (Fixture *f,
                 double   px,
                 double   py,
                 int     *wx,
                 int     *wy)
{
  GtkWidget *area = gtk_widget_get_last_child (GTK_WIDGET (f->view));
  StpSketchView view;
  double ax, ay, x, y;

  g_assert_true (GTK_IS_DRAWING_AREA (area));
  g_assert_true (gtk_widget_translate_coordinates (area, GTK_WIDGET (f->view), 0, 0, &ax, &ay));
  stp_sketch_view_init (&view);
  stp_sketch_view_fit (&view, PHOTO_W * f->k, PHOTO_H * f->k, gtk_widget_get_width (area),
                       gtk_widget_get_height (area), 0);
  stp_sketch_view_to_widget (&view, px * f->k, py * f->k, &x, &y);
  *wx = (int)floor (ax + x);
  *wy = (int)floor (ay + y);
}

static void
shot_rgb (const Shot *shot,
          int         x,
          int         y,
          int        *r,
          int        *g,
          int        *b)
{
  guint32 v;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, shot->width);
  g_assert_cmpint (y, <, shot->height);
  v = *(const guint32 *)(shot->data + y * shot->stride + 4 * x);
  *r = (v >> 16) & 0xff;
  *g = (v >> 8) & 0xff;
  *b = v & 0xff;
}

static gboolean
is_skin (int r,
         int g,
         int b)
{
  return ABS (r - SKIN_R) <= 2 && ABS (g - SKIN_G) <= 2 && ABS (b - SKIN_B) <= 2;
}

/* Over the photo rectangle [x0, x1) x [y0, y1), in steps of 3 photo pixels: how many
 * window pixels show the skin as it is, and how many are darker. */
static void
survey (Fixture    *f,
        const Shot *shot,
        double      x0,
        double      y0,
        double      x1,
        double      y1,
        guint      *same,
        guint      *darker)
{
  *same = *darker = 0;
  for (double py = y0; py < y1; py += 3)
    for (double px = x0; px < x1; px += 3)
      {
        int wx, wy, r, g, b;

        photo_to_window (f, px, py, &wx, &wy);
        shot_rgb (shot, wx, wy, &r, &g, &b);
        if (is_skin (r, g, b))
          (*same)++;
        else if (r + g + b < SKIN_R + SKIN_G + SKIN_B - 20)
          (*darker)++;
      }
}

/* All "after": the area is visibly darker in many places; outside it the photo is as
 * it was. */
static void
test_after (Fixture       *f,
            gconstpointer  data)
{
  Shot shot;
  guint same, darker;

  g_assert_nonnull (stp_preview_view_get_dots (f->view));
  g_assert_cmpuint (stp_preview_view_get_dots (f->view)->n_dots, >, 500);
  g_assert_null (stp_preview_view_get_error (f->view));
  stp_preview_view_set_split (f->view, 0.0);
  take_shot (f, &shot);

  survey (f, &shot, 110, 90, 290, 210, &same, &darker);
  g_test_message ("inside: %u as the photo, %u darker", same, darker);
  g_assert_cmpuint (darker, >, (same + darker) / 10);

  /* Outside the region, clear of a dot's edge (and below the "After" tag at the top). */
  survey (f, &shot, 10, 30, 390, 62, &same, &darker);
  g_assert_cmpuint (darker, ==, 0);
  g_assert_cmpuint (same, >, 0);
  survey (f, &shot, 10, 240, 390, 290, &same, &darker);
  g_assert_cmpuint (darker, ==, 0);
  g_free (shot.data);
}

/* All "before": the original photo, region and all; then halfway: the photo on the
 * left, the preview on the right. */
static void
test_split (Fixture       *f,
            gconstpointer  data)
{
  Shot shot;
  guint same, darker;

  stp_preview_view_set_split (f->view, 1.0);
  take_shot (f, &shot);
  survey (f, &shot, 110, 90, 290, 210, &same, &darker);
  g_assert_cmpuint (darker, ==, 0);
  g_free (shot.data);

  stp_preview_view_set_split (f->view, 0.5);   /* photo x = 200 */
  take_shot (f, &shot);
  survey (f, &shot, 110, 90, 190, 210, &same, &darker);
  g_assert_cmpuint (darker, ==, 0);
  survey (f, &shot, 210, 90, 290, 210, &same, &darker);
  g_assert_cmpuint (darker, >, (same + darker) / 10);
  g_free (shot.data);
}

/* What a key press on the picture does, through its key controller as GTK would. */
static void
press_key (Fixture *f,
           guint    keyval)
{
  GtkWidget *area = gtk_widget_get_last_child (GTK_WIDGET (f->view));
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (area);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
        g_signal_emit_by_name (controller, "key-pressed", keyval, 0, 0, &handled);
    }
  g_assert_true (handled);
}

/* Left and Right move the divider a twentieth of the photo; Home and End to the ends. */
static void
test_keys (Fixture       *f,
           gconstpointer  data)
{
  GtkWidget *area = gtk_widget_get_last_child (GTK_WIDGET (f->view));

  g_assert_true (gtk_widget_get_focusable (area));
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 0.5, 1e-9);
  press_key (f, GDK_KEY_Right);
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 0.55, 1e-9);
  press_key (f, GDK_KEY_Left);
  press_key (f, GDK_KEY_Left);
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 0.45, 1e-9);
  press_key (f, GDK_KEY_Home);
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 0.0, 1e-9);
  press_key (f, GDK_KEY_Left);
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 0.0, 1e-9);
  press_key (f, GDK_KEY_End);
  g_assert_cmpfloat_with_epsilon (stp_preview_view_get_split (f->view), 1.0, 1e-9);
}

/* A sketch edit updates the preview: a new region gets dots of its own. */
static void
test_follows_sketch (Fixture       *f,
                     gconstpointer  data)
{
  StpSketchItem *region = stp_sketch_item_new (STP_SKETCH_ITEM_REGION);
  guint before = stp_preview_view_get_dots (f->view)->n_dots;

  stp_sketch_item_add_point (region, 320, 20, 1);
  stp_sketch_item_add_point (region, 390, 20, 1);
  stp_sketch_item_add_point (region, 390, 280, 1);
  stp_sketch_item_add_point (region, 320, 280, 1);
  region->density = 200;
  stp_sketch_insert_item (f->sketch, -1, region);
  stp_sketch_emit_changed (f->sketch, STP_SKETCH_CHANGE_ITEMS, NULL);
  WAIT_UNTIL (stp_preview_view_is_ready (f->view) &&
              stp_preview_view_get_dots (f->view)->n_dots > before);

  /* A lighter session has fewer dots. */
  before = stp_preview_view_get_dots (f->view)->n_dots;
  stp_preview_view_set_session (f->view, STP_PREVIEW_SESSION_1);
  WAIT_UNTIL (stp_preview_view_is_ready (f->view) &&
              stp_preview_view_get_dots (f->view)->n_dots < before);
}

/* The controls wrap rather than widen the window: in a sketch page beside the client
 * list, a wide toolbar made the list fold away in a 1,100 px window. */
static void
test_narrow (Fixture       *f,
             gconstpointer  data)
{
  GtkWidget *toolbar = gtk_widget_get_first_child (GTK_WIDGET (f->view));
  int minimum = 0, one_line;

  gtk_widget_measure (GTK_WIDGET (f->view), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 420);

  /* Wide: one line of controls. Narrow: the same controls on more lines, in the window. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 600);
  WAIT_UNTIL (gtk_widget_get_width (f->window) >= 1280);
  WAIT_UNTIL (gtk_widget_get_width (toolbar) >= 1200);
  one_line = gtk_widget_get_height (toolbar);
  g_assert_cmpint (one_line, >, 0);

  gtk_window_set_default_size (GTK_WINDOW (f->window), 440, 600);
  WAIT_UNTIL (gtk_widget_get_width (f->window) <= 440);
  WAIT_UNTIL (gtk_widget_get_width (toolbar) <= 440);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->view)), <=, 440);
  g_assert_cmpint (gtk_widget_get_height (toolbar), >, one_line);
  WAIT_UNTIL (stp_preview_view_is_ready (f->view));
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/ui/preview-view/after", Fixture, NULL, fixture_setup, test_after,
              fixture_teardown);
  g_test_add ("/ui/preview-view/split", Fixture, NULL, fixture_setup, test_split,
              fixture_teardown);
  /* 4000 x 3000: shown from a smaller copy of the photo. */
  g_test_add ("/ui/preview-view/large-photo", Fixture, GINT_TO_POINTER (10), fixture_setup,
              test_after, fixture_teardown);
  g_test_add ("/ui/preview-view/keys", Fixture, NULL, fixture_setup, test_keys,
              fixture_teardown);
  g_test_add ("/ui/preview-view/follows-sketch", Fixture, NULL, fixture_setup,
              test_follows_sketch, fixture_teardown);
  g_test_add ("/ui/preview-view/narrow", Fixture, NULL, fixture_setup, test_narrow,
              fixture_teardown);

  return g_test_run ();
}
