/* test-util.h: small helpers shared by the core unit tests.
 *
 * Copyright 2026 The Stipple developers
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>
#include <errno.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <sqlite3.h>

#include "stipple/stipple.h"

/* A fresh temporary folder for one test; the store's data dir lives below it. */
static inline char *
test_make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("stipple-unit-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

static inline void
test_rm_rf (const char *path)
{
  GDir *dir;
  const char *name;

  if (path == NULL)
    return;
  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_remove (path);
      return;
    }
  /* Make sure we can descend even if a test changed the permissions. */
  g_chmod (path, 0700);
  dir = g_dir_open (path, 0, NULL);
  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          test_rm_rf (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

/* Opens a store in data_dir and fails the test on any error. */
static inline StpStore *
test_open_store (const char *data_dir)
{
  g_autoptr(GError) error = NULL;
  StpStore *store = stp_store_open (data_dir, &error);

  g_assert_no_error (error);
  g_assert_true (STP_IS_STORE (store));
  return store;
}

static inline char *
test_db_path (const char *data_dir)
{
  return g_build_filename (data_dir, "stipple.db", NULL);
}

/* Whole content of a file; NULL (and *len 0) when it does not exist. */
static inline char *
test_read_file (const char *path,
                gsize      *len)
{
  char *contents = NULL;
  gsize length = 0;

  if (!g_file_get_contents (path, &contents, &length, NULL))
    {
      if (len)
        *len = 0;
      return NULL;
    }
  if (len)
    *len = length;
  return contents;
}

static inline void
test_write_file (const char *path,
                 const void *data,
                 gsize       len)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
}

/* Case-insensitive (ASCII) byte search in a binary buffer. */
static inline gboolean
test_memcasemem (const char *hay,
                 gsize       hay_len,
                 const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || hay_len < n)
    return FALSE;
  for (gsize i = 0; i + n <= hay_len; i++)
    {
      if (g_ascii_tolower (hay[i]) != g_ascii_tolower (needle[0]))
        continue;
      if (g_ascii_strncasecmp (hay + i, needle, n) == 0)
        {
          /* g_ascii_strncasecmp stops at NUL: compare byte by byte to be exact. */
          gsize k;
          for (k = 0; k < n; k++)
            if (g_ascii_tolower (hay[i + k]) != g_ascii_tolower (needle[k]))
              break;
          if (k == n)
            return TRUE;
        }
    }
  return FALSE;
}

/* Exact byte search (for non-ASCII needles). */
static inline gboolean
test_memmem (const char *hay,
             gsize       hay_len,
             const char *needle)
{
  gsize n = strlen (needle);

  if (n == 0 || hay_len < n)
    return FALSE;
  for (gsize i = 0; i + n <= hay_len; i++)
    if (hay[i] == needle[0] && memcmp (hay + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* A raw SQLite connection on a file, outside the store. */
static inline sqlite3 *
test_raw_open (const char *path,
               int         flags)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, flags, NULL);

  if (rc != SQLITE_OK)
    g_error ("sqlite3_open_v2 (%s): %s", path, db ? sqlite3_errmsg (db) : sqlite3_errstr (rc));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static inline void
test_raw_exec (sqlite3    *db,
               const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &msg);

  if (rc != SQLITE_OK)
    g_error ("exec \"%s\": %s", sql, msg ? msg : sqlite3_errstr (rc));
}

/* Result code of a statement, without failing the test. */
static inline int
test_raw_try_exec (sqlite3    *db,
                   const char *sql)
{
  char *msg = NULL;
  int rc = sqlite3_exec (db, sql, NULL, NULL, &msg);

  sqlite3_free (msg);
  return rc;
}

static inline gint64
test_raw_int (sqlite3    *db,
              const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("prepare \"%s\": %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no row for \"%s\": %s", sql, sqlite3_errmsg (db));
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static inline char *
test_raw_text (sqlite3    *db,
               const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("prepare \"%s\": %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) != SQLITE_ROW)
    g_error ("no row for \"%s\": %s", sql, sqlite3_errmsg (db));
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static inline StpClient *
test_client_new (const char *given,
                 const char *family)
{
  StpClient *client = stp_client_new ();

  stp_client_set_given_name (client, given);
  stp_client_set_family_name (client, family);
  return client;
}

static inline gint64
test_add_client (StpStore   *store,
                 const char *given,
                 const char *family,
                 const char *phone,
                 const char *email,
                 const char *notes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(StpClient) client = test_client_new (given, family);
  gint64 id;

  if (phone)
    stp_client_set_phone (client, phone);
  if (email)
    stp_client_set_email (client, email);
  if (notes)
    stp_client_set_notes (client, notes);
  id = stp_store_create_client (store, client, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  return id;
}

static inline gboolean
test_ids_contain (GArray *ids,
                  gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return TRUE;
  return FALSE;
}

static inline guint
test_ids_index (GArray *ids,
                gint64  id)
{
  for (guint i = 0; i < ids->len; i++)
    if (g_array_index (ids, gint64, i) == id)
      return i;
  return G_MAXUINT;
}

static inline gint64
test_now (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

/* Runs pending idle work so deferred model updates land before we look. */
static inline void
test_drain_main_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
