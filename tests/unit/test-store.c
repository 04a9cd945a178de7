/* test-store.c: opening, migrations, refusals, pragmas, audit, change signals, staff,
 * settings.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test-util.h"
/* synchronous and foreign_keys are per-connection settings, so a second connection on the
 * file cannot see them: the store's own connection is asked through its private header. */
#include "stp-store-private.h"

/* ------------------------------------------------------------------------------------ */

typedef struct
{
  char     *tmp;
  char     *data_dir;
  char     *db_path;
  StpStore *store;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->tmp = test_make_tmp ();
  f->data_dir = g_build_filename (f->tmp, "data", NULL);
  f->db_path = test_db_path (f->data_dir);
  f->store = NULL;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  test_rm_rf (f->tmp);
  g_free (f->tmp);
  g_free (f->data_dir);
  g_free (f->db_path);
}

static void
close_store (Fixture *f)
{
  if (f->store)
    g_assert_finalize_object (g_steal_pointer (&f->store));
}

/* Checkpoints and removes the WAL so the main file holds everything. */
static void
checkpoint_file (const char *db_path)
{
  sqlite3 *db = test_raw_open (db_path, SQLITE_OPEN_READWRITE);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);

  test_raw_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
  /* The last connection to close deletes the WAL. */
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
}

/* Snapshot of the database file, and asserts that a refused open left it as it was and
 * left no pending writes behind in a WAL. */
typedef struct
{
  char  *bytes;
  gsize  len;
} Snapshot;

static void
snapshot_take (Snapshot   *s,
               const char *db_path)
{
  s->bytes = test_read_file (db_path, &s->len);
  g_assert_nonnull (s->bytes);
}

static void
snapshot_assert_unchanged (Snapshot   *s,
                           const char *db_path)
{
  gsize len = 0;
  g_autofree char *bytes = test_read_file (db_path, &len);
  g_autofree char *wal = g_strconcat (db_path, "-wal", NULL);
  GStatBuf st;

  g_assert_nonnull (bytes);
  g_assert_cmpuint (len, ==, s->len);
  g_assert_true (memcmp (bytes, s->bytes, len) == 0);
  if (g_stat (wal, &st) == 0)
    g_assert_cmpint (st.st_size, ==, 0);
  g_clear_pointer (&s->bytes, g_free);
}

static void
assert_open_refused (Fixture    *f,
                     GQuark      domain,
                     int         code)
{
  g_autoptr(GError) error = NULL;
  StpStore *store;

  store = stp_store_open (f->data_dir, &error);
  g_assert_error (error, domain, code);
  g_assert_null (store);
  /* A message a person can act on. */
  g_assert_nonnull (error->message);
  g_assert_cmpuint (strlen (error->message), >, 10);
}

/* ------------------------------------------------------------------------------------ */

static void
test_open_creates (Fixture       *f,
                   gconstpointer  data)
{
  GStatBuf st;
  g_autofree char *wal = NULL;

  g_assert_false (g_file_test (f->data_dir, G_FILE_TEST_EXISTS));

  f->store = test_open_store (f->data_dir);

  g_assert_cmpint (g_stat (f->data_dir, &st), ==, 0);
  g_assert_true (S_ISDIR (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_cmpint (g_stat (f->db_path, &st), ==, 0);
  g_assert_true (S_ISREG (st.st_mode));
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* SQLite gives the WAL the database's permissions: nobody else may read it either. */
  wal = g_strconcat (f->db_path, "-wal", NULL);
  if (g_stat (wal, &st) == 0)
    g_assert_cmpint (st.st_mode & 0077, ==, 0);

  g_assert_cmpstr (stp_store_get_data_dir (f->store), ==, f->data_dir);
  g_assert_cmpstr (stp_store_get_path (f->store), ==, f->db_path);
  g_assert_cmpint (stp_store_get_latest_schema_version (), >=, 1);
  g_assert_cmpint (stp_store_get_schema_version (f->store), ==,
                   stp_store_get_latest_schema_version ());
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ARCHIVED), ==, 0);
}

/* An existing, empty data folder (made by someone else) is fine too. */
static void
test_open_existing_empty_folder (Fixture       *f,
                                 gconstpointer  data)
{
  GStatBuf st;

  g_assert_cmpint (g_mkdir (f->data_dir, 0700), ==, 0);
  f->store = test_open_store (f->data_dir);
  g_assert_cmpint (g_stat (f->db_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (stp_store_get_schema_version (f->store), ==,
                   stp_store_get_latest_schema_version ());
}

static void
test_open_pragmas (Fixture       *f,
                   gconstpointer  data)
{
  sqlite3 *raw;
  sqlite3 *own;
  g_autofree char *mode = NULL;

  f->store = test_open_store (f->data_dir);
  own = _stp_store_get_db (f->store);
  g_assert_nonnull (own);

  /* The store's own connection. */
  g_assert_cmpint (test_raw_int (own, "PRAGMA foreign_keys"), ==, 1);
  g_assert_cmpint (test_raw_int (own, "PRAGMA synchronous"), ==, 2);
  g_assert_cmpint (test_raw_int (own, "PRAGMA busy_timeout"), >, 0);
  g_assert_cmpint (test_raw_int (own, "PRAGMA secure_delete"), ==, 1);
  g_assert_cmpint (test_raw_int (own, "PRAGMA cache_size"), ==, -16384);

  /* What is written in the file, seen by a stranger. */
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  mode = test_raw_text (raw, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "wal");
  g_assert_cmpint (test_raw_int (raw, "PRAGMA application_id"), !=, 0);
  g_assert_cmpint (test_raw_int (raw, "PRAGMA user_version"), ==,
                   stp_store_get_latest_schema_version ());
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
}

static void
test_open_reopen (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) client = NULL;
  g_autofree char *value = NULL;
  sqlite3 *raw;
  gint64 app_id;
  gint64 id;

  f->store = test_open_store (f->data_dir);
  id = test_add_client (f->store, "Zoë", "Müller", "+44 7700 900123", "zoe@example.com",
                        "Keeps the same data");
  g_assert_true (stp_store_set_setting (f->store, "clinic-name", "Hairline Studio", &error));
  g_assert_no_error (error);
  close_store (f);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  app_id = test_raw_int (raw, "PRAGMA application_id");
  sqlite3_close (raw);

  f->store = test_open_store (f->data_dir);
  g_assert_cmpint (stp_store_get_schema_version (f->store), ==,
                   stp_store_get_latest_schema_version ());
  client = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_client_get_given_name (client), ==, "Zoë");
  g_assert_cmpstr (stp_client_get_family_name (client), ==, "Müller");
  g_assert_cmpstr (stp_client_get_email (client), ==, "zoe@example.com");
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  value = stp_store_get_setting (f->store, "clinic-name");
  g_assert_cmpstr (value, ==, "Hairline Studio");
  close_store (f);

  /* Reopening does not rewrite the identity of the file. */
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "PRAGMA application_id"), ==, app_id);
  g_assert_cmpint (test_raw_int (raw, "PRAGMA user_version"), ==,
                   stp_store_get_latest_schema_version ());
  sqlite3_close (raw);
}

static void
test_open_newer_version (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sql = NULL;
  Snapshot snap;
  sqlite3 *raw;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  close_store (f);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  sql = g_strdup_printf ("PRAGMA user_version = %d", stp_store_get_latest_schema_version () + 1);
  test_raw_exec (raw, sql);
  test_raw_exec (raw, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NEWER_VERSION);
  snapshot_assert_unchanged (&snap, f->db_path);

  /* Refused again the same way: nothing was half-migrated the first time. */
  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NEWER_VERSION);
  snapshot_assert_unchanged (&snap, f->db_path);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "PRAGMA user_version"), ==,
                   stp_store_get_latest_schema_version () + 1);
  sqlite3_close (raw);
}

static void
test_open_not_sqlite (Fixture       *f,
                      gconstpointer  data)
{
  static const char text[] =
    "Shopping list\n- pigment, dark brown\n- needles 3RL\n- gloves (M)\n"
    "This is a plain text file that happens to be called stipple.db.\n";
  Snapshot snap;

  g_assert_cmpint (g_mkdir (f->data_dir, 0700), ==, 0);
  test_write_file (f->db_path, text, sizeof text - 1);

  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE);
  snapshot_assert_unchanged (&snap, f->db_path);
}

/* Large enough to look like a database header but still not one. */
static void
test_open_not_sqlite_binary (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree guint8 *junk = g_malloc (8192);
  Snapshot snap;

  for (guint i = 0; i < 8192; i++)
    junk[i] = (guint8) ((i * 2654435761u) >> 13);
  g_assert_cmpint (g_mkdir (f->data_dir, 0700), ==, 0);
  test_write_file (f->db_path, junk, 8192);

  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE);
  snapshot_assert_unchanged (&snap, f->db_path);
}

static void
test_open_foreign_sqlite (Fixture       *f,
                          gconstpointer  data)
{
  Snapshot snap;
  sqlite3 *raw;

  g_assert_cmpint (g_mkdir (f->data_dir, 0700), ==, 0);
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  test_raw_exec (raw, "CREATE TABLE recipe (id INTEGER PRIMARY KEY, title TEXT);"
                      "INSERT INTO recipe (title) VALUES ('Pancakes'), ('Soup');");
  g_assert_cmpint (test_raw_int (raw, "PRAGMA application_id"), ==, 0);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE);
  snapshot_assert_unchanged (&snap, f->db_path);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM recipe"), ==, 2);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM sqlite_schema"), ==, 1);
  sqlite3_close (raw);
}

/* Another program's database that also uses user_version and an application id. */
static void
test_open_foreign_application_id (Fixture       *f,
                                  gconstpointer  data)
{
  g_autofree char *sql = NULL;
  Snapshot snap;
  sqlite3 *raw;
  gint64 ours;

  /* Learn our own id from a real store in another folder. */
  {
    g_autofree char *other = g_build_filename (f->tmp, "other", NULL);
    g_autofree char *other_db = test_db_path (other);
    g_autoptr(StpStore) store = test_open_store (other);

    raw = test_raw_open (other_db, SQLITE_OPEN_READONLY);
    ours = test_raw_int (raw, "PRAGMA application_id");
    sqlite3_close (raw);
  }

  g_assert_cmpint (g_mkdir (f->data_dir, 0700), ==, 0);
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sql = g_strdup_printf ("PRAGMA application_id = %" G_GINT64_FORMAT ";"
                         "PRAGMA user_version = 1;"
                         "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT);"
                         "INSERT INTO note (body) VALUES ('hello');",
                         (gint64) (gint32) (ours + 1));
  test_raw_exec (raw, sql);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_NOT_STIPPLE);
  snapshot_assert_unchanged (&snap, f->db_path);
}

/* A database whose client table has its root page garbled. */
static void
damage_client_table (Fixture *f)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  gint64 page_size, root, n_pages;
  sqlite3 *raw;
  gsize start;

  f->store = test_open_store (f->data_dir);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *given = g_strdup_printf ("Client%03u", i);
      g_autofree char *notes = g_strdup_printf ("Session notes for client %u: "
                                                "density medium, shade 2, follow up "
                                                "in two weeks. %u", i, i * 7919);
      test_add_client (f->store, given, "Corrupt", "+44 7700 900123", NULL, notes);
    }
  close_store (f);
  checkpoint_file (f->db_path);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  page_size = test_raw_int (raw, "PRAGMA page_size");
  n_pages = test_raw_int (raw, "PRAGMA page_count");
  root = test_raw_int (raw, "SELECT rootpage FROM sqlite_schema "
                            "WHERE type = 'table' AND name = 'client'");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
  g_assert_cmpint (root, >, 1);
  g_assert_cmpint (root, <=, n_pages);

  /* The client table spans many pages, so its root is an interior b-tree page: garble
   * its middle (cell pointers and cells), keeping the page header byte. */
  bytes = test_read_file (f->db_path, &len);
  g_assert_cmpuint (len, ==, (gsize) (page_size * n_pages));
  start = (gsize) ((root - 1) * page_size);
  g_assert_cmpint (((guint8 *) bytes)[start], ==, 0x05); /* interior table b-tree page */
  for (gsize i = start + 12; i < start + page_size - 16; i++)
    bytes[i] = (char) 0xA5;
  test_write_file (f->db_path, bytes, len);
  g_chmod (f->db_path, 0600);
}

static void
test_open_corrupt (Fixture       *f,
                   gconstpointer  data)
{
  Snapshot snap;

  damage_client_table (f);
  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
  snapshot_assert_unchanged (&snap, f->db_path);
}

/* A database whose list-order index has its only (leaf) page garbled. */
static void
damage_client_index (Fixture *f)
{
  g_autofree char *bytes = NULL;
  gsize len = 0;
  gint64 page_size, n_pages, root;
  sqlite3 *raw;
  gsize start;

  f->store = test_open_store (f->data_dir);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *given = g_strdup_printf ("Leaf%03u", i);
      test_add_client (f->store, given, "Corrupt", NULL, NULL, NULL);
    }
  close_store (f);
  checkpoint_file (f->db_path);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  page_size = test_raw_int (raw, "PRAGMA page_size");
  n_pages = test_raw_int (raw, "PRAGMA page_count");
  /* The list-order index: a small index whose only page is a leaf full of cells. */
  root = test_raw_int (raw, "SELECT rootpage FROM sqlite_schema "
                            "WHERE type = 'index' AND tbl_name = 'client' "
                            "ORDER BY name LIMIT 1");
  sqlite3_close (raw);
  g_assert_cmpint (root, >, 1);

  bytes = test_read_file (f->db_path, &len);
  g_assert_cmpuint (len, ==, (gsize) (page_size * n_pages));
  start = (gsize) ((root - 1) * page_size);
  /* Cell pointers start right after the 8-byte leaf header. */
  for (gsize i = start + 8; i < start + page_size / 2; i++)
    bytes[i] = (char) 0xFF;
  test_write_file (f->db_path, bytes, len);
  g_chmod (f->db_path, 0600);
}

static void
test_open_corrupt_leaf (Fixture       *f,
                        gconstpointer  data)
{
  Snapshot snap;

  damage_client_index (f);
  snapshot_take (&snap, f->db_path);
  assert_open_refused (f, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
  snapshot_assert_unchanged (&snap, f->db_path);
}

/* The quick check left for later (the window's way of opening) ------------------------ */

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Runs the deferred check to its verdict, and waits until its task has let go of the
 * store (the worker thread may drop its reference after the callback has run), so that
 * tests can assert the store is finalized when they close it. */
static gboolean
run_check (StpStore      *store,
           GCancellable  *cancellable,
           GError       **error)
{
  GAsyncResult *result = NULL;
  GWeakRef task;
  gboolean ok;
  GObject *alive;

  stp_store_check_async (store, cancellable, check_done_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  ok = stp_store_check_finish (store, result, error);

  g_weak_ref_init (&task, result);
  g_object_unref (result);
  while ((alive = g_weak_ref_get (&task)) != NULL)
    {
      g_object_unref (alive);
      g_usleep (1000);
      g_main_context_iteration (NULL, FALSE);
    }
  g_weak_ref_clear (&task);

  return ok;
}

static gint64
try_add_client (StpStore  *store,
                GError   **error)
{
  g_autoptr(StpClient) client = test_client_new ("Late", "Writer");

  return stp_store_create_client (store, client, error);
}

typedef enum
{
  DAMAGE_TABLE,
  DAMAGE_INDEX,
} Damage;

/* Opened for checking later, a damaged database still reads as far as it can, fails its
 * check, refuses every write after that, and keeps every byte, WAL included. */
static void
test_unchecked_corrupt (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean write_first = GPOINTER_TO_INT (data) == DAMAGE_INDEX;
  Snapshot snap;

  if (write_first)
    damage_client_index (f);
  else
    damage_client_table (f);
  snapshot_take (&snap, f->db_path);

  f->store = stp_store_open_unchecked (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->store);
  g_assert_false (stp_store_is_checked (f->store));

  if (write_first)
    {
      /* Nobody ran the check: the first write runs it, and is refused. */
      g_assert_cmpint (try_add_client (f->store, &error), ==, 0);
      g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
      g_assert_false (run_check (f->store, NULL, &error));
      g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
    }
  else
    {
      g_assert_false (run_check (f->store, NULL, &error));
      g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
      g_clear_error (&error);
      g_assert_cmpint (try_add_client (f->store, &error), ==, 0);
      g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
    }
  g_assert_false (stp_store_is_checked (f->store));

  close_store (f);
  snapshot_assert_unchanged (&snap, f->db_path);
}

/* A damaged database that also needs migrating is checked before it opens, since
 * migrations write. */
static void
test_unchecked_corrupt_needing_migration (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  Snapshot snap;
  sqlite3 *raw;

  damage_client_table (f);
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  test_raw_exec (raw, "PRAGMA user_version = 1");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
  snapshot_take (&snap, f->db_path);

  g_assert_null (stp_store_open_unchecked (f->data_dir, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_CORRUPT);
  snapshot_assert_unchanged (&snap, f->db_path);
}

static void
test_unchecked_healthy (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Early", "Reader", NULL, NULL, NULL);
  close_store (f);

  /* Reads before any check; the first write runs it on the spot. */
  f->store = stp_store_open_unchecked (f->data_dir, &error);
  g_assert_no_error (error);
  g_assert_false (stp_store_is_checked (f->store));
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  id = try_add_client (f->store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_true (stp_store_is_checked (f->store));
  /* Asking afterwards gives the same verdict at once. */
  g_assert_true (run_check (f->store, NULL, &error));
  g_assert_no_error (error);
  close_store (f);

  /* A cancelled check judges nothing and can run again. */
  f->store = stp_store_open_unchecked (f->data_dir, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  g_assert_false (run_check (f->store, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);
  g_assert_false (stp_store_is_checked (f->store));
  g_assert_true (run_check (f->store, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_is_checked (f->store));
  g_assert_cmpint (try_add_client (f->store, &error), >, id);
  g_assert_no_error (error);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 3);
}

/* Closed before its check, an unchecked store leaves the file exactly as it found it:
 * it does not copy a crashed session's write-ahead log into the database. */
static void
test_unchecked_close_keeps_wal (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *copy_dir = g_build_filename (f->tmp, "copy", NULL);
  g_autofree char *copy_db = test_db_path (copy_dir);
  g_autofree char *copy_wal = g_strconcat (copy_db, "-wal", NULL);
  g_autofree char *wal = g_strconcat (f->db_path, "-wal", NULL);
  g_autofree char *db_bytes = NULL;
  g_autofree char *wal_bytes = NULL;
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStore) copy = NULL;
  gsize db_len = 0, wal_len = 0, after_len = 0;

  f->store = test_open_store (f->data_dir);
  for (guint i = 0; i < 20; i++)
    test_add_client (f->store, "Wal", "Frame", NULL, NULL, NULL);

  /* What a crash leaves behind: committed pages still in the log. */
  db_bytes = test_read_file (f->db_path, &db_len);
  wal_bytes = test_read_file (wal, &wal_len);
  g_assert_cmpuint (wal_len, >, 0);
  g_assert_cmpint (g_mkdir (copy_dir, 0700), ==, 0);
  test_write_file (copy_db, db_bytes, db_len);
  test_write_file (copy_wal, wal_bytes, wal_len);
  g_chmod (copy_db, 0600);
  g_chmod (copy_wal, 0600);

  copy = stp_store_open_unchecked (copy_dir, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stp_store_count_clients (copy, STP_CLIENT_SCOPE_ACTIVE), ==, 20);
  g_assert_finalize_object (g_steal_pointer (&copy));

  after = test_read_file (copy_db, &after_len);
  g_assert_cmpuint (after_len, ==, db_len);
  g_assert_true (memcmp (after, db_bytes, db_len) == 0);
  g_clear_pointer (&after, g_free);
  after = test_read_file (copy_wal, &after_len);
  g_assert_cmpuint (after_len, ==, wal_len);
}

/* A newer Stipple migrated the database and then crashed: its user_version sits in the
 * write-ahead log only. This version must still see that it is too old. */
static void
test_open_newer_version_in_wal (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *wal = NULL;
  Snapshot snap;
  sqlite3 *raw;
  pid_t pid;
  int status = 0;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  close_store (f);
  checkpoint_file (f->db_path);

  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      /* The "newer Stipple": commits to the WAL and dies without closing. */
      sqlite3 *db = NULL;
      char sql[128];
      if (sqlite3_open_v2 (f->db_path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
        _exit (1);
      g_snprintf (sql, sizeof sql, "PRAGMA wal_autocheckpoint = 0; "
                  "PRAGMA user_version = %d; CREATE TABLE future_thing (x);",
                  stp_store_get_latest_schema_version () + 1);
      if (sqlite3_exec (db, sql, NULL, NULL, NULL) != SQLITE_OK)
        _exit (2);
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
  wal = g_strconcat (f->db_path, "-wal", NULL);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  snapshot_take (&snap, f->db_path);
  {
    g_autoptr(GError) error = NULL;
    StpStore *store = stp_store_open (f->data_dir, &error);
    g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NEWER_VERSION);
    g_assert_null (store);
  }
  /* The main file is as it was; the newer version's commit is still there. */
  {
    gsize len = 0;
    g_autofree char *bytes = test_read_file (f->db_path, &len);
    g_assert_cmpuint (len, ==, snap.len);
    g_assert_true (memcmp (bytes, snap.bytes, len) == 0);
    g_clear_pointer (&snap.bytes, g_free);
  }
  raw = test_raw_open (f->db_path, SQLITE_OPEN_READONLY);
  g_assert_cmpint (test_raw_int (raw, "PRAGMA user_version"), ==,
                   stp_store_get_latest_schema_version () + 1);
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM sqlite_schema "
                                      "WHERE name = 'future_thing'"), ==, 1);
  sqlite3_close (raw);
}

static void
test_open_data_dir_is_file (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  StpStore *store;

  test_write_file (f->data_dir, "not a folder", 12);
  store = stp_store_open (f->data_dir, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO);
  g_assert_null (store);
  g_assert_true (g_file_test (f->data_dir, G_FILE_TEST_IS_REGULAR));
}

static void
test_open_unwritable_parent (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_build_filename (f->tmp, "locked", NULL);
  g_autofree char *dir = g_build_filename (parent, "data", NULL);
  StpStore *store;

  if (geteuid () == 0)
    {
      g_test_skip ("root may write anywhere");
      return;
    }
  g_assert_cmpint (g_mkdir (parent, 0500), ==, 0);
  store = stp_store_open (dir, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO);
  g_assert_null (store);
  g_chmod (parent, 0700);
}

/* Another program holds the write lock: a clear BUSY error, nothing written, no signal. */
static void
count_cb (StpStore *store,
          int       entity,
          gint64    id,
          int       kind,
          gpointer  user_data)
{
  (*(guint *) user_data)++;
}

static void
test_busy (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) c = test_client_new ("Bea", "Busy");
  g_autoptr(GPtrArray) audit = NULL;
  guint n_signals = 0;
  guint n_audit;
  sqlite3 *raw;
  gint64 id;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  /* Keep the test quick: the store would otherwise wait its full busy timeout. */
  sqlite3_busy_timeout (_stp_store_get_db (f->store), 200);
  g_signal_connect (f->store, "changed", G_CALLBACK (count_cb), &n_signals);
  audit = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  n_audit = audit->len;
  g_clear_pointer (&audit, g_ptr_array_unref);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  test_raw_exec (raw, "BEGIN IMMEDIATE");

  id = stp_store_create_client (f->store, c, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_BUSY);
  g_assert_cmpint (id, <=, 0);
  g_assert_cmpint (stp_client_get_id (c), ==, 0);
  g_clear_error (&error);
  g_assert_cmpuint (n_signals, ==, 0);

  test_raw_exec (raw, "COMMIT");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 1);
  audit = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit->len, ==, n_audit);

  /* Once the other program lets go, the same client can be saved. */
  id = stp_store_create_client (f->store, c, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpuint (stp_store_count_clients (f->store, STP_CLIENT_SCOPE_ACTIVE), ==, 2);
  g_assert_cmpuint (n_signals, ==, 1);
}

static void
test_default_data_dir (Fixture       *f,
                       gconstpointer  data)
{
  g_autofree char *old = g_strdup (g_getenv ("STIPPLE_DATA_DIR"));
  g_autofree char *dir = NULL;

  g_setenv ("STIPPLE_DATA_DIR", f->data_dir, TRUE);
  dir = stp_store_default_data_dir ();
  g_assert_cmpstr (dir, ==, f->data_dir);
  if (old)
    g_setenv ("STIPPLE_DATA_DIR", old, TRUE);
  else
    g_unsetenv ("STIPPLE_DATA_DIR");
}

static void
test_integrity_ok (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *report = NULL;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  g_assert_true (stp_store_check_integrity (f->store, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");
}

static gint64
add_staff (StpStore     *store,
           const char   *name,
           StpStaffRole  role)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpStaff) staff = stp_staff_new (name, role);
  gint64 id = stp_store_create_staff (store, staff, &error);

  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (stp_staff_get_id (staff), ==, id);
  return id;
}

/* ------------------------------------------------------------------------------------ */
/* Backup */

static void
test_backup (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup_dir = g_build_filename (f->tmp, "backup", NULL);
  g_autofree char *dest = test_db_path (backup_dir);
  g_autofree char *dest_wal = g_strconcat (dest, "-wal", NULL);
  g_autofree char *mode = NULL;
  g_autoptr(StpStore) copy = NULL;
  g_autoptr(GArray) ids = NULL;
  g_autoptr(GPtrArray) audit_src = NULL;
  g_autoptr(GPtrArray) audit_copy = NULL;
  g_autofree char *clinic = NULL;
  g_autofree char *report = NULL;
  GStatBuf st;
  sqlite3 *raw;
  gint64 zoe, arch, later, staff;

  f->store = test_open_store (f->data_dir);
  staff = add_staff (f->store, "Bo Backup", STP_STAFF_ROLE_ADMIN);
  stp_store_set_actor (f->store, staff);
  zoe = test_add_client (f->store, "Zoë", "Müller", "+44 7700 900123", "zoe@example.com",
                         "Shade 2");
  arch = test_add_client (f->store, "Arvid", "Archived", NULL, NULL, NULL);
  for (guint i = 0; i < 50; i++)
    {
      g_autofree char *given = g_strdup_printf ("Bulk%02u", i);
      test_add_client (f->store, given, "Backup", NULL, NULL, NULL);
    }
  g_assert_true (stp_store_set_client_archived (f->store, arch, TRUE, &error));
  g_assert_true (stp_store_set_setting (f->store, "clinic-name", "Hairline Studio", &error));
  g_assert_no_error (error);

  g_assert_cmpint (g_mkdir (backup_dir, 0700), ==, 0);
  g_assert_true (stp_store_backup (f->store, dest, &error));
  g_assert_no_error (error);

  /* Private, self-contained (no WAL needed beside it). */
  g_assert_cmpint (g_stat (dest, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_false (g_file_test (dest_wal, G_FILE_TEST_EXISTS));
  raw = test_raw_open (dest, SQLITE_OPEN_READONLY);
  mode = test_raw_text (raw, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, !=, "wal");
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM client"), ==, 52);
  sqlite3_close (raw);

  /* The store keeps working; the backup is a snapshot of the moment it was taken. */
  later = test_add_client (f->store, "Lena", "Later", NULL, NULL, NULL);

  /* Never over an existing file: the earlier backup stays as it was. */
  {
    Snapshot snap;
    snapshot_take (&snap, dest);
    g_assert_false (stp_store_backup (f->store, dest, &error));
    g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO);
    g_clear_error (&error);
    snapshot_assert_unchanged (&snap, dest);
  }

  /* The copy opens as a Stipple data folder with everything in it. */
  copy = test_open_store (backup_dir);
  g_assert_cmpint (stp_store_get_schema_version (copy), ==,
                   stp_store_get_latest_schema_version ());
  g_assert_true (stp_store_check_integrity (copy, &report, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (report, ==, "ok");
  g_assert_cmpuint (stp_store_count_clients (copy, STP_CLIENT_SCOPE_ACTIVE), ==, 51);
  g_assert_cmpuint (stp_store_count_clients (copy, STP_CLIENT_SCOPE_ARCHIVED), ==, 1);
  {
    g_autoptr(StpClient) c = stp_store_get_client (copy, zoe, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stp_client_get_given_name (c), ==, "Zoë");
    g_assert_cmpstr (stp_client_get_notes (c), ==, "Shade 2");
  }
  {
    g_autoptr(StpClient) c = stp_store_get_client (copy, later, &error);
    g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
    g_assert_null (c);
    g_clear_error (&error);
  }
  ids = stp_store_search_clients (copy, "muller", STP_CLIENT_SCOPE_ACTIVE, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (ids->len, ==, 1);
  g_assert_cmpint (g_array_index (ids, gint64, 0), ==, zoe);
  clinic = stp_store_get_setting (copy, "clinic-name");
  g_assert_cmpstr (clinic, ==, "Hairline Studio");
  audit_src = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  audit_copy = stp_store_list_audit (copy, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (audit_copy->len, ==, audit_src->len - 1); /* all but "Lena Later" */
}

static void
test_backup_bad_destination (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->tmp, "no", "such", "folder", "b.db", NULL);

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  g_assert_false (stp_store_backup (f->store, dest, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_IO);
  g_assert_false (g_file_test (dest, G_FILE_TEST_EXISTS));
}

/* A backup taken after an erase holds nothing of the erased person either. */
static void
test_backup_after_erase (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dest = g_build_filename (f->tmp, "after-erase.db", NULL);
  g_autofree char *bytes = NULL;
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autoptr(StpClient) c = NULL;
  gsize len = 0;
  gint64 id;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Anna", "Smith", NULL, NULL, NULL);
  for (guint i = 0; i < 150; i++)
    g_string_append (notes, "Quendolyn Zyxwarbler session notes. ");
  c = test_client_new ("Quendolyn", "Zyxwarbler");
  stp_client_set_notes (c, notes->str);
  id = stp_store_create_client (f->store, c, &error);
  g_assert_no_error (error);
  stp_client_set_notes (c, "Shorter notes about Zyxwarbler");
  g_assert_true (stp_store_update_client (f->store, c, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);

  g_assert_true (stp_store_backup (f->store, dest, &error));
  g_assert_no_error (error);
  bytes = test_read_file (dest, &len);
  g_assert_nonnull (bytes);
  g_assert_cmpuint (len, >, 0);
  g_assert_false (test_memcasemem (bytes, len, "warbler"));
  g_assert_false (test_memcasemem (bytes, len, "endolyn"));
  g_assert_true (test_memcasemem (bytes, len, "Smith"));
}

/* ------------------------------------------------------------------------------------ */
/* Audit */


static gboolean
fields_have (const char *fields,
             const char *name)
{
  g_auto(GStrv) parts = g_strsplit (fields ? fields : "", ",", -1);

  for (guint i = 0; parts[i]; i++)
    {
      g_autofree char *p = g_strstrip (g_strdup (parts[i]));
      g_autofree char *norm = g_strdelimit (g_strdup (p), "-", '_');
      if (g_strcmp0 (norm, name) == 0)
        return TRUE;
    }
  return FALSE;
}

static void
assert_entry (StpAuditEntry *e,
              const char    *action,
              const char    *entity,
              gint64         entity_id,
              gint64         staff_id,
              gint64         before,
              gint64         after)
{
  g_assert_nonnull (e);
  g_assert_cmpstr (e->action, ==, action);
  g_assert_cmpstr (e->entity, ==, entity);
  g_assert_cmpint (e->entity_id, ==, entity_id);
  g_assert_cmpint (e->staff_id, ==, staff_id);
  g_assert_cmpint (e->at, >=, before);
  g_assert_cmpint (e->at, <=, after);
  g_assert_cmpint (e->id, >, 0);
}

static void
test_audit_client (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(StpClient) client = NULL;
  gint64 before, after;
  gint64 staff_a, staff_b, id;
  StpAuditEntry *e;

  f->store = test_open_store (f->data_dir);
  staff_a = add_staff (f->store, "Priya Practitioner", STP_STAFF_ROLE_PRACTITIONER);
  staff_b = add_staff (f->store, "Rob Reception", STP_STAFF_ROLE_RECEPTIONIST);

  g_assert_cmpint (stp_store_get_actor (f->store), ==, 0);
  stp_store_set_actor (f->store, staff_a);
  g_assert_cmpint (stp_store_get_actor (f->store), ==, staff_a);

  before = test_now ();
  client = test_client_new ("Ingrid", "Auditson");
  stp_client_set_phone (client, "+44 7700 900555");
  id = stp_store_create_client (f->store, client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  after = test_now ();

  rows = stp_store_list_audit (f->store, "client", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  e = g_ptr_array_index (rows, 0);
  assert_entry (e, "create", "client", id, staff_a, before, after);
  /* Field names (if any), never values. */
  g_assert_nonnull (e->fields);
  g_assert_null (strstr (e->fields, "Ingrid"));
  g_assert_null (strstr (e->fields, "900555"));
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Update by another person, changing only the email. */
  stp_store_set_actor (f->store, staff_b);
  {
    g_autoptr(StpClient) edit = stp_store_get_client (f->store, id, &error);
    g_assert_no_error (error);
    stp_client_set_email (edit, "ingrid@example.com");
    before = test_now ();
    g_assert_true (stp_store_update_client (f->store, edit, &error));
    g_assert_no_error (error);
    after = test_now ();
  }
  rows = stp_store_list_audit (f->store, "client", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  e = g_ptr_array_index (rows, 0); /* newest first */
  assert_entry (e, "update", "client", id, staff_b, before, after);
  g_assert_true (fields_have (e->fields, "email"));
  g_assert_false (fields_have (e->fields, "given_name"));
  g_assert_false (fields_have (e->fields, "family_name"));
  g_assert_false (fields_have (e->fields, "phone"));
  g_assert_null (strstr (e->fields, "ingrid@"));
  e = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (e->action, ==, "create");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Archive and restore; nobody chosen at the workstation. */
  stp_store_set_actor (f->store, 0);
  before = test_now ();
  g_assert_true (stp_store_set_client_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_set_client_archived (f->store, id, FALSE, &error));
  g_assert_no_error (error);
  after = test_now ();
  rows = stp_store_list_audit (f->store, "client", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_entry (g_ptr_array_index (rows, 0), "restore", "client", id, 0, before, after);
  assert_entry (g_ptr_array_index (rows, 1), "archive", "client", id, 0, before, after);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* limit */
  rows = stp_store_list_audit (f->store, "client", id, 2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpstr (((StpAuditEntry *) g_ptr_array_index (rows, 0))->action, ==, "restore");
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Erase writes an erase row and keeps the history of the record's id. */
  stp_store_set_actor (f->store, staff_a);
  before = test_now ();
  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);
  after = test_now ();
  rows = stp_store_list_audit (f->store, "client", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 5);
  assert_entry (g_ptr_array_index (rows, 0), "erase", "client", id, staff_a, before, after);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* Everything, and the staff rows among it; ids strictly descending (newest first). */
  all = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, >=, 7);
  {
    guint n_staff = 0;
    for (guint i = 0; i < all->len; i++)
      {
        StpAuditEntry *x = g_ptr_array_index (all, i);
        if (g_strcmp0 (x->entity, "staff") == 0 && g_strcmp0 (x->action, "create") == 0)
          n_staff++;
        if (i > 0)
          g_assert_cmpint (x->id, <, ((StpAuditEntry *) g_ptr_array_index (all, i - 1))->id);
      }
    g_assert_cmpuint (n_staff, ==, 2);
  }
  g_clear_pointer (&rows, g_ptr_array_unref);
  rows = stp_store_list_audit (f->store, "staff", 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_cmpint (((StpAuditEntry *) g_ptr_array_index (rows, 0))->entity_id, ==, staff_b);
  g_assert_cmpint (((StpAuditEntry *) g_ptr_array_index (rows, 1))->entity_id, ==, staff_a);
}

static void
test_audit_staff (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(StpStaff) staff = NULL;
  gint64 admin, id;
  StpAuditEntry *e;

  f->store = test_open_store (f->data_dir);
  admin = add_staff (f->store, "Ada Admin", STP_STAFF_ROLE_ADMIN);
  stp_store_set_actor (f->store, admin);
  id = add_staff (f->store, "Pia Practitioner", STP_STAFF_ROLE_PRACTITIONER);

  staff = stp_store_get_staff (f->store, id, &error);
  g_assert_no_error (error);
  stp_staff_set_role (staff, STP_STAFF_ROLE_CONSULTANT);
  stp_staff_set_active (staff, FALSE);
  g_assert_true (stp_store_update_staff (f->store, staff, &error));
  g_assert_no_error (error);

  rows = stp_store_list_audit (f->store, "staff", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 2);
  e = g_ptr_array_index (rows, 0);
  g_assert_cmpstr (e->action, ==, "update");
  g_assert_cmpstr (e->entity, ==, "staff");
  g_assert_cmpint (e->entity_id, ==, id);
  g_assert_cmpint (e->staff_id, ==, admin);
  g_assert_true (fields_have (e->fields, "role"));
  g_assert_true (fields_have (e->fields, "active"));
  g_assert_false (fields_have (e->fields, "name"));
  g_assert_null (strstr (e->fields, "consultant"));
  e = g_ptr_array_index (rows, 1);
  g_assert_cmpstr (e->action, ==, "create");
  g_assert_cmpint (e->staff_id, ==, admin);
}

/* A refused change writes no audit row either: same transaction. */
static void
test_audit_not_on_failure (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(StpClient) bad = test_client_new ("", "");
  guint n_before;

  f->store = test_open_store (f->data_dir);
  rows = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  n_before = rows->len;
  g_clear_pointer (&rows, g_ptr_array_unref);

  g_assert_cmpint (stp_store_create_client (f->store, bad, &error), <=, 0);
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_NAME_REQUIRED);
  g_clear_error (&error);

  g_assert_false (stp_store_set_client_archived (f->store, 424242, TRUE, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  rows = stp_store_list_audit (f->store, NULL, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, n_before);
}

static void
test_audit_append_only (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3 *raw;
  gint64 n, id;
  g_autofree char *action = NULL;

  f->store = test_open_store (f->data_dir);
  id = test_add_client (f->store, "Otto", "Append", NULL, NULL, NULL);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  n = test_raw_int (raw, "SELECT count(*) FROM audit_log");
  g_assert_cmpint (n, >=, 1);

  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE audit_log SET action = 'forged'"), !=,
                   SQLITE_OK);
  g_assert_cmpint (test_raw_try_exec (raw, "UPDATE audit_log SET staff_id = 99, at = 0"), !=,
                   SQLITE_OK);
  g_assert_cmpint (test_raw_try_exec (raw, "DELETE FROM audit_log"), !=, SQLITE_OK);
  g_assert_cmpint (test_raw_try_exec (raw, "DELETE FROM audit_log WHERE id = "
                                           "(SELECT max(id) FROM audit_log)"), !=, SQLITE_OK);

  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM audit_log"), ==, n);
  action = test_raw_text (raw, "SELECT action FROM audit_log ORDER BY id DESC LIMIT 1");
  g_assert_cmpstr (action, ==, "create");
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);

  /* The store still sees the untouched row. */
  rows = stp_store_list_audit (f->store, "client", id, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (rows->len, ==, 1);
  g_assert_cmpstr (((StpAuditEntry *) g_ptr_array_index (rows, 0))->action, ==, "create");
}

/* INSERT OR REPLACE overwrites a row by deleting it first; SQLite runs no DELETE trigger
 * for that unless recursive triggers are on, so the table must refuse it another way. */
static void
test_audit_append_only_replace (Fixture       *f,
                                gconstpointer  data)
{
  sqlite3 *raw;
  gint64 n, first_id;
  int rc;
  g_autofree char *sql = NULL;
  g_autofree char *action = NULL;

  f->store = test_open_store (f->data_dir);
  test_add_client (f->store, "Otto", "Append", NULL, NULL, NULL);

  raw = test_raw_open (f->db_path, SQLITE_OPEN_READWRITE);
  n = test_raw_int (raw, "SELECT count(*) FROM audit_log");
  first_id = test_raw_int (raw, "SELECT min(id) FROM audit_log");
  sql = g_strdup_printf ("INSERT OR REPLACE INTO audit_log (id, at, action, entity, entity_id) "
                         "VALUES (%" G_GINT64_FORMAT ", 0, 'forged', 'client', 0)", first_id);
  rc = test_raw_try_exec (raw, sql);
  action = test_raw_text (raw, "SELECT action FROM audit_log ORDER BY id LIMIT 1");
  g_assert_cmpint (test_raw_int (raw, "SELECT count(*) FROM audit_log"), ==, n);
  g_assert_cmpint (sqlite3_close (raw), ==, SQLITE_OK);
  g_test_message ("INSERT OR REPLACE: rc %d, first row's action now \"%s\"", rc, action);
  g_assert_cmpstr (action, !=, "forged");
  g_assert_cmpint (rc, !=, SQLITE_OK);
}

/* ------------------------------------------------------------------------------------ */
/* Change signals */

typedef struct
{
  int       entity;
  gint64    id;
  int       kind;
  gboolean  visible;  /* what the store said about the record inside the handler */
} Change;

static void
changed_cb (StpStore *store,
            int       entity,
            gint64    id,
            int       kind,
            gpointer  user_data)
{
  GArray *changes = user_data;
  Change c = { entity, id, kind, FALSE };

  /* Emitted after the commit: the store already shows the new state. */
  if (entity == STP_ENTITY_CLIENT)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(StpClient) client = stp_store_get_client (store, id, &error);
      c.visible = client != NULL;
      if (client == NULL)
        g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
    }
  g_array_append_val (changes, c);
}

static void
assert_one_change (GArray *changes,
                   int     entity,
                   gint64  id,
                   int     kind)
{
  Change *c;

  g_assert_cmpuint (changes->len, ==, 1);
  c = &g_array_index (changes, Change, 0);
  g_assert_cmpint (c->entity, ==, entity);
  if (id >= 0)
    g_assert_cmpint (c->id, ==, id);
  g_assert_cmpint (c->kind, ==, kind);
  g_array_set_size (changes, 0);
}

static void
test_signal_changed (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) changes = g_array_new (FALSE, TRUE, sizeof (Change));
  g_autoptr(StpClient) client = NULL;
  g_autoptr(StpClient) bad = test_client_new ("  ", "");
  gint64 id, staff_id;

  f->store = test_open_store (f->data_dir);
  g_signal_connect (f->store, "changed", G_CALLBACK (changed_cb), changes);

  id = test_add_client (f->store, "Sig", "Nal", NULL, NULL, NULL);
  assert_one_change (changes, STP_ENTITY_CLIENT, id, STP_CHANGE_CREATED);
  /* The handler could already read the new client. */

  client = stp_store_get_client (f->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 0);  /* reading is not a change */
  stp_client_set_notes (client, "New notes");
  g_assert_true (stp_store_update_client (f->store, client, &error));
  g_assert_no_error (error);
  g_assert_true (g_array_index (changes, Change, 0).visible);
  assert_one_change (changes, STP_ENTITY_CLIENT, id, STP_CHANGE_UPDATED);

  g_assert_true (stp_store_set_client_archived (f->store, id, TRUE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpint (g_array_index (changes, Change, 0).entity, ==, STP_ENTITY_CLIENT);
  g_assert_cmpint (g_array_index (changes, Change, 0).id, ==, id);
  g_assert_cmpint (g_array_index (changes, Change, 0).kind, ==, STP_CHANGE_UPDATED);
  g_array_set_size (changes, 0);

  g_assert_true (stp_store_set_client_archived (f->store, id, FALSE, &error));
  g_assert_no_error (error);
  assert_one_change (changes, STP_ENTITY_CLIENT, id, STP_CHANGE_UPDATED);

  g_assert_true (stp_store_erase_client (f->store, id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_false (g_array_index (changes, Change, 0).visible); /* already gone */
  assert_one_change (changes, STP_ENTITY_CLIENT, id, STP_CHANGE_REMOVED);

  /* A refused change says nothing. */
  g_assert_cmpint (stp_store_create_client (f->store, bad, &error), <=, 0);
  g_assert_error (error, STP_CLIENT_ERROR, STP_CLIENT_ERROR_NAME_REQUIRED);
  g_clear_error (&error);
  g_assert_false (stp_store_erase_client (f->store, id, &error));
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (changes->len, ==, 0);

  /* Staff and settings. */
  {
    g_autoptr(StpStaff) staff = stp_staff_new ("Carla Consultant", STP_STAFF_ROLE_CONSULTANT);
    staff_id = stp_store_create_staff (f->store, staff, &error);
    g_assert_no_error (error);
    assert_one_change (changes, STP_ENTITY_STAFF, staff_id, STP_CHANGE_CREATED);
    stp_staff_set_active (staff, FALSE);
    g_assert_true (stp_store_update_staff (f->store, staff, &error));
    g_assert_no_error (error);
    assert_one_change (changes, STP_ENTITY_STAFF, staff_id, STP_CHANGE_UPDATED);
  }
  g_assert_true (stp_store_set_setting (f->store, "clinic-phone", "+44 20 7946 0000", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changes->len, ==, 1);
  g_assert_cmpint (g_array_index (changes, Change, 0).entity, ==, STP_ENTITY_SETTING);
}

/* ------------------------------------------------------------------------------------ */
/* Staff */

static void
test_staff_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(StpStaff) got = NULL;
  gint64 zara, adam, mina;

  f->store = test_open_store (f->data_dir);
  zara = add_staff (f->store, "Zara Žukauskas", STP_STAFF_ROLE_ADMIN);
  adam = add_staff (f->store, "Adam Ames", STP_STAFF_ROLE_PRACTITIONER);
  mina = add_staff (f->store, "Mina Moreau", STP_STAFF_ROLE_RECEPTIONIST);

  got = stp_store_get_staff (f->store, zara, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_staff_get_name (got), ==, "Zara Žukauskas");
  g_assert_cmpint (stp_staff_get_role (got), ==, STP_STAFF_ROLE_ADMIN);
  g_assert_true (stp_staff_get_active (got));
  g_assert_cmpint (stp_staff_get_id (got), ==, zara);

  list = stp_store_list_staff (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 0)), ==, adam);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 1)), ==, mina);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 2)), ==, zara);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Mina becomes a consultant and leaves. */
  {
    g_autoptr(StpStaff) edit = stp_store_get_staff (f->store, mina, &error);
    g_assert_no_error (error);
    stp_staff_set_role (edit, STP_STAFF_ROLE_CONSULTANT);
    stp_staff_set_active (edit, FALSE);
    g_assert_true (stp_store_update_staff (f->store, edit, &error));
    g_assert_no_error (error);
  }
  g_clear_object (&got);
  got = stp_store_get_staff (f->store, mina, &error);
  g_assert_no_error (error);
  g_assert_cmpint (stp_staff_get_role (got), ==, STP_STAFF_ROLE_CONSULTANT);
  g_assert_false (stp_staff_get_active (got));

  list = stp_store_list_staff (f->store, FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 0)), ==, adam);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 1)), ==, zara);
  g_clear_pointer (&list, g_ptr_array_unref);

  list = stp_store_list_staff (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 3);
  g_assert_cmpint (stp_staff_get_id (g_ptr_array_index (list, 1)), ==, mina);
  g_assert_false (stp_staff_get_active (g_ptr_array_index (list, 1)));
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Rename persists across reopen. */
  {
    g_autoptr(StpStaff) edit = stp_store_get_staff (f->store, adam, &error);
    g_assert_no_error (error);
    stp_staff_set_name (edit, "Adam Ames-Brown");
    g_assert_true (stp_store_update_staff (f->store, edit, &error));
    g_assert_no_error (error);
  }
  close_store (f);
  f->store = test_open_store (f->data_dir);
  g_clear_object (&got);
  got = stp_store_get_staff (f->store, adam, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (stp_staff_get_name (got), ==, "Adam Ames-Brown");

  g_clear_object (&got);
  got = stp_store_get_staff (f->store, 987654, &error);
  g_assert_error (error, STP_STORE_ERROR, STP_STORE_ERROR_NOT_FOUND);
  g_assert_null (got);
}

static void
test_staff_validation (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GString) name = g_string_new (NULL);
  StpStaff *staff;

  staff = stp_staff_new ("", STP_STAFF_ROLE_ADMIN);
  g_assert_false (stp_staff_validate (staff, &error));
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_NAME_REQUIRED);
  g_clear_error (&error);
  stp_staff_set_name (staff, "  \t ");
  g_assert_false (stp_staff_validate (staff, &error));
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_NAME_REQUIRED);
  g_clear_error (&error);

  /* 100 characters (200 bytes) is the limit, 101 is over it. */
  for (guint i = 0; i < STP_STAFF_NAME_MAX; i++)
    g_string_append (name, "é");
  stp_staff_set_name (staff, name->str);
  g_assert_true (stp_staff_validate (staff, &error));
  g_assert_no_error (error);
  g_string_append (name, "x");
  stp_staff_set_name (staff, name->str);
  g_assert_false (stp_staff_validate (staff, &error));
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_TOO_LONG);
  g_clear_error (&error);

  stp_staff_set_name (staff, "Tab\x01Name");
  g_assert_false (stp_staff_validate (staff, &error));
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_INVALID_TEXT);
  g_clear_error (&error);

  stp_staff_set_name (staff, "Valid Name");
  g_assert_true (stp_staff_validate (staff, &error));
  g_assert_no_error (error);
  g_object_unref (staff);

  /* The store refuses invalid staff and stores nothing. */
  f->store = test_open_store (f->data_dir);
  staff = stp_staff_new (" ", STP_STAFF_ROLE_ADMIN);
  g_assert_cmpint (stp_store_create_staff (f->store, staff, &error), <=, 0);
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_NAME_REQUIRED);
  g_clear_error (&error);
  g_object_unref (staff);

  staff = stp_staff_new (name->str, STP_STAFF_ROLE_ADMIN);
  g_assert_cmpint (stp_store_create_staff (f->store, staff, &error), <=, 0);
  g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_TOO_LONG);
  g_clear_error (&error);
  g_object_unref (staff);

  list = stp_store_list_staff (f->store, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* An update to an invalid name is refused and the stored name stays. */
  {
    gint64 id = add_staff (f->store, "Kept Name", STP_STAFF_ROLE_ADMIN);
    g_autoptr(StpStaff) edit = stp_store_get_staff (f->store, id, &error);
    g_autoptr(StpStaff) again = NULL;
    g_assert_no_error (error);
    stp_staff_set_name (edit, "");
    g_assert_false (stp_store_update_staff (f->store, edit, &error));
    g_assert_error (error, STP_STAFF_ERROR, STP_STAFF_ERROR_NAME_REQUIRED);
    g_clear_error (&error);
    again = stp_store_get_staff (f->store, id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (stp_staff_get_name (again), ==, "Kept Name");
  }
}

static void
test_staff_roles (void)
{
  static const struct { StpStaffRole role; const char *text; } roles[] = {
    { STP_STAFF_ROLE_CONSULTANT, "consultant" },
    { STP_STAFF_ROLE_PRACTITIONER, "practitioner" },
    { STP_STAFF_ROLE_RECEPTIONIST, "receptionist" },
    { STP_STAFF_ROLE_ADMIN, "admin" },
  };
  StpStaffRole role;

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      const char *label = stp_staff_role_get_label (roles[i].role);
      g_assert_cmpstr (stp_staff_role_to_string (roles[i].role), ==, roles[i].text);
      role = (StpStaffRole) -1;
      g_assert_true (stp_staff_role_from_string (roles[i].text, &role));
      g_assert_cmpint (role, ==, roles[i].role);
      g_assert_nonnull (label);
      g_assert_cmpuint (strlen (label), >, 0);
    }
  g_assert_false (stp_staff_role_from_string ("surgeon", &role));
  g_assert_false (stp_staff_role_from_string ("", &role));
}

/* ------------------------------------------------------------------------------------ */
/* Settings */

static void
test_settings (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *v1 = NULL;
  g_autofree char *v2 = NULL;
  g_autofree char *v3 = NULL;

  f->store = test_open_store (f->data_dir);
  v1 = stp_store_get_setting (f->store, "clinic-address");
  g_assert_null (v1);
  g_assert_true (stp_store_set_setting (f->store, "clinic-address",
                                        "12 Rue de l'Été\n75001 Paris", &error));
  g_assert_no_error (error);
  g_assert_true (stp_store_set_setting (f->store, "clinic-name", "First", &error));
  g_assert_true (stp_store_set_setting (f->store, "clinic-name", "Second", &error));
  g_assert_no_error (error);
  close_store (f);

  f->store = test_open_store (f->data_dir);
  v2 = stp_store_get_setting (f->store, "clinic-address");
  g_assert_cmpstr (v2, ==, "12 Rue de l'Été\n75001 Paris");
  v3 = stp_store_get_setting (f->store, "clinic-name");
  g_assert_cmpstr (v3, ==, "Second");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/store/open/creates-folder-and-file", test_open_creates);
  ADD ("/store/open/existing-empty-folder", test_open_existing_empty_folder);
  ADD ("/store/open/pragmas", test_open_pragmas);
  ADD ("/store/open/reopen", test_open_reopen);
  ADD ("/store/open/newer-version", test_open_newer_version);
  ADD ("/store/open/not-sqlite", test_open_not_sqlite);
  ADD ("/store/open/not-sqlite-binary", test_open_not_sqlite_binary);
  ADD ("/store/open/foreign-sqlite", test_open_foreign_sqlite);
  ADD ("/store/open/foreign-application-id", test_open_foreign_application_id);
  ADD ("/store/open/corrupt", test_open_corrupt);
  ADD ("/store/open/corrupt-index-leaf", test_open_corrupt_leaf);
  g_test_add ("/store/open/unchecked/corrupt-table-check-first", Fixture,
              GINT_TO_POINTER (DAMAGE_TABLE), fixture_setup, test_unchecked_corrupt,
              fixture_teardown);
  g_test_add ("/store/open/unchecked/corrupt-index-write-first", Fixture,
              GINT_TO_POINTER (DAMAGE_INDEX), fixture_setup, test_unchecked_corrupt,
              fixture_teardown);
  ADD ("/store/open/unchecked/corrupt-needing-migration",
       test_unchecked_corrupt_needing_migration);
  ADD ("/store/open/unchecked/healthy", test_unchecked_healthy);
  ADD ("/store/open/unchecked/close-keeps-wal", test_unchecked_close_keeps_wal);
  ADD ("/store/open/newer-version-in-wal", test_open_newer_version_in_wal);
  ADD ("/store/open/data-dir-is-file", test_open_data_dir_is_file);
  ADD ("/store/open/unwritable-parent", test_open_unwritable_parent);
  ADD ("/store/busy", test_busy);
  ADD ("/store/default-data-dir", test_default_data_dir);
  ADD ("/store/integrity/ok", test_integrity_ok);
  ADD ("/store/backup", test_backup);
  ADD ("/store/backup/bad-destination", test_backup_bad_destination);
  ADD ("/store/backup/after-erase", test_backup_after_erase);
  ADD ("/store/audit/client", test_audit_client);
  ADD ("/store/audit/staff", test_audit_staff);
  ADD ("/store/audit/not-on-failure", test_audit_not_on_failure);
  ADD ("/store/audit/append-only", test_audit_append_only);
  ADD ("/store/audit/append-only-replace", test_audit_append_only_replace);
  ADD ("/store/signal/changed", test_signal_changed);
  ADD ("/store/staff/crud", test_staff_crud);
  ADD ("/store/staff/validation", test_staff_validation);
  g_test_add_func ("/store/staff/roles", test_staff_roles);
  ADD ("/store/settings", test_settings);

  return g_test_run ();
}
