/* test-photos.c: the real window imports photos through the path its file chooser takes,
 * shows them grouped by visit day, reports a refused file by name, filters by view, and
 * opens the full view and the comparison.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define G_LOG_DOMAIN "test-photos"

#include "ui-window-fixture.h"

#include "../unit/test-photo-util.h"
#include "stp-photo-compare.h"
#include "stp-photo-window.h"

static GFile *
write_photo (const char *dir,
             const char *name,
             const char *when,
             guint       orientation)
{
  g_autoptr(GdkPixbuf) upright = photo_make_upright (120, 80);
  g_autoptr(GdkPixbuf) stored = photo_make_stored (upright, orientation);
  GByteArray *tiff = photo_make_tiff (TRUE, orientation, when, NULL);
  g_autoptr(GBytes) jpeg = photo_make_jpeg (stored, tiff);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_byte_array_unref (tiff);
  photo_write (path, jpeg);
  return g_file_new_for_path (path);
}

static void
import_and_wait (StpPhotoGallery *gallery,
                 GPtrArray       *files)
{
  g_assert_true (stp_photo_gallery_import_files (gallery, (GFile **)files->pdata, files->len));
  g_assert_true (stp_photo_gallery_is_importing (gallery));
  WAIT_UNTIL (!stp_photo_gallery_is_importing (gallery));
}

static void
test_photos_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *camera = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) photos = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) headings = NULL;
  StpClientPage *page;
  StpPhotoGallery *gallery;
  GtkWidget *window;
  gint64 client_id;

  camera = g_dir_make_tmp ("stipple-camera-XXXXXX", &error);
  g_assert_no_error (error);

  /* Importing needs a saved client: the action is off until then. */
  activate (f, "win.new-client");
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window),
                                                     "import-photos"));
  page = stp_window_get_client_page (f->window);
  gtk_editable_set_text (GTK_EDITABLE (stp_client_page_get_field_widget (page,
                                                                          STP_CLIENT_FIELD_GIVEN_NAME)),
                         "Noor");
  activate (f, "win.save-client");
  client_id = stp_client_page_get_client_id (page);
  g_assert_cmpint (client_id, >, 0);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window),
                                                    "import-photos"));

  gallery = stp_client_page_get_photo_gallery (page);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (gallery)) ||
                 gtk_widget_get_visible (GTK_WIDGET (gallery)));
  g_assert_cmpuint (stp_photo_gallery_get_n_shown (gallery), ==, 0);

  /* Two visits, two photos at the later one; and a text file that calls itself a JPEG. */
  g_ptr_array_add (files, write_photo (camera, "consult-front.jpg", "2026:01:10 10:05:00", 1));
  g_ptr_array_add (files, write_photo (camera, "session-front.jpg", "2026:03:02 15:30:00", 6));
  {
    g_autofree char *path = g_build_filename (camera, "notes.jpg", NULL);

    photo_write (path, g_bytes_new_static ("call the client back", 20));
    g_ptr_array_add (files, g_file_new_for_path (path));
  }
  g_ptr_array_add (files, write_photo (camera, "session-crown.jpg", "2026:03:02 15:34:00", 3));

  import_and_wait (gallery, files);

  /* Grouped by visit day, newest first. */
  headings = stp_photo_gallery_dup_headings (gallery);
  g_assert_cmpuint (g_strv_length (headings), ==, 2);
  g_assert_true (g_str_has_suffix (headings[0], "· 2 photos"));
  g_assert_true (g_str_has_suffix (headings[1], "· 1 photo"));
  g_assert_cmpuint (stp_photo_gallery_get_n_shown (gallery), ==, 3);

  /* The refused file is named with its reason; the others were imported. */
  g_assert_nonnull (strstr (stp_photo_gallery_get_report (gallery), "3 photos imported"));
  g_assert_nonnull (strstr (stp_photo_gallery_get_report (gallery), "notes.jpg"));
  g_assert_nonnull (strstr (stp_photo_gallery_get_report (gallery), "not a photo"));

  photos = stp_store_list_photos (f->store, client_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (photos->len, ==, 3);

  /* The same picture again is reported as already there, not imported twice. */
  {
    g_autoptr(GPtrArray) again = g_ptr_array_new_with_free_func (g_object_unref);

    g_ptr_array_add (again, g_object_ref (g_ptr_array_index (files, 0)));
    import_and_wait (gallery, again);
    g_assert_nonnull (strstr (stp_photo_gallery_get_report (gallery), "already"));
    g_assert_cmpuint (stp_photo_gallery_get_n_shown (gallery), ==, 3);
  }

  /* The view filter: two fronts once they are marked so. */
  for (guint i = 0; i < photos->len; i++)
    {
      StpPhoto *photo = g_ptr_array_index (photos, i);

      if (g_str_has_suffix (photo->original_name, "front.jpg"))
        g_assert_true (stp_store_set_photo_view (f->store, photo->id, STP_PHOTO_VIEW_FRONT,
                                                 &error));
    }
  stp_photo_gallery_set_view_filter (gallery, STP_PHOTO_VIEW_FRONT);
  WAIT_UNTIL (stp_photo_gallery_get_n_shown (gallery) == 2);
  {
    g_auto(GStrv) front = stp_photo_gallery_dup_headings (gallery);

    g_assert_cmpuint (g_strv_length (front), ==, 2);
    g_assert_true (g_str_has_suffix (front[0], "· 1 photo"));
  }
  stp_photo_gallery_set_view_filter (gallery, -1);
  g_assert_cmpuint (stp_photo_gallery_get_n_shown (gallery), ==, 3);

  /* Compare pairs the same view on different days, earlier on the left. */
  g_clear_pointer (&photos, g_ptr_array_unref);
  photos = stp_store_list_photos (f->store, client_id, &error);
  window = stp_photo_gallery_compare (gallery);
  g_assert_true (STP_IS_PHOTO_COMPARE (window));
  {
    StpPhotoCompare *compare = STP_PHOTO_COMPARE (window);
    StpPhotoViewer *left = stp_photo_compare_get_viewer (compare, 0);
    StpPhotoViewer *right = stp_photo_compare_get_viewer (compare, 1);
    g_autoptr(StpPhoto) a = stp_store_get_photo (f->store,
                                                 stp_photo_compare_get_photo_id (compare, 0),
                                                 NULL);
    g_autoptr(StpPhoto) b = stp_store_get_photo (f->store,
                                                 stp_photo_compare_get_photo_id (compare, 1),
                                                 NULL);

    g_assert_cmpint (a->view, ==, STP_PHOTO_VIEW_FRONT);
    g_assert_cmpint (b->view, ==, STP_PHOTO_VIEW_FRONT);
    g_assert_cmpint (a->taken_at, <, b->taken_at);

    WAIT_UNTIL (stp_photo_viewer_is_loaded (left) && stp_photo_viewer_is_loaded (right));
    gtk_test_widget_wait_for_draw (window);

    /* Zoom on one side moves the other. */
    stp_photo_viewer_zoom_in (right);
    g_assert_cmpfloat (stp_photo_viewer_get_zoom (left), >, 1.0);
    g_assert_cmpfloat (stp_photo_viewer_get_zoom (left), ==, stp_photo_viewer_get_zoom (right));
    g_object_set (left, "center-x", 0.25, NULL);
    {
      double x = 0;

      g_object_get (right, "center-x", &x, NULL);
      g_assert_cmpfloat (x, ==, 0.25);
    }
    gtk_test_widget_wait_for_draw (window);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* Two ticked photos are compared as they are, earlier on the left. */
  {
    StpPhoto *newest = g_ptr_array_index (photos, 2);
    StpPhoto *oldest = g_ptr_array_index (photos, 0);

    stp_photo_gallery_set_chosen (gallery, newest->id, TRUE);
    stp_photo_gallery_set_chosen (gallery, oldest->id, TRUE);
    window = stp_photo_gallery_compare (gallery);
    g_assert_cmpint (stp_photo_compare_get_photo_id (STP_PHOTO_COMPARE (window), 0), ==,
                     oldest->id);
    g_assert_cmpint (stp_photo_compare_get_photo_id (STP_PHOTO_COMPARE (window), 1), ==,
                     newest->id);
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* A picture on the clipboard is imported like a file. */
  {
    g_autoptr(GdkPixbuf) picture = photo_make_upright (90, 60);
    g_autoptr(GdkTexture) texture = gdk_texture_new_for_pixbuf (picture);
    g_autoptr(GPtrArray) after = NULL;
    gboolean found = FALSE;

    gdk_clipboard_set_texture (gtk_widget_get_clipboard (GTK_WIDGET (gallery)), texture);
    g_assert_true (stp_photo_gallery_paste (gallery));
    WAIT_UNTIL (stp_photo_gallery_is_importing (gallery));
    WAIT_UNTIL (!stp_photo_gallery_is_importing (gallery));
    g_assert_cmpuint (stp_photo_gallery_get_n_shown (gallery), ==, 4);
    after = stp_store_list_photos (f->store, client_id, NULL);
    for (guint i = 0; i < after->len; i++)
      {
        StpPhoto *photo = g_ptr_array_index (after, i);

        if (photo->format == STP_PHOTO_FORMAT_PNG && photo->width == 90)
          found = TRUE;
      }
    g_assert_true (found);
  }

  /* The full view loads the original upright and zooms. */
  window = stp_photo_gallery_open_photo (gallery, ((StpPhoto *)g_ptr_array_index (photos, 1))->id);
  g_assert_true (STP_IS_PHOTO_WINDOW (window));
  {
    StpPhotoViewer *viewer = stp_photo_window_get_viewer (STP_PHOTO_WINDOW (window));

    WAIT_UNTIL (stp_photo_viewer_is_loaded (viewer));
    gtk_test_widget_wait_for_draw (window);
    stp_photo_viewer_zoom_actual (viewer);
    stp_photo_viewer_zoom_fit (viewer);
    g_assert_cmpfloat (stp_photo_viewer_get_zoom (viewer), ==, 1.0);
    g_assert_null (stp_photo_viewer_get_error (viewer));
  }
  gtk_window_destroy (GTK_WINDOW (window));

  /* Erasing the client takes the photos and their files with it. */
  {
    g_autoptr(StpPhoto) photo = stp_store_get_photo (f->store,
                                                     ((StpPhoto *)g_ptr_array_index (photos, 0))->id,
                                                     NULL);
    g_autofree char *path = stp_store_dup_photo_path (f->store, photo);

    g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
    g_assert_true (stp_store_erase_client (f->store, client_id, &error));
    g_assert_no_error (error);
    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  }

  remove_tree (camera);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GDK_DEBUG", "gl-disable", FALSE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_timeout_add (20, tick_cb, NULL);

  g_test_add ("/ui/photos/import", Fixture, NULL, fixture_setup, test_photos_import,
              fixture_teardown);

  return g_test_run ();
}
