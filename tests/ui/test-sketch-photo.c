/* test-sketch-photo.c: a new sketch goes over the photo the consultant picks, and the
 * sketch page's Preview shows that sketch as healed dots in place of the canvas.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sketch-photo"

#include "config.h"

#include "ui-window-fixture.h"

#include "stp-sketch-photo-chooser.h"

/* A client with two photos of different sizes, so the sketch's size says which it is on. */
static gint64
add_client_with_photos (Fixture *f,
                        gint64  *older,
                        gint64  *newer)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (StpClient) client = stp_client_new ();
  gint64 id;
  const int widths[] = { 640, 800 };
  gint64 *ids[] = { older, newer };

  stp_client_set_given_name (client, "Ravi");
  id = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (widths); i++)
    {
      g_autoptr (GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8,
                                                     widths[i], 480);
      g_autofree char *path = g_strdup_printf ("%s/photo-%u.jpg", f->dir, i);
      g_autoptr (GFile) file = g_file_new_for_path (path);
      g_autoptr (GFileInfo) info = g_file_info_new ();
      g_autoptr (GDateTime) taken = g_date_time_new_from_unix_utc (1700000000 + i * 86400);

      gdk_pixbuf_fill (pixbuf, 0xc09070ff);
      g_assert_true (gdk_pixbuf_save (pixbuf, path, "jpeg", &error, NULL));
      g_assert_no_error (error);
      /* Dated by the file: the second is the newer. */
      g_file_info_set_modification_date_time (info, taken);
      g_assert_true (g_file_set_attributes_from_info (file, info, G_FILE_QUERY_INFO_NONE,
                                                      NULL, &error));
      *ids[i] = stp_store_import_photo (f->store, id, path, NULL, &error);
      g_assert_no_error (error);
    }
  return id;
}

static void
test_new_sketch_on_photo (Fixture       *f,
                          gconstpointer  data)
{
  StpSketchPhotoChooser *chooser;
  StpSketchPage *page;
  StpPreviewView *preview;
  gint64 client, older = 0, newer = 0;

  client = add_client_with_photos (f, &older, &newer);
  stp_window_open_client (f->window, client);
  g_assert_cmpint (stp_window_get_current_id (f->window), ==, client);

  /* New Sketch asks which photo, newest first; the older one is chosen. */
  activate (f, "win.new-sketch");
  WAIT_UNTIL (find_toplevel (STP_TYPE_SKETCH_PHOTO_CHOOSER) != NULL);
  chooser = STP_SKETCH_PHOTO_CHOOSER (find_toplevel (STP_TYPE_SKETCH_PHOTO_CHOOSER));
  g_assert_cmpuint (stp_sketch_photo_chooser_get_n_photos (chooser), ==, 2);
  stp_sketch_photo_chooser_choose (chooser, 1);

  page = stp_window_get_sketch_page (f->window);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpint (stp_sketch_page_get_client_id (page), ==, client);
  g_assert_cmpint (stp_sketch_page_get_photo_id (page), ==, older);
  g_assert_null (find_toplevel (STP_TYPE_SKETCH_PHOTO_CHOOSER));

  /* Preview takes the canvas's place with the same sketch, and gives it back. */
  g_assert_false (stp_sketch_page_get_previewing (page));
  stp_sketch_page_set_previewing (page, TRUE);
  preview = stp_sketch_page_get_preview (page);
  g_assert_nonnull (preview);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (preview)));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (stp_sketch_page_get_canvas (page))));
  g_assert_nonnull (stp_preview_view_get_sketch (preview));
  stp_sketch_page_set_previewing (page, FALSE);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (stp_sketch_page_get_canvas (page))));

  /* Back on the client, Plain Background starts on paper. */
  activate (f, "win.back");
  WAIT_UNTIL (stp_window_get_current_id (f->window) == client);
  activate (f, "win.new-sketch");
  WAIT_UNTIL (find_toplevel (STP_TYPE_SKETCH_PHOTO_CHOOSER) != NULL);
  stp_sketch_photo_chooser_choose (STP_SKETCH_PHOTO_CHOOSER (
                                     find_toplevel (STP_TYPE_SKETCH_PHOTO_CHOOSER)), -1);
  WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (page)));
  g_assert_cmpint (stp_sketch_page_get_photo_id (page), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/sketch/new-on-photo", Fixture, NULL, fixture_setup,
              test_new_sketch_on_photo, fixture_teardown);

  return g_test_run ();
}
