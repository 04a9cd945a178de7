/* test-photo-store.c: importing photos into the store and the content-addressed folder,
 * duplicates, edits, deletion, erasing a client, and the batch importer.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "test-photo-store"

#include "config.h"

#include <sys/stat.h>
#include <utime.h>

#include "test-photo-util.h"
#include "test-util.h"

typedef struct
{
  char      *dir;
  char      *data_dir;
  char      *src_dir;
  StpStore  *store;
  gint64     client;
  GArray    *changes;  /* entity ids of STP_ENTITY_PHOTO changes */
} Fixture;

static void
changed_cb (StpStore *store, int entity, gint64 id, int kind, Fixture *f)
{
  if (entity == STP_ENTITY_PHOTO)
    g_array_append_val (f->changes, id);
}

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->dir = test_make_tmp ();
  f->data_dir = g_build_filename (f->dir, "data", NULL);
  f->src_dir = g_build_filename (f->dir, "camera", NULL);
  g_mkdir (f->src_dir, 0700);
  f->store = test_open_store (f->data_dir);
  f->client = test_add_client (f->store, "Dan", "Okafor", NULL, NULL, NULL);
  f->changes = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  g_clear_object (&f->store);
  g_array_unref (f->changes);
  test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->data_dir);
  g_free (f->src_dir);
}

static char *
write_source (Fixture *f, const char *name, GBytes *bytes)
{
  char *path = g_build_filename (f->src_dir, name, NULL);

  photo_write (path, bytes);
  return path;
}

/* Counts the regular files under the photo folder; temporary ones separately. */
static void
count_store_files (Fixture *f, guint *n_photos, guint *n_temp)
{
  g_autofree char *root = g_build_filename (f->data_dir, "photos", NULL);
  g_autoptr(GDir) dir = g_dir_open (root, 0, NULL);
  const char *name;

  *n_photos = *n_temp = 0;
  if (dir == NULL)
    return;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *sub = g_build_filename (root, name, NULL);
      g_autoptr(GDir) inner = NULL;
      const char *file;

      if (g_str_has_prefix (name, ".import-"))
        {
          (*n_temp)++;
          continue;
        }
      inner = g_dir_open (sub, 0, NULL);
      g_assert_nonnull (inner);
      while ((file = g_dir_read_name (inner)) != NULL)
        (*n_photos)++;
    }
}

static GBytes *
make_exif_jpeg (int w, int h, guint orientation, const char *when)
{
  g_autoptr(GdkPixbuf) upright = photo_make_upright (w, h);
  g_autoptr(GdkPixbuf) stored = photo_make_stored (upright, orientation);
  GByteArray *tiff = photo_make_tiff (TRUE, orientation, when, "+00:00");
  GBytes *jpeg = photo_make_jpeg (stored, tiff);

  g_byte_array_unref (tiff);
  return jpeg;
}

static void
test_import (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = make_exif_jpeg (96, 64, 6, "2026:02:01 14:00:00");
  g_autofree char *src = write_source (f, "IMG_0001.JPG", jpeg);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autofree char *path = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *sha = NULL;
  gsize stored_len = 0;
  guint n_photos, n_temp;
  struct stat st;
  gint64 id;

  id = stp_store_import_photo (f->store, f->client, src, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (f->changes->len, ==, 1);
  g_assert_cmpint (g_array_index (f->changes, gint64, 0), ==, id);

  photo = stp_store_get_photo (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (photo->client_id, ==, f->client);
  g_assert_cmpint (photo->format, ==, STP_PHOTO_FORMAT_JPEG);
  g_assert_cmpuint (photo->width, ==, 96);   /* upright */
  g_assert_cmpuint (photo->height, ==, 64);
  g_assert_cmpuint (photo->orientation, ==, 6);
  g_assert_cmpint (photo->view, ==, STP_PHOTO_VIEW_OTHER);
  g_assert_cmpint (photo->taken_at_source, ==, STP_TAKEN_AT_EXIF);
  g_assert_cmpint (photo->taken_at, ==, 1769954400);  /* 2026-02-01 14:00 UTC */
  g_assert_cmpstr (photo->original_name, ==, "IMG_0001.JPG");
  g_assert_cmpint (photo->byte_size, ==, g_bytes_get_size (jpeg));
  g_assert_false (photo->marketing_consent);

  /* The thumbnail is an upright PNG within the thumbnail size. */
  g_assert_nonnull (photo->thumbnail);
  g_assert_cmpmem (g_bytes_get_data (photo->thumbnail, NULL), 8, "\x89PNG\r\n\x1a\n", 8);
  stream = g_memory_input_stream_new_from_bytes (photo->thumbnail);
  thumb = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 96);
  g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 64);
  photo_assert_upright (thumb);

  /* The original, byte for byte, at its content address, private. */
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, jpeg);
  g_assert_cmpstr (photo->sha256, ==, sha);
  path = stp_store_dup_photo_path (f->store, photo);
  {
    g_autofree char *prefix = g_strndup (sha, 2);
    g_autofree char *name = g_strconcat (sha, ".jpeg", NULL);
    expected = g_build_filename (f->data_dir, "photos", prefix, name, NULL);
  }
  g_assert_cmpstr (path, ==, expected);
  stored = test_read_file (path, &stored_len);
  g_assert_nonnull (stored);
  g_assert_cmpmem (stored, stored_len, g_bytes_get_data (jpeg, NULL), g_bytes_get_size (jpeg));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  {
    g_autofree char *parent = g_path_get_dirname (path);
    g_autofree char *root = g_build_filename (f->data_dir, "photos", NULL);

    g_assert_cmpint (g_stat (parent, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
    g_assert_cmpint (g_stat (root, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  }
  count_store_files (f, &n_photos, &n_temp);
  g_assert_cmpuint (n_photos, ==, 1);
  g_assert_cmpuint (n_temp, ==, 0);

  /* Listing leaves thumbnails out; the display path shows the original upright. */
  list = stp_store_list_photos (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_null (((StpPhoto *)g_ptr_array_index (list, 0))->thumbnail);
  g_assert_cmpint (((StpPhoto *)g_ptr_array_index (list, 0))->id, ==, id);
  {
    g_autoptr(GdkPixbuf) shown = stp_photo_load_at_size (path, 48, 48, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpint (gdk_pixbuf_get_width (shown), ==, 48);
    photo_assert_upright (shown);
  }
}

/* Every EXIF orientation gives an upright thumbnail and upright sizes in the row. */
static void
test_thumbnail_orientations (Fixture *f, gconstpointer data)
{
  for (guint o = 1; o <= 8; o++)
    {
      g_autoptr(GBytes) jpeg = make_exif_jpeg (90, 60, o, NULL);
      g_autofree char *name = g_strdup_printf ("o%u.jpg", o);
      g_autofree char *src = write_source (f, name, jpeg);
      g_autoptr(GError) error = NULL;
      g_autoptr(StpPhoto) photo = NULL;
      g_autoptr(GInputStream) stream = NULL;
      g_autoptr(GdkPixbuf) thumb = NULL;
      gint64 id;

      id = stp_store_import_photo (f->store, f->client, src, NULL, &error);
      g_assert_no_error (error);
      photo = stp_store_get_photo (f->store, id, &error);
      g_assert_cmpuint (photo->orientation, ==, o);
      g_assert_cmpuint (photo->width, ==, 90);
      g_assert_cmpuint (photo->height, ==, 60);
      stream = g_memory_input_stream_new_from_bytes (photo->thumbnail);
      thumb = gdk_pixbuf_new_from_stream (stream, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (thumb), ==, 90);
      g_assert_cmpint (gdk_pixbuf_get_height (thumb), ==, 60);
      photo_assert_upright (thumb);
    }
}

static void
test_taken_at_file (Fixture *f, gconstpointer data)
{
  g_autoptr(GdkPixbuf) upright = photo_make_upright (40, 30);
  g_autofree char *src = g_build_filename (f->src_dir, "scan.png", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  struct utimbuf times = { 1700000000, 1700000000 };
  gint64 id;

  g_assert_true (gdk_pixbuf_save (upright, src, "png", &error, NULL));
  g_assert_cmpint (utime (src, &times), ==, 0);

  id = stp_store_import_photo (f->store, f->client, src, "Scan of the crown", &error);
  g_assert_no_error (error);
  photo = stp_store_get_photo (f->store, id, &error);
  g_assert_cmpint (photo->format, ==, STP_PHOTO_FORMAT_PNG);
  g_assert_cmpint (photo->taken_at_source, ==, STP_TAKEN_AT_FILE);
  g_assert_cmpint (photo->taken_at, ==, 1700000000);
  g_assert_cmpstr (photo->original_name, ==, "Scan of the crown");
  g_assert_true (g_str_has_suffix (stp_photo_format_to_string (photo->format), "png"));
}

/* A phone's HEIC: stored as heic, thumbnailed upright, dated from its Exif item. */
static void
test_heic (Fixture *f, gconstpointer data)
{
  g_autofree char *encoder = g_find_program_in_path ("heif-enc");
  g_autoptr(GBytes) jpeg = make_exif_jpeg (96, 64, 1, "2026:02:01 14:00:00");
  g_autofree char *jpg = write_source (f, "in.jpg", jpeg);
  g_autofree char *heic = g_build_filename (f->src_dir, "IMG_1234.HEIC", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) thumb = NULL;
  g_autofree char *path = NULL;
  int status = 0;
  gint64 id;

  if (encoder == NULL)
    {
      g_test_skip ("heif-enc (libheif-examples) is not installed");
      return;
    }
  {
    const char *argv[] = { encoder, "-q", "90", "-o", heic, jpg, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **)argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                                 G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status,
                                 &error));
  }
  if (!g_spawn_check_wait_status (status, NULL))
    {
      g_test_skip ("heif-enc could not encode (no HEVC encoder)");
      return;
    }

  id = stp_store_import_photo (f->store, f->client, heic, NULL, &error);
  if (g_error_matches (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_NO_DECODER))
    {
      g_test_skip ("heif-gdk-pixbuf is not installed");
      return;
    }
  g_assert_no_error (error);
  photo = stp_store_get_photo (f->store, id, &error);
  g_assert_cmpint (photo->format, ==, STP_PHOTO_FORMAT_HEIC);
  g_assert_cmpuint (photo->width, ==, 96);
  g_assert_cmpuint (photo->height, ==, 64);
  g_assert_cmpint (photo->taken_at_source, ==, STP_TAKEN_AT_EXIF);
  g_assert_cmpint (photo->taken_at, ==, 1769954400);
  path = stp_store_dup_photo_path (f->store, photo);
  g_assert_true (g_str_has_suffix (path, ".heic"));
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  stream = g_memory_input_stream_new_from_bytes (photo->thumbnail);
  thumb = gdk_pixbuf_new_from_stream (stream, NULL, &error);
  g_assert_no_error (error);
  photo_assert_upright (thumb);
}

static void
test_duplicate (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = make_exif_jpeg (50, 40, 1, NULL);
  g_autofree char *src = write_source (f, "a.jpg", jpeg);
  g_autofree char *again = write_source (f, "copy of a.jpg", jpeg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autofree char *path = NULL;
  gint64 other = test_add_client (f->store, "Lee", "Marsh", NULL, NULL, NULL);
  gint64 id, id2, id3;
  guint n_photos, n_temp;

  id = stp_store_import_photo (f->store, f->client, src, NULL, &error);
  g_assert_no_error (error);

  /* The same picture again, under another name: reported, not a database error. */
  id2 = stp_store_import_photo (f->store, f->client, again, NULL, &error);
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_ALREADY_IMPORTED);
  g_assert_cmpint (id2, ==, 0);
  g_clear_error (&error);
  list = stp_store_list_photos (f->store, f->client, &error);
  g_assert_cmpuint (list->len, ==, 1);

  /* Another client may have the same picture: one file serves both. */
  id3 = stp_store_import_photo (f->store, other, again, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id3, >, id);
  count_store_files (f, &n_photos, &n_temp);
  g_assert_cmpuint (n_photos, ==, 1);
  g_assert_cmpuint (n_temp, ==, 0);

  photo = stp_store_get_photo (f->store, id, &error);
  path = stp_store_dup_photo_path (f->store, photo);

  /* Deleting one client's photo keeps the file the other still uses... */
  g_assert_true (stp_store_delete_photo (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_null (stp_store_get_photo (f->store, id, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* ...and deleting the last reference removes it. */
  g_assert_true (stp_store_delete_photo (f->store, id3, &error));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_false (stp_store_delete_photo (f->store, id3, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
test_edit (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) jpeg = make_exif_jpeg (50, 40, 1, NULL);
  g_autofree char *src = write_source (f, "a.jpg", jpeg);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpPhoto) photo = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autofree char *long_caption = g_strnfill (501, 'x');
  gint64 id;
  StpPhotoView view;

  id = stp_store_import_photo (f->store, f->client, src, NULL, &error);
  g_assert_true (stp_store_set_photo_view (f->store, id, STP_PHOTO_VIEW_CROWN, &error));
  g_assert_true (stp_store_set_photo_marketing_consent (f->store, id, TRUE, &error));
  g_assert_true (stp_store_set_photo_caption (f->store, id, "Before session 1", &error));
  g_assert_no_error (error);
  g_assert_false (stp_store_set_photo_caption (f->store, id, long_caption, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);
  g_assert_false (stp_store_set_photo_view (f->store, id + 100, STP_PHOTO_VIEW_TOP, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  photo = stp_store_get_photo (f->store, id, &error);
  g_assert_cmpint (photo->view, ==, STP_PHOTO_VIEW_CROWN);
  g_assert_true (photo->marketing_consent);
  g_assert_cmpstr (photo->caption, ==, "Before session 1");
  /* create + three updates, each change signalled. */
  g_assert_cmpuint (f->changes->len, ==, 4);

  audit = stp_store_list_audit (f->store, "photo", id, 0, &error);
  g_assert_cmpuint (audit->len, ==, 4);
  g_assert_cmpstr (((StpAuditEntry *)g_ptr_array_index (audit, 0))->fields, ==, "caption");

  g_assert_true (stp_photo_view_from_string ("scar", &view));
  g_assert_cmpint (view, ==, STP_PHOTO_VIEW_SCAR);
  g_assert_false (stp_photo_view_from_string ("side", &view));
  g_assert_cmpstr (stp_photo_view_to_string (STP_PHOTO_VIEW_BACK), ==, "back");
}

static void
test_erase (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) a = make_exif_jpeg (50, 40, 1, NULL);
  g_autoptr(GBytes) b = make_exif_jpeg (60, 40, 3, NULL);
  g_autofree char *src_a = write_source (f, "a.jpg", a);
  g_autofree char *src_b = write_source (f, "b.jpg", b);
  g_autoptr(GError) error = NULL;
  g_autoptr(StpPhoto) pa = NULL;
  g_autoptr(StpPhoto) pb = NULL;
  g_autofree char *path_a = NULL;
  g_autofree char *path_b = NULL;
  g_autofree char *db_path = test_db_path (f->data_dir);
  gint64 other = test_add_client (f->store, "Lee", "Marsh", NULL, NULL, NULL);
  gint64 ida, idb;
  sqlite3 *db;

  ida = stp_store_import_photo (f->store, f->client, src_a, NULL, &error);
  idb = stp_store_import_photo (f->store, f->client, src_b, NULL, &error);
  g_assert_no_error (error);
  /* The other client shares picture b. */
  g_assert_cmpint (stp_store_import_photo (f->store, other, src_b, NULL, &error), >, 0);
  pa = stp_store_get_photo (f->store, ida, &error);
  pb = stp_store_get_photo (f->store, idb, &error);
  path_a = stp_store_dup_photo_path (f->store, pa);
  path_b = stp_store_dup_photo_path (f->store, pb);

  g_assert_true (stp_store_erase_client (f->store, f->client, &error));
  g_assert_no_error (error);

  g_assert_false (g_file_test (path_a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (path_b, G_FILE_TEST_IS_REGULAR));
  db = test_raw_open (db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (db, "SELECT count(*) FROM photo"), ==, 1);
  sqlite3_close (db);

  g_assert_true (stp_store_erase_client (f->store, other, &error));
  g_assert_false (g_file_test (path_b, G_FILE_TEST_EXISTS));
}

static void
test_refused (Fixture *f, gconstpointer data)
{
  g_autoptr(GBytes) text = g_bytes_new_static ("not a photo at all", 18);
  g_autofree char *src = write_source (f, "x.jpg", text);
  g_autoptr(GBytes) jpeg = make_exif_jpeg (50, 40, 1, NULL);
  g_autoptr(GBytes) half = g_bytes_new_from_bytes (jpeg, 0, g_bytes_get_size (jpeg) / 2);
  g_autofree char *half_src = write_source (f, "half.jpg", half);
  g_autoptr(GError) error = NULL;
  guint n_photos, n_temp;

  g_assert_cmpint (stp_store_import_photo (f->store, f->client, src, NULL, &error), ==, 0);
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
  g_clear_error (&error);
  g_assert_cmpint (stp_store_import_photo (f->store, f->client, half_src, NULL, &error), ==, 0);
  g_assert_error (error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_TRUNCATED);
  g_clear_error (&error);
  /* A client that does not exist. */
  {
    g_autoptr(GBytes) ok = make_exif_jpeg (30, 20, 1, NULL);
    g_autofree char *ok_src = write_source (f, "ok.jpg", ok);

    g_assert_cmpint (stp_store_import_photo (f->store, 9999, ok_src, NULL, &error), ==, 0);
    g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  }

  /* A temporary file an interrupted import left long ago is cleared by the next import;
   * a fresh one (an import in progress elsewhere) is not. */
  {
    g_autofree char *old = g_build_filename (f->data_dir, "photos", ".import-OLD123", NULL);
    g_autofree char *fresh = g_build_filename (f->data_dir, "photos", ".import-NEW123", NULL);
    g_autoptr(GBytes) ok = make_exif_jpeg (30, 20, 1, NULL);
    g_autofree char *ok_src = write_source (f, "ok2.jpg", ok);
    struct utimbuf times = { 1600000000, 1600000000 };

    test_write_file (old, "x", 1);
    test_write_file (fresh, "y", 1);
    g_assert_cmpint (utime (old, &times), ==, 0);
    g_assert_cmpint (stp_store_import_photo (f->store, 9999, ok_src, NULL, NULL), ==, 0);
    g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
    g_unlink (fresh);
  }

  /* Nothing is left behind: no photo, no temporary file, no signal. */
  count_store_files (f, &n_photos, &n_temp);
  g_assert_cmpuint (n_photos, ==, 0);
  g_assert_cmpuint (n_temp, ==, 0);
  g_assert_cmpuint (f->changes->len, ==, 0);
}

typedef struct
{
  Fixture       *f;
  GPtrArray     *results;
  GArray        *progress;   /* done counts */
  GCancellable  *cancel_after_first;
  gboolean       on_main_thread;
} Batch;

static GThread *main_thread;

static void
progress_cb (guint done, guint total, const char *name, gpointer data)
{
  Batch *batch = data;

  batch->on_main_thread &= g_thread_self () == main_thread;
  g_array_append_val (batch->progress, done);
  if (batch->cancel_after_first != NULL)
    g_cancellable_cancel (batch->cancel_after_first);
}

static void
batch_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Batch *batch = data;
  g_autoptr(GError) error = NULL;

  batch->results = stp_store_import_photos_finish (STP_STORE (source), result, &error);
  g_assert_no_error (error);
}

static GPtrArray *
make_batch_files (Fixture *f, guint n_good, gboolean with_bad)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < n_good; i++)
    {
      g_autoptr(GBytes) jpeg = make_exif_jpeg (400 + i * 8, 300, 1 + i % 8, NULL);
      g_autofree char *name = g_strdup_printf ("good-%u.jpg", i);
      g_autofree char *path = write_source (f, name, jpeg);

      g_ptr_array_add (files, g_file_new_for_path (path));
      if (with_bad && i == 1)
        {
          g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
          g_autofree char *bad = write_source (f, "notes.jpg", text);

          g_ptr_array_add (files, g_file_new_for_path (bad));
        }
    }
  return files;
}

static void
test_batch (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = make_batch_files (f, 4, TRUE);
  g_autoptr(GPtrArray) list = NULL;
  Batch batch = { f, NULL, g_array_new (FALSE, FALSE, sizeof (guint)), NULL, TRUE };
  guint n_photos, n_temp;

  g_assert_cmpuint (files->len, ==, 5);
  stp_store_import_photos_async (f->store, f->client, (GFile **)files->pdata, files->len,
                                 NULL, progress_cb, &batch, batch_done_cb, &batch);
  while (batch.results == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (batch.results->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      StpPhotoImportResult *r = g_ptr_array_index (batch.results, i);

      g_assert_true (g_file_equal (r->file, g_ptr_array_index (files, i)));
      if (i == 2)
        {
          /* The bad file is refused with its own reason, naming it. */
          g_assert_cmpint (r->photo_id, ==, 0);
          g_assert_error (r->error, STP_PHOTO_ERROR, STP_PHOTO_ERROR_UNSUPPORTED);
          g_assert_nonnull (strstr (r->error->message, "notes.jpg"));
          g_assert_cmpstr (r->name, ==, "notes.jpg");
        }
      else
        {
          g_assert_no_error (r->error);
          g_assert_cmpint (r->photo_id, >, 0);
        }
    }

  /* Progress after every file, in order, on this thread. */
  g_assert_cmpuint (batch.progress->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpuint (g_array_index (batch.progress, guint, i), ==, i + 1);
  g_assert_true (batch.on_main_thread);

  list = stp_store_list_photos (f->store, f->client, NULL);
  g_assert_cmpuint (list->len, ==, 4);
  count_store_files (f, &n_photos, &n_temp);
  g_assert_cmpuint (n_photos, ==, 4);
  g_assert_cmpuint (n_temp, ==, 0);

  g_ptr_array_unref (batch.results);
  g_array_unref (batch.progress);
}

static void
test_cancel (Fixture *f, gconstpointer data)
{
  g_autoptr(GPtrArray) files = make_batch_files (f, 8, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) list = NULL;
  Batch batch = { f, NULL, g_array_new (FALSE, FALSE, sizeof (guint)), cancellable, TRUE };
  guint imported = 0, cancelled = 0, n_photos, n_temp;

  stp_store_import_photos_async (f->store, f->client, (GFile **)files->pdata, files->len,
                                 cancellable, progress_cb, &batch, batch_done_cb, &batch);
  while (batch.results == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (batch.results->len, ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      StpPhotoImportResult *r = g_ptr_array_index (batch.results, i);

      /* Every file has one outcome; once cancelled, none after is imported. */
      g_assert_true ((r->photo_id > 0) != (r->error != NULL));
      if (r->photo_id > 0)
        {
          g_assert_cmpuint (cancelled, ==, 0);
          imported++;
        }
      else
        {
          g_assert_error (r->error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
          cancelled++;
        }
    }
  g_assert_cmpuint (imported, >=, 1);
  g_assert_cmpuint (cancelled, >=, 1);

  /* What was imported is kept, and nothing else is on disk. */
  list = stp_store_list_photos (f->store, f->client, NULL);
  g_assert_cmpuint (list->len, ==, imported);
  count_store_files (f, &n_photos, &n_temp);
  g_assert_cmpuint (n_photos, ==, imported);
  g_assert_cmpuint (n_temp, ==, 0);

  g_ptr_array_unref (batch.results);
  g_array_unref (batch.progress);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  main_thread = g_thread_self ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/photo/store/import", test_import);
  ADD ("/photo/store/thumbnail-orientations", test_thumbnail_orientations);
  ADD ("/photo/store/taken-at-file", test_taken_at_file);
  ADD ("/photo/store/heic", test_heic);
  ADD ("/photo/store/duplicate", test_duplicate);
  ADD ("/photo/store/edit", test_edit);
  ADD ("/photo/store/erase", test_erase);
  ADD ("/photo/store/refused", test_refused);
  ADD ("/photo/store/batch", test_batch);
  ADD ("/photo/store/cancel", test_cancel);

  return g_test_run ();
}
