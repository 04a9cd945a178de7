/* test-sketch-canvas.c: the sketch editor in the real window, driven by real pointer and
 * key input through xdotool on the X display; saving, reloading and exporting a version.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-sketch-canvas"

#include "ui-window-fixture.h"

#include <math.h>

#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "stp-sketch-versions.h"

static GtkWidget *find_widget (GtkWidget *root,
                               GType      type);

static gboolean
have_x11_and_xdotool (Fixture *f)
{
#ifdef GDK_WINDOWING_X11
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");

  return xdotool != NULL && GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (f->window)));
#else
  return FALSE;
#endif
}

static void
wait_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  *done = TRUE;
}

/* Runs xdotool with args while the main loop keeps running, so GTK sees each event as
 * it comes (a blocking run would hand it the whole drag at once). */
static void
xdotool (const char *args)
{
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_auto (GStrv) argv = NULL;
  g_autoptr (GSubprocess) process = NULL;
  g_autoptr (GError) error = NULL;
  gboolean done = FALSE;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  process = g_subprocess_newv ((const char * const *) argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);

  g_subprocess_wait_async (process, NULL, wait_done_cb, &done);
  WAIT_UNTIL (done);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

/* Where a canvas point is in the window's X surface, for xdotool's --window moves. */
static void
canvas_to_surface (Fixture *f,
                   double   x,
                   double   y,
                   int     *sx,
                   int     *sy)
{
  StpSketchCanvas *canvas = stp_sketch_page_get_canvas (stp_window_get_sketch_page (f->window));
  graphene_point_t in = GRAPHENE_POINT_INIT (x, y), out;
  double dx, dy;

  g_assert_true (gtk_widget_compute_point (GTK_WIDGET (canvas), GTK_WIDGET (f->window),
                                           &in, &out));
  /* The surface is larger than the window by its shadow (client-side decorations). */
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &dx, &dy);
  *sx = (int) round (out.x + dx);
  *sy = (int) round (out.y + dy);
}

static gulong
window_xid (Fixture *f)
{
#ifdef GDK_WINDOWING_X11
  return gdk_x11_surface_get_xid (gtk_native_get_surface (GTK_NATIVE (f->window)));
#else
  return 0;
#endif
}

/* A drag of the primary button through points (canvas coordinates), with short pauses so
 * every move reaches the canvas as its own motion event. */
static void
drag (Fixture      *f,
      const double *points,
      guint         n_points)
{
  g_autoptr (GString) args = g_string_new (NULL);
  gulong xid = window_xid (f);

  for (guint i = 0; i < n_points; i++)
    {
      int sx, sy;

      canvas_to_surface (f, points[2 * i], points[2 * i + 1], &sx, &sy);
      g_string_append_printf (args, "mousemove --window %lu %d %d sleep 0.03 ", xid, sx, sy);
      if (i == 0)
        g_string_append (args, "mousedown 1 sleep 0.03 ");
    }
  g_string_append (args, "mouseup 1");
  xdotool (args->str);
}

static void
click (Fixture *f,
       double   x,
       double   y)
{
  g_autofree char *args = NULL;
  int sx, sy;

  canvas_to_surface (f, x, y, &sx, &sy);
  /* Far enough apart in time that two clicks never make a double-click. */
  args = g_strdup_printf ("mousemove --window %lu %d %d sleep 0.05 click 1 sleep 0.45",
                          window_xid (f), sx, sy);
  xdotool (args);
}

static void
hover (Fixture *f,
       double   x,
       double   y)
{
  g_autofree char *args = NULL;
  int sx, sy;

  canvas_to_surface (f, x, y, &sx, &sy);
  args = g_strdup_printf ("mousemove --window %lu %d %d sleep 0.1", window_xid (f), sx, sy);
  xdotool (args);
}

static void
key (const char *keysym)
{
  g_autofree char *args = g_strdup_printf ("key %s", keysym);

  xdotool (args);
}

static StpSketchPage *
open_new_sketch (Fixture *f)
{
  StpClientPage *client_page;
  StpSketchPage *page;
  StpSketchCanvas *canvas;

  activate (f, "win.new-client");
  client_page = stp_window_get_client_page (f->window);
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (
                           client_page, STP_CLIENT_FIELD_GIVEN_NAME)), "Ada");
  activate (f, "win.save-client");
  g_assert_cmpint (stp_client_page_get_client_id (client_page), >, 0);

  activate (f, "win.new-sketch");
  page = stp_window_get_sketch_page (f->window);
  canvas = stp_sketch_page_get_canvas (page);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (canvas)) &&
              gtk_widget_get_width (GTK_WIDGET (canvas)) > 200);
  gtk_test_widget_wait_for_draw (GTK_WIDGET (canvas));
  g_assert_cmpint (stp_sketch_page_get_client_id (page), ==,
                   stp_client_page_get_client_id (client_page));
  return page;
}

static void
test_canvas_pointer_and_keys (Fixture       *f,
                              gconstpointer  data)
{
  StpSketchPage *page;
  StpSketchCanvas *canvas;
  StpSketch *sketch;
  const StpSketchItem *item;
  double w, h, px, py;
  const struct { const char *key; StpSketchTool tool; } keys[] = {
    { "h", STP_SKETCH_TOOL_CURVE }, { "r", STP_SKETCH_TOOL_REGION },
    { "t", STP_SKETCH_TOOL_LABEL }, { "e", STP_SKETCH_TOOL_ERASER },
    { "v", STP_SKETCH_TOOL_SELECT }, { "m", STP_SKETCH_TOOL_MEASURE },
    { "c", STP_SKETCH_TOOL_CALIBRATE }, { "p", STP_SKETCH_TOOL_PEN },
  };

  if (!have_x11_and_xdotool (f))
    {
      g_test_skip ("Needs an X display and xdotool for real pointer input");
      return;
    }

  page = open_new_sketch (f);
  canvas = stp_sketch_page_get_canvas (page);
  sketch = stp_sketch_canvas_get_sketch (canvas);
  w = gtk_widget_get_width (GTK_WIDGET (canvas));
  h = gtk_widget_get_height (GTK_WIDGET (canvas));
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 0);

  /* The pointer over the canvas gives it the keyboard (no window manager on Xvfb). */
  click (f, w * 0.05, h * 0.05);
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  /* The first key after the pointer arrives only wakes the keyboard focus up. */
  key ("Escape");

  /* Every tool key picks its tool. */
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      key (keys[i].key);
      WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == keys[i].tool);
    }

  /* A real drag with the pen makes one stroke where the pointer went. */
  {
    const double path[] = { w * 0.30, h * 0.50, w * 0.35, h * 0.47, w * 0.42, h * 0.44,
                            w * 0.50, h * 0.42, w * 0.58, h * 0.42, w * 0.65, h * 0.45 };

    drag (f, path, G_N_ELEMENTS (path) / 2);
    WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 1);
    item = stp_sketch_get_item (sketch, 0);
    g_assert_cmpint (item->kind, ==, STP_SKETCH_ITEM_STROKE);
    g_assert_cmpuint (item->points->len, >=, 3);
    stp_sketch_view_to_photo (stp_sketch_canvas_get_view (canvas), w * 0.30, h * 0.50, &px, &py);
    g_assert_cmpfloat_with_epsilon (g_array_index (item->points, StpSketchPoint, 0).x, px,
                                    2 / stp_sketch_canvas_get_zoom (canvas));
    g_assert_cmpfloat_with_epsilon (g_array_index (item->points, StpSketchPoint, 0).y, py,
                                    2 / stp_sketch_canvas_get_zoom (canvas));
    g_assert_true (stp_sketch_page_get_modified (page));
  }

  /* Ctrl+Z takes it back; Ctrl+Shift+Z brings it again. */
  key ("ctrl+z");
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 0);
  key ("ctrl+shift+z");
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 1);

  /* Hairline curve: three clicks and Enter make one curve through the three points. */
  key ("h");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_CURVE);
  click (f, w * 0.25, h * 0.30);
  click (f, w * 0.50, h * 0.22);
  click (f, w * 0.75, h * 0.30);
  key ("Return");
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 2);
  item = stp_sketch_get_item (sketch, 1);
  g_assert_cmpint (item->kind, ==, STP_SKETCH_ITEM_CURVE);
  g_assert_cmpuint (item->nodes->len, ==, 3);
  stp_sketch_view_to_photo (stp_sketch_canvas_get_view (canvas), w * 0.50, h * 0.22, &px, &py);
  g_assert_cmpfloat_with_epsilon (g_array_index (item->nodes, StpSketchNode, 1).x, px,
                                  2 / stp_sketch_canvas_get_zoom (canvas));

  /* Region: three corners, then a click on the first closes it as a scar or area. */
  key ("r");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_REGION);
  click (f, w * 0.40, h * 0.60);
  click (f, w * 0.60, h * 0.60);
  click (f, w * 0.50, h * 0.75);
  click (f, w * 0.40, h * 0.60);
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 3);
  item = stp_sketch_get_item (sketch, 2);
  g_assert_cmpint (item->kind, ==, STP_SKETCH_ITEM_REGION);
  g_assert_cmpuint (item->points->len, ==, 3);

  /* The select tool picks the region; the options bar turns it into a scar, one step. */
  key ("v");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_SELECT);
  click (f, w * 0.50, h * 0.65);
  WAIT_UNTIL (stp_sketch_canvas_get_selected (canvas) == item->id);
  {
    GtkDropDown *role = GTK_DROP_DOWN (find_widget (GTK_WIDGET (page), GTK_TYPE_DROP_DOWN));
    guint32 id = item->id;

    g_assert_cmpuint (gtk_drop_down_get_selected (role), ==, STP_SKETCH_ROLE_TREATMENT);
    gtk_drop_down_set_selected (role, STP_SKETCH_ROLE_SCAR);
    item = stp_sketch_lookup_item (sketch, id);
    g_assert_cmpint (item->role, ==, STP_SKETCH_ROLE_SCAR);
    g_assert_cmpint (item->layer, ==, STP_SKETCH_LAYER_SCARS);
    g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 3);
    key ("ctrl+z");
    WAIT_UNTIL (stp_sketch_lookup_item (sketch, id)->role == STP_SKETCH_ROLE_TREATMENT);
    g_assert_cmpint (stp_sketch_lookup_item (sketch, id)->layer, ==, STP_SKETCH_LAYER_AREAS);
  }

  /* Label: click and type; a click on it later retypes it. */
  key ("t");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_LABEL);
  click (f, w * 0.15, h * 0.90);
  key ("S c a r Return");
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 4);
  item = stp_sketch_get_item (sketch, 3);
  g_assert_cmpint (item->kind, ==, STP_SKETCH_ITEM_LABEL);
  g_assert_cmpstr (item->text, ==, "Scar");
  {
    guint32 id = item->id;

    click (f, w * 0.15 + 5, h * 0.90 - 5);
    key ("End space L Return");
    WAIT_UNTIL (g_strcmp0 (stp_sketch_lookup_item (sketch, id)->text, "Scar L") == 0);
    g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 4);
    key ("ctrl+z");
    WAIT_UNTIL (g_strcmp0 (stp_sketch_lookup_item (sketch, id)->text, "Scar") == 0);
    key ("ctrl+z");
    WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 3);
  }

  /* Mirror on (Shift+M): one pen drag adds the stroke and its mirror image. */
  key ("shift+m");
  WAIT_UNTIL (stp_sketch_canvas_get_mirror (canvas));
  key ("p");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_PEN);
  {
    const double path[] = { w * 0.20, h * 0.80, w * 0.25, h * 0.82, w * 0.30, h * 0.85 };

    drag (f, path, G_N_ELEMENTS (path) / 2);
    WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 5);
  }
  /* One step undoes both sides. */
  key ("ctrl+z");
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 3);

  /* The eraser removes a whole item under a click. */
  key ("e");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_ERASER);
  click (f, w * 0.50, h * 0.42);
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 2);
  g_assert_cmpint (stp_sketch_get_item (sketch, 0)->kind, ==, STP_SKETCH_ITEM_CURVE);

  /* Space held while dragging pans instead of drawing; so does the middle button. */
  key ("p");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_PEN);
  {
    const double path[] = { w * 0.5, h * 0.5, w * 0.5 + 20, h * 0.5 + 10,
                            w * 0.5 + 40, h * 0.5 + 20 };
    double ox = stp_sketch_canvas_get_view (canvas)->offset_x;
    double oy = stp_sketch_canvas_get_view (canvas)->offset_y;
    guint n = stp_sketch_get_n_items (sketch);
    g_autofree char *args = NULL;
    int sx, sy;

    xdotool ("keydown space");
    drag (f, path, G_N_ELEMENTS (path) / 2);
    xdotool ("keyup space");
    WAIT_UNTIL (fabs (stp_sketch_canvas_get_view (canvas)->offset_x - (ox + 40)) < 1.5);
    g_assert_cmpfloat_with_epsilon (stp_sketch_canvas_get_view (canvas)->offset_y, oy + 20, 1.5);
    g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, n);

    canvas_to_surface (f, w * 0.5, h * 0.5, &sx, &sy);
    args = g_strdup_printf ("mousemove --window %lu %d %d sleep 0.03 mousedown 2 sleep 0.03 "
                            "mousemove --window %lu %d %d sleep 0.03 "
                            "mousemove --window %lu %d %d sleep 0.03 mouseup 2",
                            window_xid (f), sx, sy, window_xid (f), sx - 15, sy - 5,
                            window_xid (f), sx - 30, sy - 10);
    xdotool (args);
    WAIT_UNTIL (fabs (stp_sketch_canvas_get_view (canvas)->offset_x - (ox + 10)) < 1.5);
    g_assert_cmpfloat_with_epsilon (stp_sketch_canvas_get_view (canvas)->offset_y, oy + 10, 1.5);
    g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, n);
  }

  /* Zoom keys: + zooms in, 0 fits again. */
  {
    double fit = stp_sketch_canvas_get_zoom (canvas);

    key ("plus");
    WAIT_UNTIL (stp_sketch_canvas_get_zoom (canvas) > fit * 1.1);
    key ("0");
    WAIT_UNTIL (fabs (stp_sketch_canvas_get_zoom (canvas) - fit) < 1e-9);
  }
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  return find_descendant (root, widget_of_type, &type);
}

static AdwMessageDialog *
find_dialog (const char *heading)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (item) && gtk_widget_get_visible (GTK_WIDGET (item)) &&
          g_strcmp0 (adw_message_dialog_get_heading (ADW_MESSAGE_DIALOG (item)), heading) == 0)
        return ADW_MESSAGE_DIALOG (item);
    }
  return NULL;
}

static void
add_items (StpSketchHistory *history)
{
  StpSketchItem *stroke = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);
  StpSketchItem *curve = stp_sketch_item_new (STP_SKETCH_ITEM_CURVE);
  StpSketchItem *label = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  const StpSketchNode nodes[] = {
    { 100, 200, 90, 210, 110, 190 }, { 320, 120, 280, 120, 360, 120 },
    { 540, 200, 530, 190, 550, 210 },
  };

  for (int i = 0; i < 10; i++)
    stp_sketch_item_add_point (stroke, 50 + i * 20, 300 + (i % 3) * 7, 0.5 + i * 0.05);
  for (guint i = 0; i < G_N_ELEMENTS (nodes); i++)
    stp_sketch_item_add_node (curve, &nodes[i]);
  stp_sketch_item_set_text (label, "Strip scar");
  label->x = 200;
  label->y = 400;
  g_assert_cmpuint (stp_sketch_history_add_item (history, stroke), !=, 0);
  g_assert_cmpuint (stp_sketch_history_add_item_mirrored (history, curve), !=, 0);
  g_assert_cmpuint (stp_sketch_history_add_item (history, label), !=, 0);
}

static char *
write_photo (const char *dir,
             int         width,
             int         height)
{
  g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr (GError) error = NULL;
  char *path = g_build_filename (dir, "front.png", NULL);

  gdk_pixbuf_fill (pixbuf, 0xc8a088ff);
  g_assert_true (gdk_pixbuf_save (pixbuf, path, "png", &error, NULL));
  g_assert_no_error (error);
  return path;
}

/* Save through the page's name dialog, reload from the store, export, leave. */
static void
test_sketch_versions (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpSketch) loaded = NULL;
  g_autoptr (GPtrArray) versions = NULL;
  g_autofree char *photo = write_photo (f->dir, 640, 480);
  g_autofree char *png = g_build_filename (f->dir, "export.png", NULL);
  g_autofree char *svg = g_build_filename (f->dir, "export.svg", NULL);
  g_autofree char *svg_text = NULL;
  StpSketchPage *page;
  StpSketch *sketch;
  StpSketchVersions *list;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  gint64 client, first, second;
  int width = 0, height = 0;

  page = open_new_sketch (f);
  client = stp_sketch_page_get_client_id (page);

  /* A sketch over a photo takes the photo's size. */
  g_assert_true (stp_sketch_page_new_sketch (page, client, 0, photo, &error));
  g_assert_no_error (error);
  sketch = stp_sketch_canvas_get_sketch (stp_sketch_page_get_canvas (page));
  g_assert_cmpint (stp_sketch_get_photo_width (sketch), ==, 640);
  g_assert_cmpint (stp_sketch_get_photo_height (sketch), ==, 480);
  add_items (stp_sketch_canvas_get_history (stp_sketch_page_get_canvas (page)));
  g_assert_true (stp_sketch_page_get_modified (page));

  first = stp_sketch_page_save_new_version (page, "Consultation hairline", &error);
  g_assert_no_error (error);
  g_assert_cmpint (first, >, 0);
  g_assert_false (stp_sketch_page_get_modified (page));

  /* The version reads back item for item. */
  loaded = stp_store_load_sketch (f->store, first, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stp_sketch_get_n_items (loaded), ==, 3);
  g_assert_cmpuint (stp_sketch_get_n_items (loaded), ==, stp_sketch_get_n_items (sketch));
  for (guint i = 0; i < stp_sketch_get_n_items (sketch); i++)
    {
      g_assert_cmpuint (stp_sketch_get_item (loaded, i)->id, ==,
                        stp_sketch_get_item (sketch, i)->id);
      g_assert_cmpint (stp_sketch_get_item (loaded, i)->kind, ==,
                       stp_sketch_get_item (sketch, i)->kind);
    }
  for (guint i = 0; i < stp_sketch_get_n_items (sketch); i++)
    g_assert_true (stp_sketch_item_equal (stp_sketch_get_item (sketch, i),
                                          stp_sketch_get_item (loaded, i)));
  g_assert_true (stp_sketch_equal (sketch, loaded));
  {
    g_autofree char *before = stp_sketch_to_json (sketch, NULL);
    g_autofree char *after = stp_sketch_to_json (loaded, NULL);

    g_assert_cmpstr (before, ==, after);
  }

  /* Save as a new version through the dialog: a taken name is refused as it is typed. */
  add_items (stp_sketch_canvas_get_history (stp_sketch_page_get_canvas (page)));
  gtk_widget_activate_action (GTK_WIDGET (page), "sketch.save-as", NULL);
  dialog = ADW_MESSAGE_DIALOG (stp_sketch_page_get_name_dialog (page));
  g_assert_nonnull (dialog);
  entry = find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  Consultation hairline ");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "save"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "Revision 2027");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "save"));
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  second = stp_sketch_page_get_version_id (page);
  g_assert_cmpint (second, >, first);
  g_assert_cmpstr (stp_sketch_page_get_title (page), ==, "Revision 2027");

  versions = stp_store_list_sketch_versions (f->store, client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (versions->len, ==, 2);

  /* PNG export at the photo's size; SVG with a group per layer. */
  g_assert_true (stp_sketch_page_write_png (page, png, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gdk_pixbuf_get_file_info (png, &width, &height));
  g_assert_cmpint (width, ==, 640);
  g_assert_cmpint (height, ==, 480);
  g_assert_true (stp_sketch_page_write_svg (page, svg, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (svg, &svg_text, NULL, &error));
  g_assert_nonnull (strstr (svg_text, "layer-hairline"));

  /* Opening a saved version shows its drawing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-sketch", "x",
                                             first));
  g_assert_cmpint (stp_sketch_page_get_version_id (page), ==, first);
  sketch = stp_sketch_canvas_get_sketch (stp_sketch_page_get_canvas (page));
  g_assert_true (stp_sketch_equal (sketch, loaded));

  /* Leaving with unsaved changes asks first; Discard goes back to the client. */
  add_items (stp_sketch_canvas_get_history (stp_sketch_page_get_canvas (page)));
  activate (f, "win.back");
  WAIT_UNTIL (find_dialog ("Save the Sketch?") != NULL);
  dialog = find_dialog ("Save the Sketch?");
  adw_message_dialog_response (dialog, "discard");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (stp_window_get_current_id (f->window) == client);

  /* Save instead: the open version is updated in place, then the page is left. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.open-sketch", "x",
                                             first));
  sketch = stp_sketch_canvas_get_sketch (stp_sketch_page_get_canvas (page));
  add_items (stp_sketch_canvas_get_history (stp_sketch_page_get_canvas (page)));
  g_assert_cmpuint (stp_sketch_get_n_items (sketch), ==, 6);
  activate (f, "win.back");
  WAIT_UNTIL (find_dialog ("Save the Sketch?") != NULL);
  dialog = find_dialog ("Save the Sketch?");
  adw_message_dialog_response (dialog, "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
  WAIT_UNTIL (stp_window_get_current_id (f->window) == client);
  {
    g_autoptr (StpSketch) updated = stp_store_load_sketch (f->store, first, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (stp_sketch_get_n_items (updated), ==, 6);
  }

  /* The client page lists both versions. */
  list = STP_SKETCH_VERSIONS (find_widget (GTK_WIDGET (stp_window_get_client_page (f->window)),
                                           STP_TYPE_SKETCH_VERSIONS));
  g_assert_nonnull (list);
  WAIT_UNTIL (stp_sketch_versions_get_n_rows (list) == 2);
}

/* Calibrate with two points and a typed length, then measure in millimetres; select and
 * move an item, drag the midline: each one undo step. */
static void
test_canvas_calibrate_measure_move (Fixture       *f,
                                    gconstpointer  data)
{
  StpSketchPage *page;
  StpSketchCanvas *canvas;
  StpSketch *sketch;
  AdwMessageDialog *dialog;
  GtkWidget *entry;
  const StpSketchItem *item;
  double w, h, zoom, x1, y1, x2, y2, mm, midline;
  g_autoptr (GError) error = NULL;

  if (!have_x11_and_xdotool (f))
    {
      g_test_skip ("Needs an X display and xdotool for real pointer input");
      return;
    }

  page = open_new_sketch (f);
  canvas = stp_sketch_page_get_canvas (page);
  sketch = stp_sketch_canvas_get_sketch (canvas);
  w = gtk_widget_get_width (GTK_WIDGET (canvas));
  h = gtk_widget_get_height (GTK_WIDGET (canvas));
  zoom = stp_sketch_canvas_get_zoom (canvas);
  click (f, w * 0.05, h * 0.05);
  gtk_widget_grab_focus (GTK_WIDGET (canvas));
  /* The first key after the pointer arrives only wakes the keyboard focus up. */
  key ("Escape");

  /* Uncalibrated, the measure tool says how to get millimetres. */
  key ("m");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_MEASURE);
  g_assert_nonnull (strstr (stp_sketch_canvas_get_status (canvas), "Calibrate first"));

  /* Calibrate: a drag of 200 widget pixels is said to be 50 mm. */
  key ("c");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_CALIBRATE);
  {
    const double path[] = { w * 0.3, h * 0.5, w * 0.3 + 100, h * 0.5, w * 0.3 + 200, h * 0.5 };

    drag (f, path, G_N_ELEMENTS (path) / 2);
  }
  WAIT_UNTIL (find_dialog ("Calibrate") != NULL);
  dialog = find_dialog ("Calibrate");
  entry = find_widget (GTK_WIDGET (dialog), GTK_TYPE_ENTRY);
  gtk_editable_set_text (GTK_EDITABLE (entry), "fifty");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "calibrate"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "0");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "calibrate"));
  gtk_editable_set_text (GTK_EDITABLE (entry), "50");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "calibrate"));
  /* As its button does: the answer, then the dialog goes. */
  adw_message_dialog_response (dialog, "calibrate");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_true (stp_sketch_is_calibrated (sketch));
  /* The keyboard comes back to the window once the dialog is gone. */
  WAIT_UNTIL (find_dialog ("Calibrate") == NULL);
  hover (f, w * 0.9, h * 0.1);
  key ("Escape");
  g_assert_true (stp_sketch_get_calibration (sketch, &x1, &y1, &x2, &y2, &mm));
  g_assert_cmpfloat_with_epsilon (mm, 50, 1e-9);
  g_assert_cmpfloat_with_epsilon (hypot (x2 - x1, y2 - y1), 200 / zoom, 2 / zoom);

  /* Measure 100 widget pixels: 25 mm. */
  key ("m");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_MEASURE);
  {
    const double path[] = { w * 0.3, h * 0.7, w * 0.3 + 50, h * 0.7, w * 0.3 + 100, h * 0.7 };

    drag (f, path, G_N_ELEMENTS (path) / 2);
  }
  WAIT_UNTIL (stp_sketch_get_n_items (sketch) == 1);
  item = stp_sketch_get_item (sketch, 0);
  g_assert_cmpint (item->kind, ==, STP_SKETCH_ITEM_MEASURE);
  g_assert_cmpfloat_with_epsilon (stp_sketch_item_length_mm (sketch, item, &error), 25, 1.0);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (stp_sketch_canvas_get_status (canvas), "mm"));

  /* Select and move it by 60 widget pixels to the right: one step. */
  key ("v");
  WAIT_UNTIL (stp_sketch_canvas_get_tool (canvas) == STP_SKETCH_TOOL_SELECT);
  x1 = g_array_index (item->points, StpSketchPoint, 0).x;
  {
    const double path[] = { w * 0.3 + 50, h * 0.7, w * 0.3 + 70, h * 0.7,
                            w * 0.3 + 90, h * 0.7, w * 0.3 + 110, h * 0.7 };

    drag (f, path, G_N_ELEMENTS (path) / 2);
  }
  WAIT_UNTIL (stp_sketch_canvas_get_selected (canvas) != 0 &&
              g_array_index (stp_sketch_get_item (sketch, 0)->points, StpSketchPoint, 0).x >
              x1 + 30 / zoom);
  item = stp_sketch_get_item (sketch, 0);
  g_assert_cmpfloat_with_epsilon (g_array_index (item->points, StpSketchPoint, 0).x,
                                  x1 + 60 / zoom, 3 / zoom);
  key ("ctrl+z");
  WAIT_UNTIL (fabs (g_array_index (stp_sketch_get_item (sketch, 0)->points,
                                   StpSketchPoint, 0).x - x1) < 1e-6);

  /* Guides on (G), then the midline is dragged 40 widget pixels to the left. */
  key ("g");
  WAIT_UNTIL (stp_sketch_get_guides_visible (sketch));
  midline = stp_sketch_get_midline_x (sketch);
  {
    double mx, my;
    stp_sketch_view_to_widget (stp_sketch_canvas_get_view (canvas), midline,
                               stp_sketch_get_photo_height (sketch) * 0.9, &mx, &my);
    {
      const double path[] = { mx, my, mx - 20, my, mx - 40, my };

      drag (f, path, G_N_ELEMENTS (path) / 2);
    }
  }
  WAIT_UNTIL (stp_sketch_get_midline_x (sketch) < midline - 20 / zoom);
  g_assert_cmpfloat_with_epsilon (stp_sketch_get_midline_x (sketch), midline - 40 / zoom,
                                  3 / zoom);
  key ("ctrl+z");
  WAIT_UNTIL (stp_sketch_get_midline_x (sketch) == midline);
}

/* A phone photo stored sideways with EXIF orientation 6 is drawn on upright: the
 * sketch takes the upright size and the photo's top is at the top. */
static void
test_photo_orientation (Fixture       *f,
                        gconstpointer  data)
{
  /* The file holds the picture turned a quarter left; orientation 6 says "turn right". */
  static const guint8 exif[] = {
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'I', 'I', 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00,
    0x01, 0x00, 0x12, 0x01, 0x03, 0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
  };
  g_autoptr (GdkPixbuf) upright = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 400, 300);
  g_autoptr (GdkPixbuf) stored = NULL;
  g_autoptr (GdkPixbuf) loaded = NULL;
  g_autoptr (GdkPixbuf) top = NULL;
  g_autoptr (GError) error = NULL;
  g_autofree char *jpeg = NULL;
  g_autofree char *path = g_build_filename (f->dir, "sideways.jpg", NULL);
  g_autoptr (GByteArray) file = g_byte_array_new ();
  gsize length;
  StpSketchPage *page;
  StpSketch *sketch;
  const guint8 *pixels;

  /* Upright: white with a black band across the top. */
  gdk_pixbuf_fill (upright, 0xffffffff);
  top = gdk_pixbuf_new_subpixbuf (upright, 0, 0, 400, 60);
  gdk_pixbuf_fill (top, 0x000000ff);
  stored = gdk_pixbuf_rotate_simple (upright, GDK_PIXBUF_ROTATE_COUNTERCLOCKWISE);
  g_assert_true (gdk_pixbuf_save_to_buffer (stored, &jpeg, &length, "jpeg", &error, NULL));
  g_assert_no_error (error);
  g_byte_array_append (file, (const guint8 *) jpeg, 2);
  g_byte_array_append (file, exif, sizeof exif);
  g_byte_array_append (file, (const guint8 *) jpeg + 2, length - 2);
  g_assert_true (g_file_set_contents (path, (const char *) file->data, file->len, &error));

  loaded = stp_sketch_page_load_photo (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (loaded), ==, 400);
  g_assert_cmpint (gdk_pixbuf_get_height (loaded), ==, 300);
  pixels = gdk_pixbuf_read_pixels (loaded);
  /* Dark at the top middle, light at the bottom middle (JPEG blurs only edges). */
  g_assert_cmpuint (pixels[20 * gdk_pixbuf_get_rowstride (loaded) + 200 * 3], <, 60);
  g_assert_cmpuint (pixels[280 * gdk_pixbuf_get_rowstride (loaded) + 200 * 3], >, 200);

  page = open_new_sketch (f);
  g_assert_true (stp_sketch_page_new_sketch (page, stp_sketch_page_get_client_id (page), 0,
                                             path, &error));
  g_assert_no_error (error);
  sketch = stp_sketch_canvas_get_sketch (stp_sketch_page_get_canvas (page));
  g_assert_cmpint (stp_sketch_get_photo_width (sketch), ==, 400);
  g_assert_cmpint (stp_sketch_get_photo_height (sketch), ==, 300);

  /* A file that is not a picture is refused with a message, and the page keeps going. */
  g_assert_false (stp_sketch_page_new_sketch (page, stp_sketch_page_get_client_id (page), 0,
                                              f->dir, &error));
  g_assert_nonnull (error);
  g_assert_true (stp_sketch_page_get_canvas (page) != NULL);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/sketch-canvas/pointer-and-keys", Fixture, NULL, fixture_setup,
              test_canvas_pointer_and_keys, fixture_teardown);
  g_test_add ("/sketch-canvas/calibrate-measure-move", Fixture, NULL, fixture_setup,
              test_canvas_calibrate_measure_move, fixture_teardown);
  g_test_add ("/sketch-canvas/photo-orientation", Fixture, NULL, fixture_setup,
              test_photo_orientation, fixture_teardown);
  g_test_add ("/sketch-canvas/versions", Fixture, NULL, fixture_setup,
              test_sketch_versions, fixture_teardown);

  return g_test_run ();
}
