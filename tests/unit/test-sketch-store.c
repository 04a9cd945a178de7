/* test-sketch-store.c: sketch versions in the store.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "stipple/stipple.h"
#include "test-sketch-util.h"
#include "test-util.h"

typedef struct
{
  char     *tmp;
  StpStore *store;
  gint64    client;
  gint64    photo;
  guint     created;
  guint     updated;
  guint     removed;
} Fixture;

static void
changed_cb (StpStore *store,
            int       entity,
            gint64    id,
            int       kind,
            gpointer  user_data)
{
  Fixture *f = user_data;

  if (entity != STP_ENTITY_SKETCH)
    return;
  if (kind == STP_CHANGE_CREATED)
    f->created++;
  else if (kind == STP_CHANGE_UPDATED)
    f->updated++;
  else
    f->removed++;
}

/* A photo row as the photo importer would leave it (its file does not matter here). */
static gint64
add_photo (Fixture *f)
{
  g_autofree char *path = test_db_path (stp_store_get_data_dir (f->store));
  sqlite3 *db = test_raw_open (path, SQLITE_OPEN_READWRITE);
  g_autofree char *sql = g_strdup_printf (
    "INSERT INTO photo (client_id, sha256, format, byte_size, width, height, taken_at, "
    "taken_at_source, thumbnail, imported_at) VALUES (%" G_GINT64_FORMAT ", '%064d', 'jpeg', "
    "1000, 1600, 1200, 0, 'import', x'00', 0)", f->client, 7);
  gint64 id;

  test_raw_exec (db, sql);
  id = sqlite3_last_insert_rowid (db);
  sqlite3_close (db);
  return id;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->store = test_open_store (f->tmp);
  f->client = test_add_client (f->store, "Marco", "Bellini", NULL, NULL, NULL);
  f->photo = add_photo (f);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
}

static StpSketch *
make_sketch (void)
{
  StpSketch *sketch = stp_sketch_new (1600, 1200);
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_STROKE);

  for (int i = 0; i < 20; i++)
    stp_sketch_item_add_point (item, 400 + i * 20, 300 + i, 0.5);
  stp_sketch_insert_item (sketch, -1, item);
  g_assert_true (stp_sketch_set_calibration (sketch, 0, 0, 100, 0, 25, NULL));
  return sketch;
}

static void
lock_version (Fixture *f,
              gint64   id)
{
  g_autofree char *path = test_db_path (stp_store_get_data_dir (f->store));
  sqlite3 *db = test_raw_open (path, SQLITE_OPEN_READWRITE);
  g_autofree char *sql = g_strdup_printf ("UPDATE sketch_version SET locked_at = 1700000000 "
                                          "WHERE id = %" G_GINT64_FORMAT
                                          " AND locked_at IS NULL", id);

  test_raw_exec (db, sql);
  g_assert_cmpint (sqlite3_changes (db), ==, 1);
  sqlite3_close (db);
}

static void
test_save_list_load (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(StpSketch) loaded = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) audit = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  StpSketchVersion *v;
  gint64 id, id2;

  id = stp_store_create_sketch_version (f->store, f->client, f->photo,
                                        "  Consultation hairline ", sketch, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (f->created, ==, 1);

  list = stp_store_list_sketch_versions (f->store, f->client, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  v = g_ptr_array_index (list, 0);
  g_assert_cmpint (v->id, ==, id);
  g_assert_cmpint (v->client_id, ==, f->client);
  g_assert_cmpint (v->photo_id, ==, f->photo);
  g_assert_cmpstr (v->name, ==, "Consultation hairline");
  g_assert_cmpint (v->format_version, ==, 1);
  g_assert_cmpint (v->locked_at, ==, 0);
  g_assert_cmpint (v->created_at, >=, test_now () - 5);
  g_assert_nonnull (v->thumbnail);
  /* The thumbnail is a real PNG with the sketch's aspect ratio. */
  g_assert_true (gdk_pixbuf_loader_write_bytes (loader, v->thumbnail, &error));
  g_assert_true (gdk_pixbuf_loader_close (loader, &error));
  g_assert_cmpint (gdk_pixbuf_get_width (gdk_pixbuf_loader_get_pixbuf (loader)), ==, 256);
  g_assert_cmpint (gdk_pixbuf_get_height (gdk_pixbuf_loader_get_pixbuf (loader)), ==, 192);

  loaded = stp_store_load_sketch (f->store, id, &error);
  g_assert_no_error (error);
  test_assert_sketch_equal (loaded, sketch);

  /* A second version for the same client, listed after the first. */
  id2 = stp_store_create_sketch_version (f->store, f->client, 0, "Revision 2027", sketch, NULL,
                                         &error);
  g_assert_no_error (error);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = stp_store_list_sketch_versions (f->store, f->client, &error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (((StpSketchVersion *) g_ptr_array_index (list, 1))->id, ==, id2);
  g_assert_cmpint (((StpSketchVersion *) g_ptr_array_index (list, 1))->photo_id, ==, 0);

  audit = stp_store_list_audit (f->store, "sketch_version", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, 1);
  g_assert_cmpstr (((StpAuditEntry *) g_ptr_array_index (audit, 0))->action, ==, "create");
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(StpSketch) loaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) thumb = g_bytes_new_static ("\x89PNG", 4);
  g_autoptr(StpSketchVersion) v = NULL;
  StpSketchItem *item = stp_sketch_item_new (STP_SKETCH_ITEM_LABEL);
  gint64 id;

  id = stp_store_create_sketch_version (f->store, f->client, f->photo, "Hairline", sketch,
                                        NULL, &error);
  g_assert_no_error (error);
  stp_sketch_item_set_text (item, "Crown");
  stp_sketch_insert_item (sketch, -1, item);
  g_assert_true (stp_store_update_sketch_version (f->store, id, sketch, thumb, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->updated, ==, 1);
  loaded = stp_store_load_sketch (f->store, id, &error);
  g_assert_no_error (error);
  test_assert_sketch_equal (loaded, sketch);
  v = stp_store_get_sketch_version (f->store, id, &error);
  g_assert_true (g_bytes_equal (v->thumbnail, thumb));

  g_assert_true (stp_store_rename_sketch_version (f->store, id, "Hairline, final", &error));
  g_clear_pointer (&v, stp_sketch_version_free);
  v = stp_store_get_sketch_version (f->store, id, &error);
  g_assert_cmpstr (v->name, ==, "Hairline, final");

  g_assert_false (stp_store_update_sketch_version (f->store, id + 100, sketch, NULL, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

static void
test_name_rules (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(GError) error = NULL;
  g_autofree char *long_name = g_strnfill (101, 'a');
  gint64 other_client = test_add_client (f->store, "Ana", "Lopes", NULL, NULL, NULL);
  gint64 id, id2;

  id = stp_store_create_sketch_version (f->store, f->client, f->photo, "Hairline", sketch,
                                        NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpint (stp_store_create_sketch_version (f->store, f->client, 0, " Hairline ",
                                                    sketch, NULL, &error), ==, 0);
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NAME_TAKEN);
  g_assert_nonnull (strstr (error->message, "“Hairline”"));
  g_clear_error (&error);

  g_assert_cmpint (stp_store_create_sketch_version (f->store, f->client, 0, "   ", sketch,
                                                    NULL, &error), ==, 0);
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_INVALID_NAME);
  g_clear_error (&error);
  g_assert_cmpint (stp_store_create_sketch_version (f->store, f->client, 0, long_name, sketch,
                                                    NULL, &error), ==, 0);
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_INVALID_NAME);
  g_clear_error (&error);

  /* Another client may use the same name, but not this client's photo. */
  id2 = stp_store_create_sketch_version (f->store, other_client, 0, "Hairline", sketch, NULL,
                                         &error);
  g_assert_no_error (error);
  g_assert_cmpint (id2, >, 0);
  g_assert_cmpint (stp_store_create_sketch_version (f->store, other_client, f->photo, "B",
                                                    sketch, NULL, &error), ==, 0);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Renaming onto a taken name, and copying onto one, are refused too. */
  g_assert_cmpint (stp_store_create_sketch_version (f->store, f->client, 0, "Second", sketch,
                                                    NULL, &error), >, 0);
  g_assert_false (stp_store_rename_sketch_version (f->store, id, "Second", &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  g_assert_cmpint (stp_store_copy_sketch_version (f->store, id, "Second", &error), ==, 0);
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_NAME_TAKEN);
  g_clear_error (&error);
  /* Renaming to its own name is fine. */
  g_assert_true (stp_store_rename_sketch_version (f->store, id, "Hairline", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->created, ==, 3);
}

static void
test_locked (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(StpSketch) loaded = NULL;
  g_autoptr(StpSketch) copied = NULL;
  g_autoptr(StpSketchVersion) v = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StpSketch) changed = NULL;
  gint64 id, copy;

  id = stp_store_create_sketch_version (f->store, f->client, f->photo, "Session 1 plan",
                                        sketch, NULL, &error);
  g_assert_no_error (error);
  lock_version (f, id);

  changed = stp_sketch_copy (sketch);
  stp_sketch_clear_calibration (changed);
  g_assert_false (stp_store_update_sketch_version (f->store, id, changed, NULL, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_LOCKED);
  g_assert_cmpstr (error->message, ==,
                   "This version is followed by a treatment session; copy it to edit.");
  g_clear_error (&error);
  g_assert_false (stp_store_rename_sketch_version (f->store, id, "Other", &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_false (stp_store_delete_sketch_version (f->store, id, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_LOCKED);
  g_clear_error (&error);
  g_assert_cmpuint (f->updated + f->removed, ==, 0);

  /* Nothing changed. */
  loaded = stp_store_load_sketch (f->store, id, &error);
  g_assert_no_error (error);
  test_assert_sketch_equal (loaded, sketch);

  /* A copy is a new, unlocked version with the same drawing, and it can be edited. */
  copy = stp_store_copy_sketch_version (f->store, id, "Session 2 plan", &error);
  g_assert_no_error (error);
  g_assert_cmpint (copy, >, id);
  v = stp_store_get_sketch_version (f->store, copy, &error);
  g_assert_cmpint (v->locked_at, ==, 0);
  g_assert_cmpint (v->copied_from, ==, id);
  g_assert_cmpint (v->photo_id, ==, f->photo);
  copied = stp_store_load_sketch (f->store, copy, &error);
  test_assert_sketch_equal (copied, sketch);
  g_assert_true (stp_store_update_sketch_version (f->store, copy, changed, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_delete_sketch_version (f->store, copy, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (f->removed, ==, 1);
  g_assert_null (stp_store_get_sketch_version (f->store, copy, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
}

/* A damaged drawing in the database is refused like a damaged file, not trusted. */
static void
test_damaged_body (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(StpSketch) sketch = make_sketch ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_db_path (stp_store_get_data_dir (f->store));
  g_autofree char *sql = NULL;
  sqlite3 *db;
  gint64 id;

  id = stp_store_create_sketch_version (f->store, f->client, 0, "Hairline", sketch, NULL,
                                        &error);
  g_assert_no_error (error);
  db = test_raw_open (path, SQLITE_OPEN_READWRITE);
  sql = g_strdup_printf ("UPDATE sketch_version SET body = substr(body, 1, 40) WHERE id = %"
                         G_GINT64_FORMAT, id);
  test_raw_exec (db, sql);
  sqlite3_close (db);
  g_assert_null (stp_store_load_sketch (f->store, id, &error));
  g_assert_error (error, STP_SKETCH_ERROR, STP_SKETCH_ERROR_TRUNCATED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/sketch/store/save-list-load", test_save_list_load);
  ADD ("/sketch/store/update", test_update);
  ADD ("/sketch/store/name-rules", test_name_rules);
  ADD ("/sketch/store/locked", test_locked);
  ADD ("/sketch/store/damaged-body", test_damaged_body);
#undef ADD

  return g_test_run ();
}
